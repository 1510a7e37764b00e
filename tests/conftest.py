"""Every test runs as on a clean machine: no `.env` is read and no setting comes from the
environment of the person running the tests (tests/test_isolation.py proves it)."""

from __future__ import annotations

import os

import pytest

from inspraak.settings import Settings

OUTSIDE_PREFIXES = ("INSPRAAK_", "TELEGRAM_")


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(OUTSIDE_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setitem(Settings.model_config, "env_file", None)
