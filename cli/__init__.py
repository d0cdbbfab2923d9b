"""The command line: parses options, calls model/ and render/, prints one line per outcome."""

__all__: list[str] = []
