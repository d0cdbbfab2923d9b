"""Course files: a class folder per student, question texts, checker reports."""

__all__: list[str] = []
