"""The demo starts from a fresh database each time, and never removes one it did not make."""

from pathlib import Path

import pytest

from demo.run import fresh_database
from inspraak.errors import UserError


def test_a_previous_demo_database_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    for suffix in ("", "-wal", "-shm"):
        (out / f"demo.sqlite3{suffix}").write_text("earlier demo")
    path = fresh_database(out, None)
    assert path == out / "demo.sqlite3"
    assert not list(out.iterdir())


def test_a_database_elsewhere_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "inspraak.sqlite3"
    mine.write_text("real answers")
    with pytest.raises(UserError, match=r"already exists\. The demo needs a fresh database"):
        fresh_database(tmp_path / "demo", str(mine))
    assert mine.read_text() == "real answers"
    assert fresh_database(tmp_path / "demo", str(tmp_path / "new" / "d.sqlite3")).parent.is_dir()
