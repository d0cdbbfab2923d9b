"""Files written all or nothing: atomic writes, a run's outputs, the snapshots file."""

__all__: list[str] = []
