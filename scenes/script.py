"""The narration script: each beat's words, spoken by the voice and shown, wrapped, as subtitles.

{placeholders} are filled from numbers that model/ computed.
"""

__all__ = ["BACKPROP", "CHAPTER_CARDS", "CHAPTER_PARTS", "CHAPTER_TITLES", "LECTURE", "LECTURE_CLASSES", "LECTURE_DATASET", "TRAINING", "TRAINING_CLASSES", "TRAINING_DATASET"]

# beat name -> its phrases, in the order the backprop lesson plays them; each phrase is spoken from the step it
# describes and is one subtitle cue (scenes/cnn_lesson.py's storyboard says which step)
BACKPROP: dict[str, tuple[str, ...]] = {
    "pieces": (
        "The whole network as a graph: one z node and one h node per position.",
        "At the bottom, the input a, {n} by {n},",
        "one {k} by {k} kernel w, and a bias b.",
        "Rows and columns count from 0, so every number has an address.",
    ),
    "slide": (
        "The kernel slides over the input.",
        "At each stop, z sums each kernel entry times the input under it, plus b.",
        "First stop: w00 times a00,",
        "then w01 times a01, and so on, pair by pair.",
        "Add b, and z00 = {z00}.",
        "The same kernel moves on; every stop gives one more z.",
        "A few weights see the whole map.",
    ),
    "sigmoid": (
        "Each z goes through the sigmoid, which squashes it between 0 and 1.",
        "So z00 becomes {h00}, and so on.",
        "The map now holds h: how strongly each position fires.",
    ),
    "head": (
        "Read row by row, position i, j becomes number k = {m} i + j.",
        "Each h_k gets a weight v_k; the weighted sum plus c is the score s.",
        "Term by term, s comes to {s}.",
    ),
    "loss": (
        "A second sigmoid turns s into a probability: y hat = {y_hat}.",
        "The loss punishes confidence in the wrong label.",
        "With y = {y}, L is minus the log of the right answer's probability: {loss}.",
    ),
    "output_gradient": (
        "Now backward. At the top, L changes with itself at rate 1.",
        "One step down, L changes with y hat at rate {dl_dyhat}.",
        "and y hat with s at rate y hat times 1 minus y hat.",
        "Multiply the two slopes,",
        "and almost everything cancels: what is left is y hat minus y,",
        "the error, {error}. That is the gradient at s.",
    ),
    "sigmoid_slope": (
        "Down a layer: s changes with each h_ij at rate v_ij,",
        "so each h node gets the error times its own weight.",
        "Through the sigmoid, the slope is h times 1 minus h.",
        "It peaks at a quarter, where h is one half.",
    ),
    "deltas": (
        "Now multiply the factors for each position.",
        "z and h,",
        "the sigmoid's slope, and the weight v,",
        "make delta_ij: how much the loss changes when z_ij does.",
        "These {positions} numbers",
        "now sit on the z nodes, and every gradient below reuses them.",
    ),
    "kernel_nudge": (
        "What does this gradient mean? Nudge {kernel} up by epsilon, {eps}.",
        "{kernel} meets a different input at each stop: these {positions}.",
        "So each z moves by its input times epsilon.",
        "Run forward again: L moves by {kernel_dloss}.",
        "The gradient times epsilon predicts the same: it is how fast L moves as {kernel} moves.",
    ),
    "kernel_gradient": (
        "{kernel} is used at every stop, so its gradient has one term per position:",
        "delta there, times the input {kernel} met.",
        "Window by window: delta times the lit input, one term each.",
        "The sum is {kernel_value}, as the nudge showed.",
    ),
    "input_nudge": (
        "Now an input cell, {input}: row {row}, column {col}. Nudge it by epsilon too.",
        "Only the {windows} windows covering it feel this, each through a different kernel entry.",
        "Their z move by that entry times epsilon,",
        "and L moves by almost exactly what the gradient predicts.",
    ),
    "input_gradient": (
        "So the gradient of {input} has one term per covering window:",
        "delta there, times the kernel entry on {input}.",
        "As the window moves right, the entry on {input} moves left: the index runs backwards.",
        "Together, {input_value}.",
    ),
    "full_convolution": (
        "Here is every input gradient at once.",
        "Pad delta with k minus 1 = {pad} rings of zeros, so windows can hang over its edge.",
        "Turn the kernel half a turn, 180 degrees.",
        "Its last row is now its first: that is the backwards index.",
        "Slide it over the padded map: the first stop covers one delta, times w00.",
        "At the stop for {input}, it covers {windows} deltas,",
        "and its products are the walk's terms, colour for colour.",
        "The sum, {input_value} again.",
        "Each stop gives one input gradient: here is the whole map.",
    ),
    "answers": (
        "Both answers: the gradient of {kernel} is {kernel_value},",
        "and the gradient of {input} is {input_value}.",
        "Beside each, the value torch autograd computes on its own.",
        "Each tick means the two agree to nine digits.",
    ),
    "step": (
        "Now use them: step every weight against its gradient, times eta = {eta}.",
        "Run forward again,",
        "and the loss has gone down, from {loss} to {loss_after}.",
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
