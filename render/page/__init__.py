"""One self-contained HTML page to scrub a recorded run."""

__all__: list[str] = []
