"""Offline speech and the words a voice reads aloud."""

__all__: list[str] = []
