"""The conversation on a fresh store with the short client questionnaire, for the
organisation "Zorg & Co" (a name that needs escaping)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from conversation.flow import Conversation
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store


@pytest.fixture
async def conv(tmp_path: Path, short_catalog: Catalog) -> AsyncIterator[Conversation]:
    async with Store.open(tmp_path / "t.sqlite3") as store:
        yield Conversation(store, short_catalog, Settings(INSPRAAK_ORGANISATION="Zorg & Co"))
