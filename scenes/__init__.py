"""Manim scenes and the mobjects they share; the only package that imports manim."""

__all__: list[str] = []
