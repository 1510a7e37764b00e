"""A fresh store per test, and the rich sample questionnaire that exercises every question type."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from questionnaires.model import Questionnaire
from storage.store import Store
from tests.questionnaires.samples import rich_catalog


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return rich_catalog(tmp_path_factory.mktemp("rich")).questionnaires["rijk"]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "inspraak.db") as store:
        yield store
