"""Run the real Application against the local Bot API server, with simulated users."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bot.app import AnyApp, build_application, running
from bot.delivery import PATIENCE, Patience
from coordination.reports import report_maker, results_maker
from localbotapi import LocalBotApi, SimulatedUser
from questionnaires.model import Catalog
from settings import Settings
from storage.identities import Chat
from storage.store import Store
from tests.channel_world import ChannelWorld

os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
TOKEN = "123456:TEST-TOKEN"
COORDINATOR = 900


@dataclass
class BotWorld(ChannelWorld):
    api: LocalBotApi
    store: Store
    catalog: Catalog
    settings: Settings
    app: AnyApp
    round_name: ClassVar[str] = "Inspraak test"
    location: ClassVar[str | None] = "Team Noord"

    def user(self, user_id: int, language_code: str = "nl") -> SimulatedUser:
        return self.api.user(user_id, language_code=language_code)

    async def joined(self, user_id: int, role: str = "client") -> SimulatedUser:
        """A person who opened a code of their own and agreed to take part."""
        person = self.user(user_id)
        await person.command("start", await self.invite(role))
        await person.press("Ja, ik doe mee")
        return person

    async def answers_of(self, user_id: int) -> dict[str, object]:
        """What the person's one response holds, by question."""
        participant = await self.store.participant_for(Chat(user_id))
        assert participant is not None
        [response] = await self.store.responses_of(participant.id)
        return {qid: a.value for qid, a in (await self.store.answers_of(response.id)).items()}


@asynccontextmanager
async def bot_world(
    api: LocalBotApi,
    db_path: Path,
    catalog: Catalog,
    *,
    patience: Patience = PATIENCE,
    **settings: Any,
) -> AsyncIterator[BotWorld]:
    """The real Application with its own store, polling the local server."""
    config = Settings(
        INSPRAAK_DB=db_path,
        INSPRAAK_ORGANISATION="Stichting Test",
        INSPRAAK_COORDINATORS=str(COORDINATOR),
        **settings,
    )
    async with Store.open(db_path) as store:
        app = build_application(
            config,
            catalog,
            base_url=api.base_url,
            token=TOKEN,
            report_maker=report_maker(config, catalog),
            results_maker=results_maker(config, catalog),
            patience=patience,
        )
        api.attach(app)
        async with running(app, store, poll_timeout=2):
            yield BotWorld(api, store, catalog, config, app)


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
async def world(api: LocalBotApi, tmp_path: Path, catalog: Catalog) -> AsyncIterator[BotWorld]:
    async with bot_world(api, tmp_path / "bot.sqlite3", catalog) as started:
        yield started


@pytest.fixture
async def small(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> AsyncIterator[BotWorld]:
    """The bot with the short client questionnaire (tests/questionnaires/samples.py)."""
    async with bot_world(api, tmp_path / "bot.sqlite3", short_catalog) as started:
        yield started
