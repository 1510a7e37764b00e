"""The real web server on 127.0.0.1 over a fresh database with the shipped questionnaires
(`world`), and the coordinator console with the bot (`console`, tests/web/console_world.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pytest

from demo.web_visitor import WebVisitor
from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store
from tests.channel_world import ChannelWorld
from tests.ports import free_port
from web.app import Section, WebServer, serving

if TYPE_CHECKING:
    from tests.web.console_world import ConsoleWorld


@dataclass
class WebWorld(ChannelWorld):
    store: Store
    catalog: Catalog
    settings: Settings
    server: WebServer
    round_name: ClassVar[str] = "Web test"

    @property
    def url(self) -> str:
        return self.server.url

    def visitor(self, forwarded_for: str | None = None) -> WebVisitor:
        return WebVisitor(self.url, forwarded_for=forwarded_for)


@asynccontextmanager
async def web_world(
    tmp_path: Path,
    catalog: Catalog,
    *,
    sections: Sequence[Section] | None = None,
    **settings: object,
) -> AsyncIterator[WebWorld]:
    config = Settings(
        INSPRAAK_DB=tmp_path / "web.sqlite3",
        INSPRAAK_WEB_PORT=free_port(),
        INSPRAAK_ORGANISATION="Zorggroep De Linde",
        **settings,  # type: ignore[arg-type]
    )
    async with (
        Store.open(config.db_path) as store,
        serving(config, catalog, store, sections=sections) as server,
    ):
        yield WebWorld(store, catalog, config, server)


@pytest.fixture
async def world(tmp_path: Path, catalog: Catalog) -> AsyncIterator[WebWorld]:
    async with web_world(tmp_path, catalog) as world:
        yield world


@pytest.fixture
async def console(tmp_path: Path, short_catalog: Catalog) -> AsyncIterator[ConsoleWorld]:
    """The coordinator console with the bot (the short questionnaire) on one store, on a local
    Bot API of its own."""
    from tests.web.console_world import console_world  # it builds on this module

    async with LocalBotApi() as api, console_world(api, tmp_path, short_catalog) as world:
        yield world
