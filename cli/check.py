"""The `check` command: a student's answers against their example, the first wrong step and the mistake named."""

import sys
from pathlib import Path

import click

__all__ = ["check"]


@click.command("check")
@click.option("--example", "example_path", required=True, type=click.Path(path_type=Path), help="The student's example.json.")
@click.option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
              help="JSON with any of z, h, s, y_hat, L, dL_ds, delta and gradient names such as w00, a21.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "gradescope"]), default="text", show_default=True,
              help="text: a table in the terminal; markdown or json to keep or grade; gradescope: results.json for one student.")
def check(example_path: Path, answers_path: Path, fmt: str) -> None:
    """Say item by item what is right; exit 0 when all is right, 1 when anything is wrong, 2 for a bad file."""
    from model.checker import check_files
    from render.course.check_report import report_json, report_markdown, report_rich

    if fmt == "gradescope":
        _gradescope(example_path, answers_path)
        return
    report = check_files(example_path, answers_path)
    if fmt == "json":
        click.echo(report_json(report), nl=False)
    elif fmt == "markdown":
        click.echo(report_markdown(report), nl=False)
    else:
        from rich.console import Console

        report_rich(report, Console(file=sys.stdout, soft_wrap=True))
    if not report.all_right:
        sys.exit(1)  # 2 is taken by bad input


def _gradescope(example_path: Path, answers_path: Path) -> None:
    """Print results.json as the Gradescope autograder writes it; exit 1 below full marks."""
    from model.answers import read_answers
    from model.conv import load_example
    from render.course.gradescope import check_results
    from render.course.graders.grading import results_json

    ex = load_example(example_path)
    results = check_results(ex, read_answers(answers_path, ex), example_path.resolve().parent.name)
    click.echo(results_json(results), nl=False)
    if results["score"] < sum(test["max_score"] for test in results["tests"]):
        sys.exit(1)
