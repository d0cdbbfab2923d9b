"""A path holds its old content or the complete new file, never a half-written one."""

import pytest

from render.atomic import atomic_path


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_keeps_old_content_and_leaves_no_temp_file(tmp_path, error):
    target = tmp_path / "out.gif"
    target.write_bytes(b"old")
    with pytest.raises(type(error)):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise error
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.gif"]


def test_success_replaces_the_file_with_the_usual_mode(tmp_path):
    target = tmp_path / "out.png"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".png"
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 in (0o644, 0o664, 0o666)
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]
