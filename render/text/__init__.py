"""The written derivation and the general gradient formulas it shares with the scenes."""

__all__: list[str] = []
