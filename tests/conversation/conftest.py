"""The conversation on a fresh store with the sample client questionnaire."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from conversation.flow import Conversation
from questionnaires.loader import load_catalog
from settings import Settings
from storage.store import Store
from tests.bot.samples import CLIENT, FRAMEWORK


@pytest.fixture
async def conv(tmp_path: Path) -> AsyncIterator[Conversation]:
    (tmp_path / "framework.yaml").write_text(FRAMEWORK)
    (tmp_path / "client.yaml").write_text(CLIENT)
    async with Store.open(tmp_path / "t.sqlite3") as store:
        yield Conversation(store, load_catalog(tmp_path), Settings())
