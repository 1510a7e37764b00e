"""WhatsApp out of reach: Meta refuses the token (revoked, expired). The reply is owed and
tried again; once that lasts INSPRAAK_UNREACHABLE_SECONDS, /healthz fails with "refused" and
the log says once what to do; with the token accepted again the question goes out, health
passes and the log says once that it is back."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest

from questionnaires.model import Catalog
from tests.whatsapp.conftest import whatsapp_world
from tests.whatsapp.test_e2e_edges import started


async def checks(url: str) -> tuple[int, object]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as response:
        return response.status, (await response.json())["checks"]


async def until(value: Callable[[], Awaitable[object]], expected: object) -> None:
    """Look every tenth of a second (the channel tries again on its own) for 10 seconds."""
    async with asyncio.timeout(10):
        while await value() != expected:  # noqa: ASYNC110
            await asyncio.sleep(0.1)


async def test_health_fails_while_meta_refuses_the_token_and_passes_after(
    tmp_path: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with whatsapp_world(tmp_path, catalog, owed_every=0.2, unreachable_seconds=1) as world:
        await started(world)
        url = world.server.url
        assert await checks(url) == (200, {"database": "ok", "whatsapp": "ok"})
        token = world.api.token
        world.api.token = "EAArevoked0123456789"  # Meta no longer takes ours
        anna = world.person()
        assert await anna.choose("Eens", expect=False) == []
        assert await world.count("handled_deliveries WHERE replied = 0") == 1  # owed
        await until(lambda: checks(url), (503, {"database": "ok", "whatsapp": "refused"}))
        await asyncio.sleep(0.5)  # tried again meanwhile: still said once
        world.api.token = token
        await until(lambda: world.count("handled_deliveries WHERE replied = 0"), 0)
        # The owed reply: where she is, and her next question.
        assert anna.inbox[-2].text == "Welkom terug! We gaan verder waar je was."
        assert anna.inbox[-1].buttons or anna.inbox[-1].rows
        assert await checks(url) == (200, {"database": "ok", "whatsapp": "ok"})
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert said == [
        "WhatsApp not reached for 1 second (HTTP 401, code 190): Meta refuses WHATSAPP_TOKEN "
        "(expired, revoked, or without permission whatsapp_business_messaging for "
        "WHATSAPP_PHONE_NUMBER_ID). Make a new system user token (README, Going live with "
        "WhatsApp, step 3), set it and restart. The health check fails until it answers again.",
        said[1],
    ]
    assert said[1].startswith("WhatsApp reached again after ")
