"""Arrays in, files out: training GIF, homework figure, derivation document."""

__all__: list[str] = []
