"""One self-contained HTML page: a recorded run to scrub and read, and the tiny CNN live in the browser."""

__all__: list[str] = []
