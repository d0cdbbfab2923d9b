"""What each beat says: the subtitles now, the narration later; {placeholders} are filled from model/."""

__all__ = ["BACKPROP"]

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
