"""Computation only: datasets, fully-connected classifiers, training, the tiny CNN's gradients."""

from model.callbacks import Callback, History, SurfaceRecorder
from model.conv import (
    DEFAULT_EXAMPLE_PATH,
    EXAMPLE_ENV_VAR,
    ConvExample,
    Forward,
    Gradient,
    Gradients,
    Term,
    autograd_gradients,
    example_from_dict,
    forward,
    gradient,
    gradients,
    load_example,
    windows_covering,
)
from model.data import DATASETS, MAX_CLASSES, Dataset, load_dataset, read_csv_points
from model.datasets import DATASET_SPECS, DatasetSpec, dataset_title
from model.metrics import EpochMetrics
from model.network import ACTIVATIONS, layer_widths, make_mlp, parse_hidden
from model.surface import Grid, Snapshot, probability_grid
from model.train import TrainConfig, TrainingDiverged, set_seed, train

__all__ = [
    "DEFAULT_EXAMPLE_PATH",
    "EXAMPLE_ENV_VAR",
    "ConvExample",
    "Forward",
    "Gradient",
    "Gradients",
    "Term",
    "autograd_gradients",
    "example_from_dict",
    "forward",
    "gradient",
    "gradients",
    "load_example",
    "windows_covering",
    "ACTIVATIONS",
    "DATASETS",
    "DATASET_SPECS",
    "MAX_CLASSES",
    "DatasetSpec",
    "dataset_title",
    "Callback",
    "Dataset",
    "EpochMetrics",
    "Grid",
    "History",
    "Snapshot",
    "SurfaceRecorder",
    "TrainConfig",
    "TrainingDiverged",
    "layer_widths",
    "load_dataset",
    "make_mlp",
    "parse_hidden",
    "probability_grid",
    "read_csv_points",
    "set_seed",
    "train",
]
