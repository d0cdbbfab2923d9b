"""Computation only: datasets, fully-connected classifiers, training, the tiny CNN's gradients.

Names are imported from their modules on first use, so `import model.conv` does not pay for
scikit-learn and a command loads only what it needs.
"""

import importlib

_SOURCES = {
    "model.callbacks": ("Callback", "History", "SurfaceRecorder"),
    "model.conv": (
        "DEFAULT_EXAMPLE_PATH", "EXAMPLE_ENV_VAR", "ConvExample", "Forward", "Gradient", "Gradients", "Term",
        "autograd_gradients", "example_from_dict", "forward", "gradient", "gradients", "load_example", "windows_covering",
    ),
    "model.data": ("DATASETS", "DATASET_SPECS", "MAX_CLASSES", "Dataset", "DatasetSpec", "dataset_title", "load_dataset", "read_csv_points"),
    "model.metrics": ("EpochMetrics",),
    "model.network": ("ACTIVATIONS", "layer_widths", "make_mlp", "network_widths", "output_count", "parse_hidden"),
    "model.surface": ("Grid", "Snapshot", "probability_grid"),
    "model.training": ("TrainConfig", "TrainingDiverged", "set_seed", "train"),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

