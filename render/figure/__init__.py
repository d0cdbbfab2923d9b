"""The homework figure: points over the regions each class is assigned."""

__all__: list[str] = []
