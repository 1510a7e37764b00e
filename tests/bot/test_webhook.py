"""`inspraak run` in webhook mode, as README's "Going live" sets it up behind a proxy: Telegram
(the local Bot API) POSTs each update to /telegram with the secret token; nothing polls."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.reach import ADVICE
from conversation.reachable import Trouble
from inspraak.cli import main
from localbotapi import LocalBotApi
from storage.store import Store
from tests.bot.test_unreachable import until_health
from tests.ports import free_port, inspraak_run

TOKEN = "123456:WEBHOOK-TEST"
SECRET = "webhook-secret-of-32-characters-"
PUBLIC = "https://inspraak.voorbeeld.nl"


async def an_invite(db: Path) -> str:
    async with Store.open(db) as store:
        round_ = await store.create_round(
            "Haak", date.today().year, date.today(), date.today() + timedelta(30)
        )
        [invite] = await store.create_invites(
            round_.id, "client", 1, datetime.now(UTC) + timedelta(days=1)
        )
    return invite.code


def webhook_settings(db: Path, hook_port: int, web_port: int) -> dict[str, str]:
    """README's settings for a webhook behind a proxy, for `inspraak run` and `inspraak health`."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "INSPRAAK_DB": str(db),
        "INSPRAAK_WEBHOOK_URL": PUBLIC,
        "INSPRAAK_WEBHOOK_SECRET": SECRET,
        "INSPRAAK_WEBHOOK_PORT": str(hook_port),
        "INSPRAAK_WEB_PORT": str(web_port),
        "INSPRAAK_LOG_LEVEL": "INFO",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


async def test_the_bot_takes_updates_from_its_webhook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, hook_port, web_port = tmp_path / "haak.sqlite3", free_port(), free_port()
    code = await an_invite(db)
    settings = webhook_settings(db, hook_port, web_port)
    # The proxy of README's Caddyfile: https://<domain>/telegram reaches the webhook port.
    async with LocalBotApi(token=TOKEN, webhook_via=f"http://127.0.0.1:{hook_port}") as api:
        settings["TELEGRAM_API_URL"] = api.base_url
        bot = await inspraak_run(settings, tmp_path)
        try:
            # A whole bot starting on a busy test machine can take a while.
            await api.webhooks.wait_until(lambda: api.webhooks.hook is not None, timeout=120)
            hook = api.webhooks.hook
            assert hook is not None and (hook.url, hook.secret) == (f"{PUBLIC}/telegram", SECRET)
            person = api.user(4243, "Haak")
            person.timeout = 60
            await person.command("start", code)
            assert "Ja, ik doe mee" in [label for row in person.buttons for label in row]
            await person.press("Ja, ik doe mee")
            assert "Je doet mee" in person.last_text
            # Only Telegram knows the secret: an update forged in the person's name is refused
            # and gets no reply.
            seen = api.stamp
            chat = {"id": 4243, "type": "private", "first_name": "Haak"}
            forged = {
                "update_id": 999,
                "message": {
                    "message_id": 99,
                    "date": int(datetime.now(UTC).timestamp()),
                    "chat": chat,
                    "from": {"id": 4243, "is_bot": False, "first_name": "Haak"},
                    "text": "/help",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    f"http://127.0.0.1:{hook_port}/telegram",
                    json=forged,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong" * 7},
                ) as response,
            ):
                assert response.status == 403
            await asyncio.sleep(0.5)
            assert api.stamp == seen
            # The container's HEALTHCHECK: the webhook server counts as Telegram's loop.
            for name, value in settings.items():
                monkeypatch.setenv(name, value)
            assert await asyncio.to_thread(main, ["health"]) == 0
            assert capsys.readouterr().out == "healthy: database, telegram\n"
            assert api.polls == 0 and api.webhooks.delivered == 2
        finally:
            bot.terminate()
            _, log = await bot.communicate()
    assert f"ready: Telegram webhook, web form at http://127.0.0.1:{web_port}/v" in log.decode()


UNDELIVERED = (
    "unhealthy: telegram: Telegram cannot deliver updates to the webhook "
    "<INSPRAAK_WEBHOOK_URL>/telegram. Check that the reverse proxy passes /telegram on to "
    "INSPRAAK_WEBHOOK_PORT, and the host name's DNS and certificate\n"
)


async def test_health_fails_while_telegram_cannot_deliver_to_the_webhook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reverse proxy does not pass /telegram on (yet): Telegram takes the webhook, but
    every update it tries to deliver fails. Health fails with what to check; once the proxy
    passes it on, the waiting update is answered and health passes again."""
    db, hook_port, web_port, nowhere = tmp_path / "haak.sqlite3", *(free_port() for _ in "123")
    code = await an_invite(db)
    settings = webhook_settings(db, hook_port, web_port)
    settings["INSPRAAK_UNREACHABLE_SECONDS"] = "2"  # README's default is 120
    # The proxy passes https://<domain>/telegram to a port where nothing listens.
    async with LocalBotApi(token=TOKEN, webhook_via=f"http://127.0.0.1:{nowhere}") as api:
        settings["TELEGRAM_API_URL"] = api.base_url
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        bot = await inspraak_run(settings, tmp_path)
        try:
            await api.webhooks.wait_until(lambda: api.webhooks.hook is not None, timeout=120)
            person = api.user(4244, "Haak")
            person.timeout = 60
            started = asyncio.create_task(person.command("start", code))  # waits for a reply
            assert await until_health(capsys, 1, timeout=30) == UNDELIVERED
            hook = api.webhooks.hook
            assert hook is not None
            hook.target = f"http://127.0.0.1:{hook_port}/telegram"  # the proxy is put right
            await started
            assert "Ja, ik doe mee" in [label for row in person.buttons for label in row]
            assert await until_health(capsys, 0, timeout=30) == "healthy: database, telegram\n"
        finally:
            bot.terminate()
            _, err = await bot.communicate()
    log = err.decode()
    said = [line.split(": ", 1)[1] for line in log.splitlines() if " WARNING " in line]
    assert len(said) == 2, log
    assert said[0].startswith("Telegram's webhook not reached for ")
    assert said[0].endswith(
        f"(Connection failed: ClientConnectorError): {ADVICE[Trouble.UNDELIVERED]}. The health "
        "check fails until it answers again."
    )
    assert said[1].startswith("Telegram's webhook reached again after ")
    assert "Traceback" not in log
