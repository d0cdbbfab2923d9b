"""homework.ipynb is committed without outputs and runs top to bottom without an error."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "homework.ipynb"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "homework.ipynb has no code cells"
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.slow
def test_notebook_runs_top_to_bottom():
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except NoSuchKernel:
        pytest.fail(f"no 'python3' kernel. Install it with: {sys.executable} -m ipykernel install --sys-prefix --name python3")
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if out.output_type == "display_data" and ({"image/png", "image/gif"} & set(out.data))]
    assert len(images) == 2  # the homework figure and the training GIF
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "identical to make_circles + train_test_split" in text and "Sequential(" in text
    markdown = "".join(out.data.get("text/markdown", "") for out in outputs if out.output_type == "display_data")
    assert "Largest absolute difference" in markdown and "w_{00}" in markdown
