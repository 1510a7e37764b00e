"""The rich sample questionnaire: every question type and every kind of condition."""

from __future__ import annotations

import pytest

from questionnaires.model import Questionnaire
from tests.questionnaires.samples import rich_catalog


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return rich_catalog(tmp_path_factory.mktemp("rich")).questionnaires["rijk"]
