"""The bot and the web server on one database, for the console tests: a coordinator logs in
through the bot's /beheer link and works in the browser while simulated people answer."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from storage.store import Store
from tests.bot.conftest import COORDINATOR, BotWorld, bot_world
from tests.ports import free_port
from web.app import WebServer, serving

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
CONSOLE_CSRF = re.compile(r'name="beheer_csrf" value="([^"]+)"')


@dataclass
class ConsoleWorld:
    bot: BotWorld
    server: WebServer
    clients: list[Client] = field(default_factory=list)

    def client(self) -> Client:
        """A plain HTTP client, closed with the world."""
        made = Client(self.url)
        self.clients.append(made)
        return made

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def store(self) -> Store:
        return self.bot.store

    async def open_round(self, *locations: str) -> int:
        """A round running from today for ten days ("Najaar"), with these locations."""
        today = date.today()
        made = await self.store.create_round("Najaar", 2026, today, today + timedelta(days=9))
        for location in locations:
            await self.store.add_location(location)
        return made.id

    async def login_link(self, user_id: int = COORDINATOR) -> str:
        """What the bot sends a coordinator who types /beheer: the link in it."""
        text = (await self.bot.user(user_id).command("beheer"))[-1].text
        [link] = re.findall(r"http://\S+/beheer/inloggen/\S+", text)
        return str(link)


@asynccontextmanager
async def console_world(
    api: LocalBotApi, tmp_path: Path, catalog: Catalog, **settings: Any
) -> AsyncIterator[ConsoleWorld]:
    port = free_port()
    async with (
        bot_world(
            api,
            tmp_path / "console.sqlite3",
            catalog,
            INSPRAAK_WEB_PORT=port,
            **settings,
        ) as bot,
        serving(bot.settings, catalog, bot.store, port=port) as server,
    ):
        world = ConsoleWorld(bot, server)
        try:
            yield world
        finally:
            for client in world.clients:
                await client.close()


class Client:
    """Plain HTTP with cookies, for the security tests: what a script (or attacker) can do."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.last = ""

    async def close(self) -> None:
        await self.http.close()

    async def get(self, path: str, **options: object) -> aiohttp.ClientResponse:
        response = await self.http.get(self.base + path, allow_redirects=False, **options)  # type: ignore[arg-type]
        self.last = await response.text(errors="replace")
        return response

    async def post(
        self, path: str, data: dict[str, str], **options: object
    ) -> aiohttp.ClientResponse:
        response = await self.http.post(
            self.base + path,
            data=data,
            allow_redirects=False,
            **options,  # type: ignore[arg-type]
        )
        self.last = await response.text(errors="replace")
        return response

    def tokens(self) -> dict[str, str]:
        """The CSRF fields of the last page."""
        found = {"csrf": CSRF.search(self.last)}
        console = CONSOLE_CSRF.search(self.last)
        tokens = {key: match[1] for key, match in found.items() if match}
        if console and console[1]:
            tokens["beheer_csrf"] = console[1]
        return tokens

    async def log_in(self, secret: str) -> aiohttp.ClientResponse:
        await self.get(f"/beheer/inloggen/{secret}")
        return await self.post("/beheer/inloggen", {**self.tokens(), "code": secret})


async def signed_in(world: ConsoleWorld) -> Client:
    """A plain HTTP client logged in through the bot's /beheer link, on the overview page."""
    client = world.client()
    secret = (await world.login_link()).rsplit("/", 1)[1]
    response = await client.log_in(secret)
    assert response.status == 303 and response.headers["Location"] == "/beheer"
    await client.get("/beheer")
    return client
