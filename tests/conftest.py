"""Every test runs as on a clean machine: no `.env` is read and no setting comes from the
environment of the person running the tests (tests/test_isolation.py proves it). `store` is a
fresh store per test.

The questionnaires, each kind loaded once and named for what it is: `catalog` is the shipped
questionnaires; the others are the small ones the tests write themselves
(tests/questionnaires/samples.py)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import settings

from questionnaires.loader import load_catalog
from questionnaires.model import Catalog, Questionnaire
from settings import Settings
from storage.store import Store
from tests.questionnaires import samples

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


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh store (a new SQLite file, migrated) for one test."""
    async with Store.open(tmp_path / "inspraak.sqlite3") as opened:
        yield opened


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped questionnaires (questionnaires/definitions), loaded once."""
    return load_catalog()


@pytest.fixture(scope="session")
def short_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The short client questionnaire: every mechanic in a few questions."""
    return samples.sample_catalog(tmp_path_factory.mktemp("short"), client=samples.SHORT)


@pytest.fixture(scope="session")
def roles_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Small questionnaires for every role, to report on known data."""
    return samples.sample_catalog(tmp_path_factory.mktemp("roles"), **samples.ROLES)


@pytest.fixture(scope="session")
def follow_ups_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """One client questionnaire of follow-up questions, for the privacy properties."""
    return samples.sample_catalog(tmp_path_factory.mktemp("follow_ups"), client=samples.FOLLOW_UPS)


@pytest.fixture(scope="session")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    """The questionnaire with every question type and every kind of condition."""
    catalog = samples.sample_catalog(tmp_path_factory.mktemp("rich"), rijk=samples.RICH)
    return catalog.questionnaires["rijk"]
