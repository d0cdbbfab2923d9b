"""Course files: hand-outs and keys per student, printable sheets, checker reports, Gradescope and PrairieLearn graders."""

__all__: list[str] = []
