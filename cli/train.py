"""The `train` command: train on a dataset, write the training GIF, the figure and the snapshots together."""

import click

from cli.limits import MAX_EPOCHS, MAX_SIZE, check_training_fits
from cli.options import LazyHelpOption, positive_float, positive_int, say

__all__ = ["train"]

def _dataset_help() -> str:
    from model.data import DATASETS

    return f"One of: {', '.join(DATASETS)}."


def _activation_help() -> str:
    from model.network import ACTIVATIONS

    return f"One of: {', '.join(ACTIVATIONS)}."


def _progress(quiet: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=Console(stderr=True), disable=quiet)


def _tick(report):
    """A callback reporting each finished epoch to a progress bar."""
    from model.callbacks import Callback

    class _EpochTick(Callback):
        def on_epoch_end(self, model, data, metrics):
            report(metrics.epoch)

    return _EpochTick()


def _test_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 < value < 1.0:
        raise ValueError(f"test fraction must lie strictly between 0 and 1. Got {text!r} instead.")
    return value


def _epochs(text: str) -> int:
    try:
        huge = float(str(text).strip()) > MAX_EPOCHS
    except ValueError:
        huge = False
    value = MAX_EPOCHS + 1 if huge else positive_int("epochs", text)
    if value > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS} (each one is kept in memory). Got {text!r} instead.")
    return value


def _seed(text: str) -> int:
    value = int(text) if str(text).strip().lstrip("-").isdigit() else None
    if value is None or value < 0:
        raise ValueError(f"seed must be a non-negative integer. Got {text!r} instead.")
    return value


def _diverged_path(gif):
    return gif.with_name(f"{gif.stem}.diverged{gif.suffix}")


@click.command("train")
@click.option("--dataset", cls=LazyHelpOption, help_text=_dataset_help, default="circles", show_default=True)
@click.option("--csv", "csv_path", default=None, help="CSV file with columns x1,x2,label (with --dataset csv).")
@click.option("--seed", default="0", show_default=True, help="Seeds the data, the split and the weights.")
@click.option("--epochs", default="150", show_default=True, help=f"Full-batch epochs, at most {MAX_EPOCHS}.")
@click.option("--hidden", default="16,16", show_default=True, help="Hidden layer widths, comma-separated.")
@click.option("--activation", cls=LazyHelpOption, help_text=_activation_help, default="tanh", show_default=True)
@click.option("--lr", default="0.03", show_default=True, help="Adam learning rate.")
@click.option("--test-fraction", default="0.3", show_default=True, help="Share of points held out for testing.")
@click.option("--every", default="1", show_default=True, help="Draw a GIF frame every k-th epoch (and the last).")
@click.option("--snapshot-every", default="1", show_default=True,
              help="Record a snapshot every k-th epoch (and the last); independent of --every.")
@click.option("--size", default="480", show_default=True, help="GIF frame side in pixels (at least 120).")
@click.option("--gif", "gif_path", default="out/training.gif", show_default=True,
              help="Training GIF to write; a diverged run writes NAME.diverged.gif instead.")
@click.option("--figure", "figure_path", default="out/decision_surface.png", show_default=True, help="Figure to write (.png, .svg or .pdf).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True, help="Snapshots for the Manim replay.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def train(dataset, csv_path, seed, epochs, hidden, activation, lr, test_fraction, every, snapshot_every, size,
          gif_path, figure_path, snapshots_path, quiet):
    """Train a fully-connected classifier; write the GIF, the figure and the snapshots (all three, or none)."""
    from render.atomic import check_output_path
    from render.figure import FIGURE_EXTENSIONS, FIGURE_RESOLUTION

    seed_value = _seed(seed)
    lr_value, n_epochs = positive_float("learning rate", lr), _epochs(epochs)
    every_k, snap_k, side = positive_int("every", every), positive_int("snapshot-every", snapshot_every), positive_int("size", size)
    fraction = _test_fraction(test_fraction)
    gif = check_output_path(gif_path, (".gif",), "GIF")
    figure = check_output_path(figure_path, FIGURE_EXTENSIONS, "figure")
    snaps = check_output_path(snapshots_path, (".npz",), "snapshots")

    import torch

    from model.data import load_dataset
    from model.network import parse_hidden
    from model.surface import RESOLUTION

    widths = parse_hidden(hidden)
    frames, kept = -(-n_epochs // every_k) + 1, -(-n_epochs // snap_k) + 1

    def fits(points: int) -> None:
        grids = max(points, FIGURE_RESOLUTION**2, RESOLUTION**2)  # the figure's grid is the widest batch
        check_training_fits(widths, grids, n_epochs, frames, side, kept, RESOLUTION**2)
        if side > MAX_SIZE:
            raise ValueError(f"size must be at most {MAX_SIZE} pixels (the GIF format's limit). Got {size!r} instead.")

    fits(0)
    from model.network import make_mlp
    from model.train import TrainConfig, set_seed

    config = TrainConfig(epochs=n_epochs, lr=lr_value, seed=seed_value)
    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    set_seed(seed_value)
    model = make_mlp(widths, activation)  # seeded; also validates widths and activation before anything is written
    data = load_dataset(dataset, test_fraction=fraction, seed=seed_value, csv_path=csv_path)
    fits(len(data.x))
    _run(model, data, config, dataset, widths, activation, (every_k, snap_k, side), (gif, figure, snaps), quiet)


def _run(model, data, config, dataset, widths, activation, rates, paths, quiet) -> None:
    """Train with the GIF writer and recorders attached; replace the three outputs together at the end."""
    from model.callbacks import History, SurfaceRecorder
    from model.surface import Grid
    from model.train import TrainingDiverged, train as fit
    from render.figure import CIRCLES_TITLE, DecisionFigure
    from render.frames import FrameRenderer
    from render.gif import GifWriter
    from render.outputs import OutputSet
    from render.snapshots import SnapshotRun, save_snapshots

    every_k, snap_k, side = rates
    gif, figure, snaps = paths
    FrameRenderer(Grid.around(data.x), data, config.epochs, side)  # a bad --size fails here, before training
    history = History()
    with OutputSet() as outputs, _progress(quiet) as bars:
        epochs_bar = bars.add_task("training", total=config.epochs)
        frames_bar = bars.add_task("frames", total=-(-config.epochs // every_k))
        writer = GifWriter(outputs.stage(gif), every=every_k, size=side, on_frame=lambda n: bars.update(frames_bar, completed=n))
        recorder = writer.recorder if snap_k == every_k else SurfaceRecorder(every=snap_k)
        callbacks = [history, writer, _tick(lambda epoch: bars.update(epochs_bar, completed=epoch))]
        callbacks += [] if recorder is writer.recorder else [recorder]
        try:
            fit(model, data, config, callbacks)
        except TrainingDiverged as err:
            bars.stop()
            kept = "No frame was written"
            if writer.frames:
                (path,) = outputs.commit(rename={gif: _diverged_path(gif)}, only=(gif,))
                n = len(writer.frames)
                kept = f"The {n} frame{'s' * (n != 1)} before it {'are' if n != 1 else 'is'} in {path}"
            say(f"error: {err} {kept}; the earlier outputs are unchanged.", err=True)
            raise SystemExit(1) from None
        last = history.metrics[-1]
        description = f"{dataset}, hidden {'-'.join(map(str, widths))} {activation}, Adam lr {config.lr:g}"
        DecisionFigure.from_model(model, data, last.test_acc, (last.train_pred, last.test_pred),
                                  CIRCLES_TITLE if dataset == "circles" else f"{dataset} dataset").save(outputs.stage(figure))
        run = SnapshotRun(recorder.grid, data, recorder.snapshots, config.epochs, description, widths, activation)
        save_snapshots(outputs.stage(snaps), run)
        written = outputs.commit()
    say(f"epoch {last.epoch}: train accuracy {last.train_acc:.1%}, test accuracy {last.test_acc:.1%}")
    for path in written:
        say(f"wrote {path}")
