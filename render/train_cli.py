"""The `train` command: train on a dataset, write the training GIF, the figure and the snapshots."""

import sys
from dataclasses import replace
from pathlib import Path

import click
import torch

from model import ACTIVATIONS, DATASETS, Callback, TrainConfig, TrainingDiverged, dataset_title, load_dataset, make_mlp, parse_hidden, set_seed, train as fit
from render.atomic import check_output_path
from render.cli import positive_float, positive_int
from render.figure import FIGURE_EXTENSIONS, save_decision_figure
from render.gif import GifWriter
from render.snapshots import SnapshotRun, save_snapshots

__all__ = ["train"]


def _progress(quiet: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=Console(stderr=True), disable=quiet)


class _EpochTick(Callback):
    """Report each finished epoch to a progress bar."""

    def __init__(self, report) -> None:
        self.report = report

    def on_epoch_end(self, model, data, metrics):
        self.report(metrics.epoch)


def _test_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 < value < 1.0:
        raise ValueError(f"test fraction must lie strictly between 0 and 1. Got {text!r} instead.")
    return value


@click.command("train")
@click.option("--dataset", default="circles", show_default=True, help=f"One of: {', '.join(DATASETS)}.")
@click.option("--csv", "csv_path", default=None, help="CSV file with columns x1,x2,label (implies --dataset csv).")
@click.option("--classes", default="2", show_default=True, help="Classes of blobs (2-5) or spiral arms (2-3); a CSV's come from its labels.")
@click.option("--seed", default="0", show_default=True, help="Seeds the data, the split and the weights.")
@click.option("--epochs", default="150", show_default=True, help="Full-batch epochs; one GIF frame each.")
@click.option("--hidden", default="16,16", show_default=True, help="Hidden layer widths, comma-separated.")
@click.option("--activation", default="tanh", show_default=True, help=f"One of: {', '.join(ACTIVATIONS)}.")
@click.option("--lr", default="0.03", show_default=True, help="Adam learning rate.")
@click.option("--test-fraction", default="0.3", show_default=True, help="Share of points held out for testing.")
@click.option("--batch-size", default="auto", show_default=True, help="Mini-batch size; auto: full batch up to 10,000 training points.")
@click.option("--every", default="1", show_default=True, help="Draw a GIF frame every k-th epoch.")
@click.option("--size", default="480", show_default=True, help="GIF frame side in pixels.")
@click.option("--gif", "gif_path", default="out/training.gif", show_default=True, help="Training GIF to write.")
@click.option("--figure", "figure_path", default="out/decision_surface.png", show_default=True, help="Figure to write (.png, .svg or .pdf).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True, help="Snapshots for the Manim replay.")
@click.option("--neurons", is_flag=True, help="Add a tile per hidden unit showing its activation, and the weights.")
@click.option("--landscape", is_flag=True, help="Add the loss landscape around the final weights with the path taken.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def train(dataset, csv_path, classes, seed, epochs, hidden, activation, lr, test_fraction, batch_size, every, size, gif_path, figure_path, snapshots_path, neurons, landscape, quiet):
    """Train a fully-connected classifier and write the GIF, the figure and the snapshots."""
    from render.figure_classes import save_class_figure
    from render.playground_run import AUTO_BATCH, AUTO_BATCH_ABOVE, check_views, make_recorder, make_renderer, recorded_epochs, run_landscape, write_replay_gif

    seed_value = int(seed) if str(seed).strip().lstrip("-").isdigit() else None
    if seed_value is None or seed_value < 0:
        raise ValueError(f"seed must be a non-negative integer. Got {seed!r} instead.")
    config = TrainConfig(epochs=positive_int("epochs", epochs), lr=positive_float("learning rate", lr), seed=seed_value, keep_history=False)
    widths = parse_hidden(hidden)
    if csv_path is not None and click.get_current_context().get_parameter_source("dataset").name == "DEFAULT":
        dataset = "csv"  # --csv alone means the CSV; with another --dataset it is an error (load_dataset says so)
    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    set_seed(seed_value)
    model = make_mlp(widths, activation)  # seeded; also validates widths and activation before anything is written
    every_k, side = positive_int("every", every), positive_int("size", size)
    check_views(widths, neurons, landscape, config.epochs, every_k)
    batch = None if batch_size == "auto" else positive_int("batch size", batch_size)
    gif = check_output_path(gif_path, (".gif",), "GIF")
    figure = check_output_path(figure_path, FIGURE_EXTENSIONS, "figure")
    snaps = check_output_path(snapshots_path, (".npz",), "snapshots")
    data = load_dataset(dataset, test_fraction=_test_fraction(test_fraction), seed=seed_value, csv_path=csv_path, classes=positive_int("classes", classes))
    if data.classes > 2:  # k logits: rebuild from the same seed
        set_seed(seed_value)
        model = make_mlp(widths, activation, classes=data.classes)
    if batch is None and len(data.x_train) > AUTO_BATCH_ABOVE:
        batch = AUTO_BATCH
    config = replace(config, batch_size=batch)

    recorder = make_recorder(every_k, neurons, landscape)
    with _progress(quiet) as bars:
        epochs_bar = bars.add_task("training", total=config.epochs)
        frames_bar = bars.add_task("frames", total=recorded_epochs(config.epochs, every_k))
        on_frame = lambda n: bars.update(frames_bar, completed=n)  # noqa: E731
        make = make_renderer(data.classes, widths, activation, neurons)
        writer = GifWriter(gif, every=every_k, size=side, on_frame=on_frame, recorder=recorder, make_renderer=make)
        tick = _EpochTick(lambda epoch: bars.update(epochs_bar, completed=epoch))
        try:
            history = fit(model, data, config, [recorder if landscape else writer, tick])
        except TrainingDiverged as err:
            kept = f"The {writer.frame_count} frames before it are in {gif}." if writer.frame_count else "No frame was written."
            click.echo(f"error: {err} {kept}", err=True)
            sys.exit(1)
        surface = None
        if landscape:  # the plane comes from the whole path, so its frames are drawn after training
            surface = run_landscape(model, data, recorder)
            renderer = make_renderer(data.classes, widths, activation, neurons, surface)(recorder.grid, recorder.view, config.epochs, side)
            write_replay_gif(gif, renderer, recorder.snapshots, on_frame=on_frame)
    last = history[-1]
    description = f"{dataset}, hidden {'-'.join(map(str, widths))} {activation}, Adam lr {config.lr:g}"
    title = dataset_title(dataset, len(data.x), data.classes, Path(csv_path).name if csv_path else "CSV")
    if len(recorder.view.x) < len(data.x):
        title += f", {len(recorder.view.x):,} drawn at random"
    draw_figure = save_decision_figure if data.classes == 2 else save_class_figure
    drawn = recorder.snapshots[-1].metrics  # predictions of the drawn points: all of them, or a bounded sample
    draw_figure(figure, model, recorder.view, last.test_acc, (drawn.train_pred, drawn.test_pred), title)
    run = SnapshotRun(recorder.grid, recorder.view, recorder.snapshots, config.epochs, description, widths, activation, title, recorder.start_params, surface)
    save_snapshots(snaps, run)
    click.echo(f"epoch {last.epoch}: train accuracy {last.train_acc:.1%}, test accuracy {last.test_acc:.1%}")
    for path in (gif, figure, snaps):
        click.echo(f"wrote {path}")
