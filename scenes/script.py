"""The narration script: each beat's one text, spoken by the voice and shown, wrapped, as its subtitle.

{placeholders} are filled from numbers that model/ computed.
"""

__all__ = ["BACKPROP", "CHAPTER_CARDS", "CHAPTER_PARTS", "CHAPTER_TITLES", "LECTURE", "LECTURE_CLASSES", "LECTURE_DATASET", "TRAINING", "TRAINING_CLASSES", "TRAINING_DATASET"]

# beat name -> words, in the order the backprop lesson plays them
BACKPROP: dict[str, str] = {
    "pieces": (
        "One input map a and one {k} by {k} kernel w with a bias b. Rows and columns count from 0, "
        "so every number has an address. The strip on the right is the whole network as a graph."
    ),
    "slide": (
        "The kernel slides over the input. At each stop it multiplies the numbers it covers pair by pair "
        "and adds them up, plus b: that sum is z. Same kernel everywhere, so a few weights see the whole map."
    ),
    "sigmoid": (
        "Each z goes through the sigmoid, which squashes any number into 0 to 1. "
        "h is how strongly each position fires."
    ),
    "head": (
        "The map is read row by row into one list, so position (i, j) becomes number k = {m} i + j. "
        "Each h_k gets its own weight v_k; the weighted sum plus c is one score, s."
    ),
    "loss": (
        "A second sigmoid turns s into a probability, y hat. The loss punishes confidence in the wrong label: "
        "with y = {y}, L is minus the log of the probability given to the right answer."
    ),
    "output_gradient": (
        "Backward now. The chain rule multiplies local slopes along the path from L. "
        "The first two slopes cancel almost everything: their product is just y hat minus y, the error."
    ),
    "sigmoid_slope": (
        "Going down one more layer: s changes with h_ij at rate v_ij, and the sigmoid's slope is h(1 - h). "
        "It is largest at h = 0.5 and tiny when a unit saturates."
    ),
    "deltas": (
        "Multiply the three factors for each position: delta_ij is how much the loss changes when z_ij does. "
        "Every gradient below reuses these four numbers."
    ),
    "kernel_gradient": (
        "{kernel} is used at every stop of the slide, so its gradient sums one term per position: "
        "delta there times the input cell {kernel} was multiplied with, because that is dz/d{kernel}."
    ),
    "input_gradient": (
        "{input} is row {row}, column {col}. Only windows that cover it depend on it, and in each one a "
        "different kernel entry lands on it. Moving the window right moves that entry left: "
        "the index runs backwards."
    ),
    "full_convolution": (
        "All input gradients at once: pad the delta map with zeros and slide the kernel rotated "
        "180 degrees over it. The rotation is why the index runs backwards. The lit window gives {input}."
    ),
    "answers": (
        "Both answers, each beside the value torch autograd computes independently. "
        "The tick appears only because the two numbers agree to nine digits."
    ),
    "step": (
        "What the gradients are for: step every weight against its gradient, scaled by eta = {eta}. "
        "Run forward again and the loss has gone down, from {loss} to {loss_after}."
    ),
}

# The training replay (scenes/training.py, and the lecture's training chapter).
TRAINING = {
    "data": "The homework's circles: {train} training points, filled, and {test} test points, hollow.",
    "untrained": "Epoch 1: the untrained network's guess. Orange means class 0, blue class 1. "
                 "The white line is p = 0.5, and wrong points are ringed.",
    "training": "Now it trains, one frame per recorded epoch. The early epochs, where most of the change happens, play slowest.",
    "result": "After {epochs} epochs: train accuracy {train_acc}, test accuracy {test_acc}.",
}

# The replay's words where the run is not the homework's circles ({dataset}: the run's caption, as words)...
TRAINING_DATASET = {
    "data": "The data, {dataset}: {train} training points, filled, and {test} test points, hollow.",
}
# ...and where it has more than two classes (the colours are named by their place in the key).
TRAINING_CLASSES = {
    "untrained": "Epoch 1: the untrained network's guess. Each region takes the colour of the class it predicts, "
                 "in the order of the key. The white lines are the boundaries between classes, and wrong points are ringed.",
}

# Said after the untrained guess when the run recorded its units: the network drawn on the left.
TRAINING_NETWORK = (
    "On the left is the network. Each tile shows one unit's output over the plane: orange below zero, blue above. "
    "Each line is a weight, blue when positive, orange when negative, and thicker the larger it is."
)

# The lecture's phrases (scenes/lecture.py), each spoken from the step it describes and shown as one cue.
LECTURE: dict[str, tuple[str, ...]] = {
    "title": ("Backpropagation, in motion.",
              "First, a small network learns to separate two rings of points.",
              "Then we follow its gradients through a tiny CNN, number by number."),
    "data": ("The data: {points} points from scikit-learn's make circles, in two rings.",
             "{train} of them train the network; they are drawn filled.",
             "{test} are held out to test it, drawn hollow."),
    "network": ("The network has only fully-connected layers,",
                "of widths {widths},",
                "with {activation} between them.",
                "It turns a point's two coordinates into the probability of the inner class."),
    "training": ("Now it trains, one frame per recorded epoch.",
                 "Time goes where the surface changes: these early epochs play slowly,",
                 "and where little changes, the epoch counter races ahead."),
    "bridge": ("In each of those {epochs} epochs, Adam moved every weight against its gradient:",
               "the slope of the loss along that weight.",
               "Backpropagation is how those slopes are computed.",
               "Part two computes one of them by hand, for one weight of a tiny CNN."),
    "summary": ("What to remember.",
                "δᵢⱼ is the error signal at each output position:",
                "ŷ minus y, times vᵢⱼ, times the sigmoid's slope.",
                "A kernel weight's gradient sums δ times the input under it, over every window.",
                "An input cell's gradient sums δ times the kernel entry on it,",
                "over the windows that cover it.",
                "In the homework's example, the gradient for {kernel} is {kernel_value},",
                "and the gradient for {input} is {input_value};",
                "{verdict}."),
    "closing": ("That is backpropagation: every number computed once, and checked.",
                "Thank you for watching."),
}

# The lecture's words where the run is not the homework's circles ({dataset}: the run's caption, as words)...
LECTURE_DATASET: dict[str, tuple[str, ...]] = {
    "title": ("Backpropagation, in motion.",
              "First, a small network learns to separate {classes} classes of points.",
              "Then we follow its gradients through a tiny CNN, number by number."),
    "data": ("The data are {points} points from {dataset}, in {classes} classes.",
             "{train} of them train the network; they are drawn filled.",
             "{test} are held out to test it, drawn hollow."),
    "network": ("The network has only fully-connected layers,",
                "of widths {widths},",
                "with {activation} between them.",
                "It turns a point's two coordinates into the probability of class 1."),
}
# ...and where it has more than two classes.
LECTURE_CLASSES: dict[str, tuple[str, ...]] = {
    "network": ("The network has only fully-connected layers,",
                "of widths {widths},",
                "with {activation} between them.",
                "It turns a point's two coordinates into {classes} scores; softmax makes them probabilities."),
}

# Each chapter's card: the words the voice reads while it shows (the part's name folded into its first chapter).
CHAPTER_CARDS = {
    "data": "Part one: a classifier. Chapter 1: the data.",
    "network": "Chapter 2: a fully-connected network.",
    "training": "Chapter 3: training, replayed.",
    "cnn_forward": "Part two: backprop through a tiny CNN. Chapter 4: the forward pass.",
    "gradient_w00": "Chapter 5: backward, to one kernel weight.",
    "gradient_a21": "Chapter 6: backward, to one input cell.",
    "summary": "Chapter 7: what to remember.",
}
CHAPTER_PARTS = {"data": "Part one · a classifier", "cnn_forward": "Part two · backprop through a tiny CNN"}

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
