"""Finishing sectioned videos with ffmpeg: audio, chapters, subtitles."""

__all__: list[str] = []
