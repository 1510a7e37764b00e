"""The shared security layer: headers, cookies, CSRF, guess limits, logs, error pages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from demo.web_visitor import answer_everything
from inspraak import redact
from questionnaires.model import Catalog
from tests.web.conftest import WebWorld, web_world
from web.app import SETTINGS, WebError, start
from web.participant import setup as participant_section
from web.security import CSP

STRICT = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


async def test_every_page_has_strict_headers(world: WebWorld) -> None:
    code = await world.invite()
    async with aiohttp.ClientSession() as http:
        for path in ("/v", f"/v/{code}", "/v/uitleg", "/v/bestaat/niet/echt", "/"):
            async with http.get(world.url + path) as response:
                for name, value in STRICT.items():
                    assert response.headers.get(name) == value, (path, name)
                assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        async with http.get(world.url + "/static/style.css") as response:
            assert response.status == 200 and response.headers["X-Content-Type-Options"]
            assert response.headers.get("Cache-Control") != "no-store"


async def test_pages_load_nothing_from_elsewhere(world: WebWorld) -> None:
    async with world.visitor() as person:
        await person.open(f"/v/{await world.invite()}")
        sources = re.findall(r'(?:src|href|action)="([^"]*)"', person.html)
        assert sources and all(s.startswith(("/", "#")) for s in sources), sources
        assert "style=" not in person.html and "<script>" not in person.html


async def test_session_cookie_is_httponly_samesite_and_secure_under_https(
    tmp_path: Path, catalog: Catalog
) -> None:
    https = web_world(tmp_path, catalog, INSPRAAK_PUBLIC_URL="https://inspraak.zorg.nl")
    async with https as w, aiohttp.ClientSession() as http, http.get(w.url + "/v") as response:
        cookie = response.headers["Set-Cookie"]
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert cookie.startswith("__Host-inspraak=")
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    assert "Domain" not in cookie


async def test_a_post_without_the_right_token_changes_nothing(world: WebWorld) -> None:
    code = await world.invite()
    async with world.visitor() as person:
        await person.open(f"/v/{code}")
        yes = next(
            b.value for f in person.page.forms for b in f.buttons if b.label == "Ja, ik doe mee"
        )
        # No token, a wrong token, another session's token, a foreign origin: all refused.
        assert await person.post("/v/actie", [("knop", yes)]) == 403
        assert "verlopen" in person.heading and "antwoorden zijn bewaard" in person.text
        assert await person.post("/v/actie", [("csrf", "0" * 64), ("knop", yes)]) == 403
        async with world.visitor() as other:
            await other.open("/v")
            stolen = other.csrf()
        assert await person.post("/v/actie", [("csrf", stolen), ("knop", yes)]) == 403
        await person.open(f"/v/{code}")
        token = person.csrf()
        async with person.session.post(
            world.url + "/v/actie",
            data={"csrf": token, "knop": yes},
            headers={"Origin": "https://evil.example"},
        ) as response:
            assert response.status == 403
        assert await world.count("participants") == 0
        invite = await world.store.get_invite(code)
        assert invite is not None and invite.uses == 0
        # With its own token the same press works.
        assert await person.press("Ja, ik doe mee") == 200
    assert await world.count("participants") == 1


async def test_answers_are_never_sent_in_a_url(world: WebWorld) -> None:
    async with world.visitor() as person:
        await person.open(f"/v/{await world.invite()}")
        await person.press("Ja, ik doe mee")
        await person.open("/v")
        for _ in range(4):
            assert all(form.method == "post" for form in person.page.forms)
            await person.press(next(label for label in person.labels if label != "« Terug"))
        assert "?" not in "".join(re.findall(r'action="([^"]*)"', person.html))
        stored = await world.count("answers")
        # The address of a POST opened as a link: back to the current question, no answer.
        assert await person.open("/v/actie?knop=a:1:x:0") == 200
        assert person.labels and await world.count("answers") == stored
        assert not person.alert  # and no code guess was counted


async def test_logs_hold_no_code_token_or_answer(
    world: WebWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """A whole web session at DEBUG, every logger, redacted as `inspraak web` sets it up."""
    caplog.set_level(logging.DEBUG)
    redact.install()
    try:
        await answer_with_secrets(world, caplog)
    finally:
        redact.uninstall()


async def answer_with_secrets(world: WebWorld, caplog: pytest.LogCaptureFixture) -> None:
    code = await world.invite()
    secret_answer = "Mijn begeleider Jan de Vries helpt mij elke dinsdag"
    async with world.visitor() as person:
        await person.open(f"/v/{code}")
        await person.press("Ja, ik doe mee")
        resume = re.search(r'href="(http[^"]+/v/terug/[^"]+)"', person.html)
        assert resume is not None
        await person.open("/v")
        await answer_everything(person, 0, text=secret_answer)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST act 303" in logged and "GET invite 200" in logged  # the access log wrote
    assert "GET question 200" in logged
    assert "SELECT" in logged  # and so did the database layer
    for secret in (code, resume[1].rsplit("/", 1)[1], "Jan de Vries", "dinsdag"):
        assert secret not in logged


async def test_friendly_pages_for_unknown_pages_and_failures(
    tmp_path: Path, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("interne details")

    def broken_section(app: web.Application) -> None:
        assert app[SETTINGS].organisation  # a section sees the shared application state
        app.router.add_get("/beheer/kapot", boom, name="broken")

    sections = [participant_section, broken_section]
    async with web_world(tmp_path, catalog, sections=sections) as world, world.visitor() as person:
        assert await person.open("/v/onzin/en/meer") == 404
        assert "bestaat niet" in person.heading
        assert await person.open("/beheer/kapot") == 500
        assert "Er ging iets mis" in person.heading and "Traceback" not in person.html
        assert "interne details" not in person.html
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)


async def test_a_port_in_use_is_one_clear_error(world: WebWorld) -> None:
    port = int(world.url.rsplit(":", 1)[1])
    with pytest.raises(WebError, match="choose another INSPRAAK_WEB_PORT"):
        await start(world.settings, world.catalog, world.store, port=port)
