"""Computation only: datasets, fully-connected classifiers, training, the tiny CNN's gradients.

Names are imported from their modules on first use, so `import model.conv` does not pay for
scikit-learn and a command loads only what it needs.
"""

import importlib
import sys
import types

_SOURCES = {
    "model.callbacks": ("Callback", "History", "SurfaceRecorder"),
    "model.conv": (
        "DEFAULT_EXAMPLE_PATH", "EXAMPLE_ENV_VAR", "ConvExample", "Forward", "Gradient", "Gradients", "Term",
        "autograd_gradients", "example_from_dict", "forward", "gradient", "gradients", "load_example", "windows_covering",
    ),
    "model.data": ("DATASETS", "MAX_CLASSES", "Dataset", "load_dataset", "read_csv_points"),
    "model.datasets": ("DATASET_SPECS", "DatasetSpec", "dataset_title"),
    "model.metrics": ("EpochMetrics",),
    "model.network": ("ACTIVATIONS", "layer_widths", "make_mlp", "parse_hidden"),
    "model.surface": ("Grid", "Snapshot", "probability_grid"),
    "model.train": ("TrainConfig", "TrainingDiverged", "set_seed", "train"),
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


class _Package(types.ModuleType):
    """The package object: importing the submodule `model.train` must not hide the function `model.train`."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and name in _MODULE_OF:  # the import system binds submodules here
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
