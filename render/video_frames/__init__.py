"""The dark video's pictures as NumPy arrays: decision surfaces, neuron tiles and the loss landscape."""

__all__: list[str] = []
