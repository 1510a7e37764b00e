"""The conversation on a fresh store with the short client questionnaire, for the
organisation "Zorg & Co" (a name that needs escaping)."""

from __future__ import annotations

import pytest

from conversation.flow import Conversation
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store


@pytest.fixture
def conv(store: Store, short_catalog: Catalog) -> Conversation:
    return Conversation(store, short_catalog, Settings(INSPRAAK_ORGANISATION="Zorg & Co"))
