"""The real web server on 127.0.0.1 over a fresh database with the shipped questionnaires."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from demo.web_visitor import WebVisitor
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store
from tests.invites import invite_code
from web.app import Section, WebServer, serving


@dataclass
class WebWorld:
    store: Store
    catalog: Catalog
    settings: Settings
    server: WebServer

    @property
    def url(self) -> str:
        return self.server.url

    async def invite(
        self,
        role: str = "client",
        *,
        max_uses: int | None = 1,
        kind: str = "survey",
        days: int = 7,
    ) -> str:
        return await invite_code(
            self.store, role, max_uses=max_uses, kind=kind, days=days, round_name="Web test"
        )

    def visitor(self, forwarded_for: str | None = None) -> WebVisitor:
        return WebVisitor(self.url, forwarded_for=forwarded_for)

    async def count(self, table: str) -> int:
        async with self.store.conn.execute(f"SELECT count(*) FROM {table}") as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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
