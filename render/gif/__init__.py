"""Decision-surface frames drawn with NumPy and encoded into a GIF as they come."""

__all__: list[str] = []
