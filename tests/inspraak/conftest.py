"""The `env` fixture: a folder with a file database and questionnaires for the `inspraak`
command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.questionnaires.samples import ROLES, write_definitions


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a file database and the small questionnaires for every role, as the
    working directory."""
    monkeypatch.setenv("INSPRAAK_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv(
        "INSPRAAK_QUESTIONNAIRES", str(write_definitions(tmp_path / "defs", **ROLES))
    )
    monkeypatch.setenv("INSPRAAK_BOT_USERNAME", "test_bot")
    monkeypatch.chdir(tmp_path)
    return tmp_path
