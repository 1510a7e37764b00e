"""The local Cloud API refuses what Meta refuses, with Meta's codes, and keeps the window."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from localwhatsapp import LocalCloudApi

Json = dict[str, Any]


def buttons(*titles: str) -> Json:
    replies = [
        {"type": "reply", "reply": {"id": f"b{i}", "title": t}} for i, t in enumerate(titles)
    ]
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Vraag"},
            "action": {"buttons": replies},
        },
    }


def rows(*titles: str) -> Json:
    section = {"rows": [{"id": f"r{i}", "title": t} for i, t in enumerate(titles)]}
    action = {"button": "Kies", "sections": [section]}
    return {
        "type": "interactive",
        "interactive": {"type": "list", "body": {"text": "Vraag"}, "action": action},
    }


async def post(api: LocalCloudApi, payload: Json, token: str | None = None) -> tuple[int, Json]:
    url = f"{api.base_url}/{api.phone_number_id}/messages"
    headers = {"Authorization": f"Bearer {token or api.token}"}
    body = {"messaging_product": "whatsapp", "to": "31612345678", **payload}
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as r:
        return r.status, await r.json()


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (buttons("Ja", "Nee", "Misschien", "Weet niet"), 131009),  # 4 buttons
        (buttons("Een titel van meer dan twintig"), 131009),
        (buttons("Ja", "Ja"), 131009),  # titles must differ
        (rows(*(f"Rij {n}" for n in range(11))), 131009),  # 11 rows
        (rows("Een rij met een titel te lang"), 131009),  # 29 > 24
        ({"type": "text", "text": {"body": "x" * 4097}}, 131009),
        ({"type": "text", "text": {}}, 100),
        ({"type": "sticker"}, 100),
    ],
)
async def test_limits_are_refused_with_metas_codes(payload: Json, code: int) -> None:
    async with LocalCloudApi() as api:
        api.person("31612345678").last_wrote = api.now()
        status, answer = await post(api, payload)
    assert status == 400 and answer["error"]["code"] == code
    assert answer["error"]["message"].startswith(f"(#{code})")


async def test_within_limits_is_delivered_and_the_window_closes() -> None:
    async with LocalCloudApi() as api:
        anna = api.person("31612345678")
        status, answer = await post(api, buttons("Ja", "Nee"))
        assert status == 400 and answer["error"]["code"] == 131047  # never wrote
        anna.last_wrote = api.now()
        status, answer = await post(api, rows(*(f"Rij {n}" for n in range(10))))
        assert status == 200 and answer["messages"][0]["id"].startswith("wamid.")
        assert anna.last.kind == "list" and len(anna.last.rows) == 10
        api.advance(hours=25)
        status, answer = await post(api, {"type": "text", "text": {"body": "Hoi"}})
        assert status == 400 and answer["error"]["code"] == 131047
        template = {"name": "inspraak_herinnering", "language": {"code": "nl"}}
        status, _ = await post(api, {"type": "template", "template": template})
        assert status == 200 and anna.last.template == "inspraak_herinnering"
        unknown = {"name": "reclame", "language": {"code": "nl"}}
        status, answer = await post(api, {"type": "template", "template": unknown})
        assert answer["error"]["code"] == 132001
        status, answer = await post(api, {"type": "text", "text": {"body": "x"}}, token="fout")
        assert status == 401 and answer["error"]["code"] == 190
