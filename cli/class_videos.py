"""The whole class on video: one backprop render per student, through the job runner (processes or a Dask cluster)."""

import sys
from collections.abc import Sequence

from cli.backprop_video import VIDEO_NAME
from cli.jobs import Job, JobResult, run_jobs
from render.files.project import ROOT
from render.speech.voice import VOICE_ENV_VAR
from scenes.names import TARGETS_ENV_VAR

__all__ = ["class_video_jobs", "render_class_videos", "video_targets"]


def video_targets(targets: Sequence[str]) -> str:
    """The kernel and input targets the video derives, as 'w00,a21': the first of each kind asked for."""
    kernel = next((t for t in targets if t.startswith("w")), None)
    inp = next((t for t in targets if t.startswith("a")), None)
    if kernel is None or inp is None:
        raise ValueError(f"--video needs a kernel target (w..) and an input target (a..). Got {', '.join(targets)} instead.")
    return f"{kernel},{inp}"


def class_video_jobs(students, targets: str, quality: str, voice: str) -> list[Job]:
    """One job per student, rendering into the student's key folder (the video says the answers); a student whose video exists is skipped."""
    return [
        Job(student.name, (sys.executable, "-m", "cli.backprop_video", str(student.key.resolve()), quality), str(ROOT),
            {"BACKPROP_EXAMPLE": str(student.example.resolve()), TARGETS_ENV_VAR: targets, VOICE_ENV_VAR: voice},
            (str(student.key.resolve() / VIDEO_NAME),))
        for student in students
    ]


def render_class_videos(students, targets: str, quality: str, voice: str, workers: int, cluster: str | None) -> list[JobResult]:
    """Render every student's video, resuming: the finished ones are kept, a failure names its student."""
    return run_jobs(class_video_jobs(students, targets, quality, voice), workers=workers, cluster=cluster, progress=True)
