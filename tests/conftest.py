"""Every test runs as on a clean machine: no `.env` is read and no setting comes from the
environment of the person running the tests (tests/test_isolation.py proves it). `catalog` is
the shipped questionnaires, for every test that needs them."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from questionnaires.loader import load_catalog
from questionnaires.model import Catalog
from settings import Settings

# The machine running the tests is shared and noisy: a property is about what holds, not about
# how fast one example ran, so no example fails for taking long.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")

OUTSIDE_PREFIXES = ("INSPRAAK_", "TELEGRAM_", "WHATSAPP_")


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(OUTSIDE_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped questionnaires (questionnaires/definitions), loaded once."""
    return load_catalog()
