"""The deck: beat clips as reveal.js slides and as a PowerPoint file, with speaker notes."""

__all__: list[str] = []
