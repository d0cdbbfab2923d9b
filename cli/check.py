"""The `check` command: a student's answers against their example, the first wrong step and the mistake named."""

import sys
from pathlib import Path

import click

__all__ = ["check"]


def _print_table(report) -> None:
    """The report in the terminal: a coloured table of every item, the summary, what right means."""
    from rich.console import Console
    from rich.table import Table

    from render.course.check_report import report_rows, report_summary, tolerance_words

    console = Console(file=sys.stdout, soft_wrap=True)
    table = Table(title="Answer check", title_justify="left")
    for column in ("item", "yours", "right value", ""):
        table.add_column(column, overflow="fold")
    for label, given, right, verdict, _ in report_rows(report):
        mark = {"right": "[green]✓ right[/]", "wrong": "[red]✗ wrong[/]"}.get(verdict, "[yellow]✗ carried[/]")
        table.add_row(label, given, right, mark)
    console.print(table)
    console.print(report_summary(report), style="green" if report.all_right else "red", highlight=False)
    console.print(tolerance_words(report), style="dim", highlight=False)


@click.command("check")
@click.option("--example", "example_path", required=True, type=click.Path(path_type=Path), help="The student's example.json.")
@click.option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
              help="JSON with any of z, h, s, y_hat, L, dL_ds, delta and gradient names such as w00, a21.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "gradescope"]), default="text", show_default=True,
              help="text: a table in the terminal; markdown or json to keep or grade; gradescope: results.json for one student.")
def check(example_path: Path, answers_path: Path, fmt: str) -> None:
    """Say item by item what is right; exit 0 when all is right, 1 when anything is wrong, 2 for a bad file."""
    from model.checker import check_files
    from render.course.check_report import report_json, report_markdown

    if fmt == "gradescope":
        _gradescope(example_path, answers_path)
        return
    report = check_files(example_path, answers_path)
    if fmt == "json":
        click.echo(report_json(report), nl=False)
    elif fmt == "markdown":
        click.echo(report_markdown(report), nl=False)
    else:
        _print_table(report)
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
