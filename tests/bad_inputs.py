"""Every bad input and fault tried against the command line, with the one line it must print.

Each case runs the real command line (click's runner in this process, or a child process for
standard output and signals). `{d}` is the case's empty output folder. `files` names what to put
there first (see tests/test_cli_bad_inputs.py); `fault` makes one kind of write fail with that errno.
Exit status 2 is bad input, 1 a fault while writing, 130/143 an interrupt. Every case checks that
the folder holds exactly what it held before, byte for byte, with no temporary left.
"""

from dataclasses import dataclass

__all__ = ["CASES", "Case", "TRAIN_OUT"]

TRAIN_OUT = ("--gif", "{d}/t.gif", "--figure", "{d}/f.png", "--snapshots", "{d}/s.npz", "--quiet")


@dataclass(frozen=True)
class Case:
    """One bad input or fault: arguments, the stderr line expected (after 'error: '), the exit status."""

    name: str
    args: tuple[str, ...]
    message: str  # a prefix of the line after "error: "; {d} is the output folder
    status: int = 2
    files: tuple[str, ...] = ()  # prepared before the run: old outputs, special files, bad inputs
    fault: tuple[str, str] | None = None  # (errno name, which write): "gif", "figure", "snapshots", "derivation", "folder"
    run: str = "runner"  # "runner", "process" (stdout to /dev/full), "signal:INT" or "signal:TERM"
    env: tuple[tuple[str, str], ...] = ()


def _train(name, extra, message, status=2, **kw):
    return Case(name, ("train", *TRAIN_OUT, *extra), message, status, files=kw.pop("files", ("old",)), **kw)


CASES = [
    # option values
    _train("epochs negative", ("--epochs", "-3"), "epochs must be a positive integer. Got '-3' instead."),
    _train("epochs zero", ("--epochs", "0"), "epochs must be a positive integer. Got '0' instead."),
    _train("epochs fraction", ("--epochs", "2.5"), "epochs must be a positive integer. Got '2.5' instead."),
    _train("epochs 1e9", ("--epochs", "1e9"), "epochs must be at most 100000. Got '1e9' instead."),
    _train("epochs huge", ("--epochs", "1000000000"), "epochs must be at most 100000"),
    _train("lr zero", ("--lr", "0"), "learning rate must be a positive finite number. Got '0' instead."),
    _train("lr nan", ("--lr", "nan"), "learning rate must be a positive finite number. Got 'nan' instead."),
    _train("hidden empty", ("--hidden", ""), "hidden widths must be positive integers like '16,16'. Got '' instead."),
    _train("hidden zero", ("--hidden", "16,0"), "hidden widths must be a non-empty list of positive integers. Got [16, 0] instead."),
    _train("activation", ("--activation", "swish"), "activation must be one of relu, tanh, sigmoid, gelu, elu, silu, leaky_relu. Got 'swish' instead."),
    _train("dataset", ("--dataset", "swirl"), "dataset must be one of circles, moons, xor, blobs, spiral, csv. Got 'swirl' instead."),
    _train("test fraction 1", ("--test-fraction", "1"), "test fraction must lie strictly between 0 and 1. Got '1' instead."),
    _train("test fraction 0", ("--test-fraction", "0"), "test fraction must lie strictly between 0 and 1. Got '0' instead."),
    _train("seed negative", ("--seed", "-1"), "seed must be a non-negative integer. Got '-1' instead."),
    _train("lr negative", ("--lr", "-1"), "learning rate must be a positive finite number. Got '-1' instead."),
    _train("every text", ("--every", "x"), "every must be a positive integer. Got 'x' instead."),
    _train("size text", ("--size", "big"), "size must be a positive integer. Got 'big' instead."),
    _train("snapshots extension", ("--snapshots", "{d}/s.json"), "snapshots extension must be one of .npz. Got '.json' instead."),
    _train("snapshots is a FIFO", ("--snapshots", "{d}/fifo.npz"),
           "snapshots path must be a regular file or a new path. Got '{d}/fifo.npz' (a FIFO) instead.", files=("old", "fifo.npz")),
    _train("every zero", ("--every", "0"), "every must be a positive integer. Got '0' instead."),
    _train("snapshot-every zero", ("--snapshot-every", "0"), "snapshot-every must be a positive integer. Got '0' instead."),
    _train("size 1", ("--size", "1"), "frame size must be an integer of at least 120 pixels. Got 1 instead."),
    _train("size 119", ("--size", "119", "--epochs", "5"), "frame size must be an integer of at least 120 pixels. Got 119 instead."),
    _train("size zero", ("--size", "0"), "size must be a positive integer. Got '0' instead."),
    # memory: refused before anything is allocated, saying how much the run would need
    _train("size 100000", ("--size", "100000"), "this run would need about 30.4 GB of memory and"),
    _train("hidden 1e8", ("--hidden", "100000000"), "this run would need about 64.0 TB of memory and"),
    _train("hidden 20000,20000", ("--hidden", "20000,20000"), "this run would need about 32.4 GB of memory and"),
    _train("20000 epochs at size 20000 in 1 GB", ("--epochs", "20000", "--size", "20000"),
           "this run would need about 1.6 GB of memory and 1.0 GB is available. Try a smaller --size.",
           env=(("LESSON_MEMORY_LIMIT", "1G"),)),
    _train("memory limit junk", ("--epochs", "3"), "LESSON_MEMORY_LIMIT must be a size like 2G or 500M. Got 'lots' instead.",
           env=(("LESSON_MEMORY_LIMIT", "lots"),)),
    # output paths
    _train("gif is a FIFO", ("--gif", "{d}/fifo.gif"), "GIF path must be a regular file or a new path. Got '{d}/fifo.gif' (a FIFO) instead.",
           files=("old", "fifo.gif")),
    _train("gif is a device", ("--gif", "/dev/null"), "GIF extension must be one of .gif. Got 'none' instead."),
    _train("gif is a symlink to a device", ("--gif", "{d}/dev.gif"),
           "GIF path must be a regular file or a new path. Got '{d}/dev.gif' (a character device) instead.", files=("old", "dev.gif")),
    _train("figure is a directory", ("--figure", "{d}/adir"), "figure path must be a file, not a directory. Got '{d}/adir' instead.",
           files=("old", "adir")),
    _train("figure extension", ("--figure", "{d}/f.bmp"), "figure extension must be one of .png, .svg, .pdf. Got '.bmp' instead."),
    _train("gif folder missing", ("--gif", "{d}/missing/t.gif"), "GIF directory must exist. Got '{d}/missing' instead."),
    # faults while writing: one line naming the path and the reason, exit 1, the old outputs untouched
    _train("disk full at the GIF", ("--epochs", "3"), "cannot write '{d}/t.gif': No space left on device.", 1, fault=("ENOSPC", "gif")),
    _train("disk full at the figure", ("--epochs", "3"), "cannot write '{d}/f.png': No space left on device.", 1, fault=("ENOSPC", "figure")),
    _train("disk full at the snapshots", ("--epochs", "3"), "cannot write '{d}/s.npz': No space left on device.", 1,
           fault=("ENOSPC", "snapshots")),
    _train("read-only folder", ("--epochs", "3"), "cannot write GIF in '{d}': Read-only file system.", 1, fault=("EROFS", "folder")),
    _train("diverged at epoch 1", ("--lr", "1e6"), "training diverged at epoch 1: train loss", 1),
    _train("diverged at epoch 2", ("--lr", "50", "--hidden", "64,64", "--epochs", "30"), "training diverged at epoch 2:", 1,
           files=("old", "+t.diverged.gif")),
    _train("interrupted (SIGINT)", ("--epochs", "3000", "--size", "120"), "interrupted; no output was changed.", 130, run="signal:INT"),
    _train("terminated (SIGTERM)", ("--epochs", "3000", "--size", "120"), "interrupted; no output was changed.", 143, run="signal:TERM"),
    # the derivation
    Case("derivation to a device", ("derivation", "--out", "/dev/full"),
         "derivation path must be a regular file or a new path. Got '/dev/full' (a character device) instead."),
    Case("derivation to a FIFO", ("derivation", "--out", "{d}/fifo.md"),
         "derivation path must be a regular file or a new path. Got '{d}/fifo.md' (a FIFO) instead.", files=("fifo.md",)),
    Case("derivation disk full", ("derivation", "--out", "{d}/d.md"), "cannot write '{d}/d.md': No space left on device.", 1,
         files=("d.md",), fault=("ENOSPC", "derivation")),
    Case("derivation read-only folder", ("derivation", "--out", "{d}/d.md"), "cannot write derivation in '{d}': Read-only file system.", 1,
         fault=("EROFS", "folder")),
    Case("derivation to a full stdout", ("derivation",), "cannot write to standard output: No space left on device.", 1, run="process"),
    Case("help to a full stdout", ("--help",), "cannot write to standard output: No space left on device.", 1, run="process"),
    Case("derivation of a target the example lacks", ("derivation", "--example", "{d}/n2.json"),
         "target 'a21' is outside the 2x2 input. Got row 2, column 1.", files=("n2.json",)),
    Case("example with K = N", ("derivation", "--example", "{d}/k2n2.json"),
         "backprop example '{d}/k2n2.json': key 'w' must be a square KxK (K < 2) list of numbers.", files=("k2n2.json",)),
    Case("derivation of an unknown target", ("derivation", "--target", "q7"),
         "target must be one of w<m><n>, a<p><q>, v<k>, b, c. Got 'q7' instead."),
    Case("example missing", ("derivation", "--example", "{d}/nope.json"), "backprop example file must exist. Got '{d}/nope.json' instead."),
    # the lecture: inputs checked before manim starts
    Case("lecture without snapshots", ("lecture", "--snapshots", "{d}/nope.npz"), "snapshots file '{d}/nope.npz' does not exist."),
    Case("lecture with empty snapshots", ("lecture", "--snapshots", "{d}/empty.npz"), "snapshots file '{d}/empty.npz' is empty.",
         files=("empty.npz",)),
    Case("lecture with junk snapshots", ("lecture", "--snapshots", "{d}/junk.npz"), "snapshots file '{d}/junk.npz' is not a snapshots file",
         files=("junk.npz",)),
    Case("lecture with zero frames", ("lecture", "--snapshots", "{d}/zero.npz"),
         "snapshots file '{d}/zero.npz' holds no snapshots. Got 0 frames instead of at least 1.", files=("zero.npz",)),
    Case("lecture with non-square surfaces", ("lecture", "--snapshots", "{d}/wide.npz"),
         "snapshots file '{d}/wide.npz' must hold square surfaces (frames, [classes,] n, n) matching its grid. Got probs of shape (2, 8, 4) instead.",
         files=("wide.npz",)),
    Case("lecture with an example lacking a21", ("lecture", "--snapshots", "{d}/good.npz", "--example", "{d}/n2.json"),
         "target 'a21' is outside the 2x2 input. Got row 2, column 1.", files=("good.npz", "n2.json")),
    Case("lecture chapter", ("lecture", "--snapshots", "{d}/good.npz", "--chapter", "intro"),
         "chapter must be one of title, data, network, training, cnn_forward, gradient_w00, gradient_a21, summary. Got 'intro' instead.",
         files=("good.npz",)),
    # JSON: nesting, size, repeated keys, huge integers, values that would leave the chain non-finite
    Case("answers nested 10000 deep", ("check", "--example", "{d}/ex.json", "--answers", "{d}/deep.json"),
         "answers '{d}/deep.json' must be JSON nested at most 20 deep. Got 10000 levels instead.", files=("ex.json", "deep.json")),
    Case("example nested 10000 deep", ("check", "--example", "{d}/deep.json", "--answers", "{d}/dup.json"),
         "backprop example '{d}/deep.json' must be JSON nested at most 20 deep. Got 10000 levels instead.", files=("deep.json", "dup.json")),
    Case("BACKPROP_EXAMPLE nested 10000 deep", ("derivation",),
         "backprop example '{d}/deep.json' must be JSON nested at most 20 deep. Got 10000 levels instead.", files=("deep.json",),
         env=(("BACKPROP_EXAMPLE", "{d}/deep.json"),)),
    Case("answers with a repeated key", ("check", "--example", "{d}/ex.json", "--answers", "{d}/dup.json"),
         "answers '{d}/dup.json' must be valid JSON with each key once. Got an error instead: key 'w00' is given twice.",
         files=("ex.json", "dup.json")),
    Case("example with a repeated key", ("derivation", "--example", "{d}/dupex.json"),
         "backprop example '{d}/dupex.json' must be valid JSON with each key once. Got an error instead: key 'y' is given twice.",
         files=("dupex.json",)),
    Case("a 400-digit bias", ("derivation", "--example", "{d}/bigint.json"),
         "backprop example '{d}/bigint.json': key 'b' must be a finite number. Got an integer of 400 digits instead.",
         files=("bigint.json",)),
    Case("a 400-digit answer", ("check", "--example", "{d}/ex.json", "--answers", "{d}/bigans.json"),
         "answers '{d}/bigans.json': item 'w00' must be a number. Got an integer of 400 digits instead.", files=("ex.json", "bigans.json")),
    Case("v = 1e308", ("check", "--example", "{d}/bigv.json", "--answers", "{d}/dup.json"),
         "backprop example '{d}/bigv.json': key 'v' must be a list of 4 numbers (M*M, M=2). Got a list of 4 items holding the number 1e+308 (beyond 1e+06) at index 0 instead.",
         files=("bigv.json", "dup.json")),
    Case("a = 1e308 checked as JSON", ("check", "--example", "{d}/huge_a.json", "--answers", "{d}/dup.json", "--format", "json"),
         "backprop example '{d}/huge_a.json': key 'a' must be a square NxN list of numbers (N >= 2). Got a 4x4 list holding the number 1e+308 (beyond 1e+06) at row 0, column 0 instead.",
         files=("huge_a.json", "dup.json")),
    Case("a = 1e308 derived", ("derivation", "--example", "{d}/huge_a.json"),
         "backprop example '{d}/huge_a.json': key 'a' must be a square NxN list of numbers", files=("huge_a.json",)),
    Case("a saturated output", ("derivation", "--example", "{d}/sat.json"),
         "backprop example '{d}/sat.json': the output s must lie within ±30 (beyond it y_hat rounds to 0 and the lesson's steps divide by zero). Got s = -5e+06 instead.",
         files=("sat.json",)),
    Case("booleans in a", ("derivation", "--example", "{d}/bool_a.json"),
         "backprop example '{d}/bool_a.json': key 'a' must be a square NxN list of numbers (N >= 2). Got a 4x4 list holding the boolean true at row 0, column 0 instead.",
         files=("bool_a.json",)),
    Case("a 5 MB key", ("check", "--example", "{d}/ex.json", "--answers", "{d}/bigkey.json"),
         "answers '{d}/bigkey.json' must be at most 1000000 bytes. Got more than that instead.", files=("ex.json", "bigkey.json")),
    Case("a long unknown key", ("check", "--example", "{d}/ex.json", "--answers", "{d}/longkey.json"),
         "answers '{d}/longkey.json': key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'... (5000 characters) is not one of",
         files=("ex.json", "longkey.json")),
    Case("a 5000-digit target", ("derivation", "--target", "v" + "9" * 5000),
         "target must be a name like 'w00', 'a21', 'v3', 'b' or 'c'. Got 'v99999999999'... (5001 characters) instead."),
    # train: bounds and CSV values
    _train("seed 2^32", ("--seed", "4294967296"), "seed must be at most 4294967295. Got '4294967296' instead."),
    _train("seed of 5000 digits", ("--seed", "7" * 5000), "seed must be a non-negative integer. Got '777777777777"),
    _train("CSV labels 0 and nan", ("--dataset", "csv", "--csv", "{d}/nanlabel.csv"), "CSV '{d}/nanlabel.csv' labels must be numbers. Got nan instead.",
           files=("old", "nanlabel.csv")),
    _train("CSV coordinates near 1e300", ("--dataset", "csv", "--csv", "{d}/far.csv"),
           "CSV '{d}/far.csv' coordinates must lie within ±1e+06. Got 1e+300 instead.", files=("old", "far.csv")),
    Case("derivation into a folder-looking path", ("derivation", "--out", "{d}/x.md/"),
         "derivation path must be a file, not a directory. Got '{d}/x.md/' instead."),
    # variants: counts, places, names
    Case("count 100000", ("variants", "--count", "100000", "--out", "{d}/class"), "count must be at most 10000. Got '100000' instead."),
    Case("count 1e9", ("variants", "--count", "1e9", "--out", "{d}/class"), "count must be a positive integer. Got '1e9' instead."),
    Case("variants seed 2^32", ("variants", "--count", "2", "--seed", "4294967296", "--out", "{d}/class"),
         "seed must be at most 4294967295. Got '4294967296' instead."),
    Case("variants jobs 100000", ("variants", "--count", "2", "--jobs", "100000", "--out", "{d}/class"), "jobs must be at most 256. Got '100000' instead."),
    Case("out ''", ("variants", "--count", "2", "--out", ""), "output folder must be a path. Got '' instead."),
    Case("out '.'", ("variants", "--count", "2", "--out", "."), "output folder must name a folder of its own (not '.', '..' or '/'). Got '.' instead."),
    Case("out '/'", ("variants", "--count", "2", "--out", "/"), "output folder must name a folder of its own (not '.', '..' or '/'). Got '/' instead."),
    Case("out a dangling symlink", ("variants", "--count", "2", "--out", "{d}/dangling"),
         "output folder must be a real folder, not a symbolic link. Got '{d}/dangling' -> '{d}/nowhere' instead.", files=("dangling",)),
    Case("out a file", ("variants", "--count", "2", "--out", "{d}/afile"), "output folder must be a folder. Got the file '{d}/afile' instead.",
         files=("afile",)),
    Case("out a 250-byte name", ("variants", "--count", "2", "--out", "{d}/" + "n" * 250), "output folder's name must be at most 200 bytes. Got 250 bytes instead."),
    Case("out not a class", ("variants", "--count", "2", "--out", "{d}"),
         "output folder must be empty or a class written by `lesson variants`. Got '{d}' holding 'afile' instead.", files=("afile",)),
    Case("class.json a folder", ("variants", "--count", "2", "--seed", "1", "--out", "{d}"),
         "'{d}/class.json' must be the class record written by `lesson variants`. Got a folder instead.", files=("class.json",)),
    Case("roster name with DEL", ("variants", "--roster", "{d}/del.csv", "--out", "{d}/class"),
         "roster '{d}/del.csv' line 1: the name 'A\\x7fda' holds the control or direction character U+007F.", files=("del.csv",)),
    Case("roster name with U+0085", ("variants", "--roster", "{d}/nel.csv", "--out", "{d}/class"),
         "roster '{d}/nel.csv' line 1: the name 'A\\x85da' holds the control or direction character U+0085.", files=("nel.csv",)),
    Case("roster name with U+202E", ("variants", "--roster", "{d}/rlo.csv", "--out", "{d}/class"),
         "roster '{d}/rlo.csv' line 1: the name 'A\\u202eda' holds the control or direction character U+202E.", files=("rlo.csv",)),
    Case("roster José twice (NFC, NFD)", ("variants", "--roster", "{d}/jose.csv", "--out", "{d}/class"),
         "roster '{d}/jose.csv' line 2: the name 'José' is a duplicate of line 1.", files=("jose.csv",)),
    Case("roster name of 100 emoji", ("variants", "--roster", "{d}/emoji.csv", "--out", "{d}/class"),
         "roster '{d}/emoji.csv' line 1: the name is longer than 100 bytes in UTF-8 (400: ", files=("emoji.csv",)),
    Case("video with a malformed cluster", ("variants", "--count", "2", "--video", "--cluster", "garbage", "--out", "{d}/class"),
         "--cluster must be a Dask scheduler address like tcp://host:8786. Got 'garbage' instead."),
    Case("video of an 8x8 input", ("variants", "--count", "2", "--size", "8", "--kernel", "1", "--video", "--out", "{d}/class"),
         "the backprop scenes lay out inputs up to 5x5 for a 1x1 kernel. Got a 8x8 input instead."),
    # the lecture: every place and input before manim
    Case("lecture cluster garbage with one chapter", ("lecture", "--snapshots", "{d}/good.npz", "--chapter", "title", "--cluster", "garbage"),
         "--cluster must be a Dask scheduler address like tcp://host:8786. Got 'garbage' instead.", files=("good.npz",)),
    Case("lecture DASK_SCHEDULER_ADDRESS garbage", ("lecture", "--snapshots", "{d}/good.npz", "--chapter", "title"),
         "$DASK_SCHEDULER_ADDRESS must be a Dask scheduler address like tcp://host:8786. Got 'x y' instead.", files=("good.npz",),
         env=(("DASK_SCHEDULER_ADDRESS", "x y"),)),
    Case("lecture media-dir a file", ("lecture", "--snapshots", "{d}/good.npz", "--media-dir", "{d}/afile"),
         "--media-dir must be a folder. Got the file '{d}/afile' instead.", files=("good.npz", "afile")),
    Case("lecture media-dir under a file", ("lecture", "--snapshots", "{d}/good.npz", "--media-dir", "{d}/afile/m"),
         "--media-dir must be a folder or a new path in one. Got '{d}/afile/m' under the file '{d}/afile' instead.", files=("good.npz", "afile")),
    Case("lecture media-dir a dangling symlink", ("lecture", "--snapshots", "{d}/good.npz", "--media-dir", "{d}/dangling"),
         "--media-dir must be a folder. Got '{d}/dangling', a symbolic link to the missing '{d}/nowhere', instead.", files=("good.npz", "dangling")),
    Case("lecture media-dir ''", ("lecture", "--snapshots", "{d}/good.npz", "--media-dir", ""), "--media-dir must be a folder. Got '' instead.",
         files=("good.npz",)),
    Case("lecture of a 7x7 example", ("lecture", "--snapshots", "{d}/good.npz", "--example", "{d}/ex7.json", "--media-dir", "{d}/m"),
         "the backprop scenes lay out inputs up to 5x5 for a 2x2 kernel. Got a 7x7 input instead.", files=("good.npz", "ex7.json")),
    Case("lecture of snapshots with a NaN loss", ("lecture", "--snapshots", "{d}/nanloss.npz"),
         "snapshots file '{d}/nanloss.npz' must hold finite numbers in 'train_loss'. Got nan at index 1 instead.", files=("nanloss.npz",)),
    Case("page of snapshots with an infinite loss", ("page", "--snapshots", "{d}/infloss.npz", "--out", "{d}/p.html"),
         "snapshots file '{d}/infloss.npz' must hold finite numbers in 'test_loss'. Got inf at index 0 instead.", files=("infloss.npz",)),
]
