"""GET /healthz: the database takes a write and every configured channel is alive; and the
`inspraak health` command that a container's HEALTHCHECK runs."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from inspraak.cli import main
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Store
from tests.ports import free_port
from web.app import serving


class Channel:
    """A channel whose state the test switches: "ok", "stopped" or a kind of trouble."""

    def __init__(self) -> None:
        self.state = "ok"

    def __call__(self) -> str:
        return self.state


async def get(url: str) -> tuple[int, dict[str, object], aiohttp.ClientResponse]:
    async with aiohttp.ClientSession() as session, session.get(url + "/healthz") as response:
        return response.status, await response.json(), response


async def test_health_says_which_part_fails_and_nothing_more(
    tmp_path: Path,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Settings(INSPRAAK_DB=tmp_path / "health.sqlite3", INSPRAAK_WEB_PORT=free_port())
    telegram = Channel()
    async with (
        Store.open(settings.db_path) as store,
        serving(settings, catalog, store, channels={"telegram": telegram}) as server,
    ):
        status, body, response = await get(server.url)
        assert (status, body) == (
            200,
            {"status": "ok", "checks": {"database": "ok", "telegram": "ok"}},
        )
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers

        monkeypatch.setenv("INSPRAAK_WEB_PORT", str(settings.web_port))
        assert await asyncio.to_thread(main, ["health"]) == 0
        assert "healthy: database, telegram" in capsys.readouterr().out

        telegram.state = "stopped"
        status, body, _ = await get(server.url)
        assert (status, body) == (
            503,
            {"status": "unavailable", "checks": {"database": "ok", "telegram": "stopped"}},
        )
        assert await asyncio.to_thread(main, ["health"]) == 1
        assert capsys.readouterr().err == (
            "unhealthy: telegram: the bot's polling loop or webhook server has stopped. "
            "Restart the service\n"
        )
        # Telegram's token revoked: what is wrong and what to do, in one line.
        telegram.state = "refused"
        assert await asyncio.to_thread(main, ["health"]) == 1
        assert capsys.readouterr().err.startswith(
            "unhealthy: telegram: Telegram refuses TELEGRAM_BOT_TOKEN. Check it with @BotFather"
        )

        # Another process holds the write lock past the busy timeout: not writable.
        telegram.state = "ok"
        await store.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(settings.db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            status, body, _ = await get(server.url)
            assert await asyncio.to_thread(main, ["health"]) == 1
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert (status, body) == (
            503,
            {"status": "unavailable", "checks": {"database": "failing", "telegram": "ok"}},
        )
        assert "unhealthy: database: the database (INSPRAAK_DB) takes no write." in (
            capsys.readouterr().err
        )
        status, _, _ = await get(server.url)
        assert status == 200  # and the probe left nothing behind
        assert (
            await store.fetch_one("SELECT name FROM sqlite_master WHERE name = 'health_probe'")
            is None
        )


def test_health_without_a_running_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPRAAK_WEB_PORT", str(free_port()))
    assert main(["health", "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("unhealthy: no answer from http://127.0.0.1:")
    assert "Traceback" not in err
