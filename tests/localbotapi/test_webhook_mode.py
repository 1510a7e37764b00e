"""The local Bot API in webhook mode, as Telegram behaves: setWebhook refuses what Telegram
refuses, updates are POSTed with the secret token and sent again until the bot answers 200, and
getUpdates is a conflict while a webhook is set."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp import web

from localbotapi import LocalBotApi
from tests.ports import free_port

TOKEN = "123456:HOOK"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


async def call(http: aiohttp.ClientSession, api: LocalBotApi, method: str, **params: Any) -> Any:
    async with http.post(f"{api.base_url}{TOKEN}/{method}", json=params) as response:
        return await response.json()


async def test_updates_go_to_the_webhook_until_it_takes_them() -> None:
    received: list[tuple[str, str | None, dict[str, Any]]] = []
    answers = [500]  # the bot fails once, then takes every update

    async def bot(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((request.path, secret, await request.json()))
        return web.Response(status=answers.pop() if answers else 200)

    app = web.Application()
    app.router.add_post("/telegram", bot)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with (
            LocalBotApi(token=TOKEN, webhook_via=f"http://127.0.0.1:{port}") as api,
            aiohttp.ClientSession() as http,
        ):
            hook = {"url": "https://inspraak.voorbeeld.nl/telegram", "secret_token": "s3cr3t"}
            assert (await call(http, api, "setWebhook", **hook))["ok"]
            info = await call(http, api, "getWebhookInfo")
            assert info["result"]["url"] == hook["url"]
            await api.user(301, "Hanna").send_text("hallo", wait=False)
            await api.webhooks.wait_until(lambda: api.webhooks.delivered == 1)
            # Sent twice (the first answer was 500), to the path of the URL, with the secret.
            assert [(path, secret) for path, secret, _ in received] == [
                ("/telegram", "s3cr3t"),
                ("/telegram", "s3cr3t"),
            ]
            assert received[-1][2]["message"]["text"] == "hallo"
            assert api.pending == [] and [q.update_id for q in api.confirmed] == [1]
            conflict = await call(http, api, "getUpdates")
            assert conflict["error_code"] == 409 and "webhook is active" in conflict["description"]
            # Back to polling: deleteWebhook, and getUpdates gets what comes next.
            assert (await call(http, api, "deleteWebhook"))["ok"]
            await api.user(301).send_text("weer", wait=False)
            polled = await call(http, api, "getUpdates")
            assert [u["message"]["text"] for u in polled["result"]] == ["weer"]
            assert len(received) == 2
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("url", "via", "refusal"),
    [
        ("http://inspraak.voorbeeld.nl/telegram", "http://127.0.0.1:9", "An HTTPS URL must be"),
        ("https://inspraak.voorbeeld.nl/telegram", None, "Failed to resolve host"),
    ],
)
async def test_set_webhook_refuses_what_telegram_refuses(
    url: str, via: str | None, refusal: str
) -> None:
    async with LocalBotApi(token=TOKEN, webhook_via=via) as api, aiohttp.ClientSession() as http:
        answer = await call(http, api, "setWebhook", url=url)
        assert answer["ok"] is False and refusal in answer["description"]
        assert api.webhooks.hook is None
