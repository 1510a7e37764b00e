"""The real web server with the WhatsApp webhook, and the local Cloud API with people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import pytest

from localwhatsapp import LocalCloudApi, Person
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store
from tests.channel_world import ChannelWorld
from tests.ports import free_port
from web.app import WebServer, default_sections, serving
from whatsapp import webhook
from whatsapp.client import CloudApi

APP_SECRET = "0123456789abcdef0123456789abcdef"
VERIFY_TOKEN = "verify-token-0123456789"


@dataclass
class WhatsAppWorld(ChannelWorld):
    store: Store
    settings: Settings
    server: WebServer
    api: LocalCloudApi
    client: CloudApi
    round_name: ClassVar[str] = "WA test"

    def person(self, number: str = "31612345678", name: str = "Anna") -> Person:
        return self.api.person(number, name)


@asynccontextmanager
async def whatsapp_world(
    tmp_path: Path,
    catalog: Catalog,
    *,
    owed_every: float = 30.0,
    unreachable_seconds: int = 120,
) -> AsyncIterator[WhatsAppWorld]:
    port = free_port()
    async with LocalCloudApi(
        app_secret=APP_SECRET, webhook_url=f"http://127.0.0.1:{port}/whatsapp"
    ) as api:
        settings = Settings(
            INSPRAAK_DB=tmp_path / "wa.sqlite3",
            INSPRAAK_WEB_PORT=port,
            INSPRAAK_ORGANISATION="Zorggroep De Linde",
            WHATSAPP_TOKEN=api.token,
            WHATSAPP_PHONE_NUMBER_ID=api.phone_number_id,
            WHATSAPP_PHONE_NUMBER="+" + api.display_number,
            WHATSAPP_APP_SECRET=APP_SECRET,
            WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
            WHATSAPP_API_URL=api.base_url,
            INSPRAAK_UNREACHABLE_SECONDS=unreachable_seconds,
        )
        client = CloudApi(api.base_url, api.phone_number_id, api.token, retries=3, backoff=0.05)
        section = webhook.section(
            client, owed_every=timedelta(seconds=owed_every), reminders_every=None
        )
        async with (
            Store.open(settings.db_path) as store,
            serving(settings, catalog, store, sections=[*default_sections(), section]) as server,
        ):
            yield WhatsAppWorld(store, settings, server, api, client)


@pytest.fixture
async def world(tmp_path: Path, catalog: Catalog) -> AsyncIterator[WhatsAppWorld]:
    async with whatsapp_world(tmp_path, catalog) as world:
        yield world
