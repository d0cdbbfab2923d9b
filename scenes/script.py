"""The narration script: each beat's one text, spoken by the voice and shown, wrapped, as its subtitle."""

__all__ = ["CHAPTER_TITLES", "LECTURE", "TRAINING"]

# The training replay (scenes/training.py, and the lecture's training chapter).
TRAINING = {
    "data": "The homework's circles: {train} training points, filled, and {test} test points, hollow.",
    "untrained": "Epoch 1: the untrained network's guess. Orange means class 0, blue class 1. "
                 "The white line is p = 0.5, and wrong points are ringed.",
    "training": "Now it trains, one frame per recorded epoch. The early epochs, where most of the change happens, play slowest.",
    "result": "After {epochs} epochs: train accuracy {train_acc}, test accuracy {test_acc}.",
}

# The lecture's cards and chapter openings (scenes/lecture.py).
LECTURE = {
    "title": "Backpropagation, in motion. First a small network learns to separate two rings of points; "
             "then we follow the gradients through a tiny CNN, number by number.",
    "part_one": "Part one: a classifier.",
    "data": "The data: {points} points from scikit-learn's make circles, in two rings. "
            "{train} of them train the network; {test} are held out to test it.",
    "network": "The network has only fully-connected layers, of widths {widths}, with {activation} between them. "
               "It turns a point's two coordinates into the probability of the inner class.",
    "training": "Training, replayed.",
    "part_two": "Part two: backprop through a CNN.",
    "cnn_forward": "Now a tiny convolutional network: a {n} by {n} input, one {k} by {k} kernel, and one output. "
                   "First, the forward pass.",
    "gradient_w00": "Backward, to the gradient of one kernel weight, {kernel}.",
    "gradient_a21": "Last, the gradient of one input cell, {input}: each of the {windows} windows that cover it adds one term.",
    "summary": "What to remember. The error signal at each output position is delta. "
               "A kernel weight's gradient sums delta times the input under it, over every window; "
               "an input cell's gradient sums delta times the kernel weight on it, over the windows covering it. "
               "In the homework's example, dL/d{kernel} = {kernel_value} and dL/d{input} = {input_value}, "
               "and both agree with torch autograd.",
    "closing": "That is backpropagation: every number computed once, and checked. Thank you for watching.",
}

# The lecture's chapters in order, with the title their card shows and the voice reads.
CHAPTER_TITLES = {
    "title": "Backpropagation, in motion",
    "data": "The data",
    "network": "A fully-connected network",
    "training": "Training, replayed",
    "cnn_forward": "A tiny CNN: forward",
    "gradient_w00": "Backward to one kernel weight",
    "gradient_a21": "Backward to one input cell",
    "summary": "Summary",
}
