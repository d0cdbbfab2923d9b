"""The `train` command: train on a dataset, write the training GIF, the figure and the snapshots together."""

import click

from cli.limits import MAX_EPOCHS, MAX_SIZE, check_training_fits
from cli.options import LazyHelpOption, integer_option, positive_float, say

LANDSCAPE_PLANES = ("pca", "random")  # model.landscape.DIRECTIONS, spelled here so --help loads no torch

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
    value = MAX_EPOCHS + 1 if huge else integer_option("epochs", text)
    if value > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS}. Got {text!r} instead.")
    return value


def _plain(title: str) -> str:
    """A title matplotlib shows as typed: a '$' in a CSV's name would start its maths mode."""
    return title.replace("$", r"\$")


def _diverged_path(gif):
    return gif.with_name(f"{gif.stem}.diverged{gif.suffix}")


@click.command("train")
@click.option("--dataset", cls=LazyHelpOption, help_text=_dataset_help, default="circles", show_default=True)
@click.option("--csv", "csv_path", default=None, help="CSV file with columns x1,x2,label (implies --dataset csv).")
@click.option("--classes", default="2", show_default=True, help="Classes of blobs (2-5) or spiral arms (2-3); a CSV's come from its labels.")
@click.option("--seed", default="0", show_default=True, help="Seeds the data, the split and the weights.")
@click.option("--epochs", default="150", show_default=True, help=f"Full-batch epochs, at most {MAX_EPOCHS}.")
@click.option("--hidden", default="16,16", show_default=True, help="Hidden layer widths, comma-separated.")
@click.option("--activation", cls=LazyHelpOption, help_text=_activation_help, default="tanh", show_default=True)
@click.option("--lr", default="0.03", show_default=True, help="Adam learning rate.")
@click.option("--test-fraction", default="0.3", show_default=True, help="Share of points held out for testing.")
@click.option("--batch-size", default="auto", show_default=True, help="Mini-batch size; auto: full batch up to 10,000 training points.")
@click.option("--every", default="1", show_default=True, help="Draw a GIF frame every k-th epoch (and the last).")
@click.option("--snapshot-every", default="1", show_default=True,
              help="Record a snapshot every k-th epoch (and the last); independent of --every.")
@click.option("--size", default="480", show_default=True, help="GIF frame side in pixels (at least 120).")
@click.option("--gif", "gif_path", default="out/training.gif", show_default=True,
              help="Training GIF to write; a diverged run writes NAME.diverged.gif instead.")
@click.option("--figure", "figure_path", default="out/decision_surface.png", show_default=True, help="Figure to write (.png, .svg or .pdf).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True, help="Snapshots for the Manim replay.")
@click.option("--neurons", is_flag=True, help="Add a tile per hidden unit showing its activation, and the weights.")
@click.option("--landscape", is_flag=True, help="Add the loss landscape around the final weights with the path taken.")
@click.option("--directions", type=click.Choice(LANDSCAPE_PLANES), default="pca", show_default=True,
              help="The landscape's plane: the path's principal directions, or filter-normalised random ones (implies --landscape).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def train(dataset, csv_path, classes, seed, epochs, hidden, activation, lr, test_fraction, batch_size, every, snapshot_every,
          size, gif_path, figure_path, snapshots_path, neurons, landscape, directions, quiet):
    """Train a fully-connected classifier; write the GIF, the figure and the snapshots (all three, or none)."""
    from render.files.atomic import check_output_path
    from render.figure.decision import FIGURE_EXTENSIONS, FIGURE_RESOLUTION

    seed_value = integer_option("seed", seed, 0, 2**32 - 1)  # numpy's and torch's seeds are 32-bit
    lr_value, n_epochs = positive_float("learning rate", lr), _epochs(epochs)
    every_k, snap_k, side = integer_option("every", every), integer_option("snapshot-every", snapshot_every), integer_option("size", size)
    fraction = _test_fraction(test_fraction)
    n_classes = integer_option("classes", classes)
    batch = None if batch_size == "auto" else integer_option("batch size", batch_size)
    given = click.get_current_context().get_parameter_source
    landscape = landscape or given("directions").name != "DEFAULT"  # choosing a plane asks for the landscape
    if csv_path is not None and given("dataset").name == "DEFAULT":
        dataset = "csv"  # --csv alone means the CSV; with another --dataset it is an error (load_dataset says so)
    gif = check_output_path(gif_path, (".gif",), "GIF")
    figure = check_output_path(figure_path, FIGURE_EXTENSIONS, "figure")
    snaps = check_output_path(snapshots_path, (".npz",), "snapshots")

    import torch

    from model.data import load_dataset
    from model.network import parse_hidden
    from model.surface import RESOLUTION

    from render.gif.train_views import check_views

    widths = parse_hidden(hidden)
    check_views(widths, neurons, landscape, n_epochs, every_k)
    kept = -(-n_epochs // snap_k) + 1  # snapshots recorded, at most

    def fits(points: int) -> None:
        grids = max(points, FIGURE_RESOLUTION**2, RESOLUTION**2)  # the figure's grid is the widest batch
        check_training_fits(widths, grids, n_epochs, side, kept)
        if side > MAX_SIZE:
            raise ValueError(f"size must be at most {MAX_SIZE} pixels (the GIF format's limit). Got {size!r} instead.")

    fits(0)
    from model.network import make_mlp
    from model.training import TrainConfig, set_seed
    from model.recording import auto_batch_size

    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    set_seed(seed_value)
    model = make_mlp(widths, activation)  # seeded; also validates widths and activation before anything is written
    data = load_dataset(dataset, test_fraction=fraction, seed=seed_value, csv_path=csv_path, classes=n_classes)
    if data.classes > 2:  # k logits: rebuild from the same seed
        set_seed(seed_value)
        model = make_mlp(widths, activation, classes=data.classes)
    batch = auto_batch_size(len(data.x_train), batch)
    config = TrainConfig(epochs=n_epochs, lr=lr_value, seed=seed_value, batch_size=batch, keep_history=False)
    fits(len(data.x))
    views = (neurons, landscape, directions)
    _run(model, data, config, csv_path, widths, activation, (every_k, snap_k, side), (gif, figure, snaps), views, quiet)


def _run(model, data, config, csv_path, widths, activation, rates, paths, views, quiet) -> None:
    """Train with the GIF writer and recorders attached; replace the three outputs together at the end."""
    from contextlib import ExitStack
    from pathlib import Path

    from model.data import dataset_title
    from model.training import TrainingDiverged, train as fit
    from render.figure.decision import DecisionFigure
    from render.gif.callback import GifWriter
    from render.files.outputs import OutputSet
    from model.recording import make_recorder, path_landscape, recorded_epochs
    from render.gif.train_views import make_renderer, write_replay_gif
    from render.files.snapshot_stream import SnapshotWriter
    from render.files.snapshots import SnapshotRun

    every_k, snap_k, side = rates
    gif, figure, snaps = paths
    neurons, landscape, directions = views
    make = make_renderer(data.classes, widths, activation, neurons)
    with OutputSet() as outputs, _progress(quiet) as bars, ExitStack() as spools:
        epochs_bar = bars.add_task("training", total=config.epochs)
        frames_bar = bars.add_task("frames", total=recorded_epochs(config.epochs, every_k))
        on_frame = lambda n: bars.update(frames_bar, completed=n)  # noqa: E731
        gif_tmp, figure_tmp = outputs.stage(gif), outputs.stage(figure)  # staged in the order they are reported
        saved = spools.enter_context(SnapshotWriter(outputs.stage(snaps)))  # each snapshot goes to disk as it is taken
        kept = make_recorder(snap_k, neurons, landscape, on_snapshot=saved.add)
        replayed = saved  # the snapshots a landscape GIF is drawn from, after training
        recorder = kept
        if snap_k != every_k:
            replayed = spools.enter_context(SnapshotWriter(gif_tmp)) if landscape else None
            recorder = make_recorder(every_k, neurons, landscape, on_snapshot=replayed.add if replayed else None)
        writer = GifWriter(gif_tmp, every=every_k, size=side, on_frame=on_frame, recorder=recorder, make_renderer=make)
        callbacks = [recorder if landscape else writer, _tick(lambda epoch: bars.update(epochs_bar, completed=epoch))]
        callbacks += [] if kept is recorder else [kept]
        try:
            history = fit(model, data, config, callbacks)
        except TrainingDiverged as err:
            bars.stop()
            message = "No frame was written"
            if writer.frame_count:
                (path,) = outputs.commit(rename={gif: _diverged_path(gif)}, only=(gif,))
                n = writer.frame_count
                message = f"The {n} frame{'s' * (n != 1)} before it {'are' if n != 1 else 'is'} in {path}"
            say(f"error: {err} {message}; the earlier outputs are unchanged.", err=True)
            raise SystemExit(1) from None
        surface = None
        if landscape:  # the plane comes from the whole path, so its frames are drawn after training
            surface = path_landscape(model, data, recorder.start_params, replayed.params(), directions)
            renderer = make_renderer(data.classes, widths, activation, neurons, surface)(recorder.grid, recorder.view, config.epochs, side)
            write_replay_gif(gif_tmp, renderer, replayed.snapshots(), on_frame=on_frame)
        last = history[-1]
        description = f"{data.name}, hidden {'-'.join(map(str, widths))} {activation}, Adam lr {config.lr:g}"
        title = dataset_title(data.name, len(data.x), data.classes, Path(csv_path).name if csv_path else "CSV")
        if len(kept.view.x) < len(data.x):
            title += f", {len(kept.view.x):,} drawn at random"
        drawn = kept.last.metrics  # predictions of the drawn points: all of them, or a bounded sample
        preds = (drawn.train_pred, drawn.test_pred)
        DecisionFigure.from_model(model, kept.view, last.test_acc, preds, _plain(title)).save(figure_tmp)
        saved.write(SnapshotRun(kept.grid, kept.view, [], config.epochs, description, widths, activation, title,
                                kept.start_params, surface))  # the snapshots themselves were added as they came
        written = outputs.commit()
    say(f"epoch {last.epoch}: train accuracy {last.train_acc:.1%}, test accuracy {last.test_acc:.1%}")
    for path in written:
        say(f"wrote {path}")
