"""The command group: light to start, every command registered, and Ctrl-C handled at once."""

import subprocess
import sys

from click.testing import CliRunner

from cli.main import COMMANDS, cli

HEAVY = ("torch", "sklearn", "matplotlib", "manim", "scipy", "PIL")


def test_every_command_is_registered():
    assert sorted(cli.commands) == sorted(c.name for c in COMMANDS) and {"train", "derivation", "lecture"} <= set(cli.commands)


def test_help_imports_no_heavy_library():
    code = "import sys; from cli.main import cli; cli.main(['--help'], standalone_mode=False); print(sorted(m for m in sys.modules if m.split('.')[0] in %r))"
    done = subprocess.run([sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_command_help_lists_names_from_their_owners():
    result = CliRunner().invoke(cli, ["train", "--help"])
    assert "circles, moons" in result.stdout and "leaky_relu" in result.stdout and "--snapshot-every" in result.stdout
    result = CliRunner().invoke(cli, ["derivation", "--help"])
    assert "Default: w00 a21" in result.stdout and "$BACKPROP_EXAMPLE" in result.stdout
