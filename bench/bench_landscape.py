"""Time the loss landscape: a 41x41 grid of parameter points evaluated with torch.func (functional_call + vmap).

Trains the default network (2-16-16-1 tanh on make_circles, 150 epochs), then times the landscape
over the PCA plane of the recorded path, cold (first call in the process) and warm (median of 5).
"""

import statistics
import time

import numpy as np
import torch

from model import TrainConfig, load_dataset, make_mlp, set_seed, train
from model.callbacks import SurfaceRecorder
from model.landscape import loss_landscape


def main() -> None:
    torch.set_num_threads(1)
    data = load_dataset("circles", seed=0)
    set_seed(0)
    model = make_mlp()
    recorder = SurfaceRecorder(params=True)
    train(model, data, TrainConfig(), [recorder])
    trajectory = np.stack([recorder.start_params, *(s.params for s in recorder.snapshots)])
    start = time.perf_counter()
    loss_landscape(model, data, trajectory)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        loss_landscape(model, data, trajectory)
        warm.append(time.perf_counter() - start)
    params = trajectory.shape[1]
    print(f"41x41 landscape, {params} parameters, {len(data.x_train)} training points: cold {cold:.2f} s, warm {statistics.median(warm) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
