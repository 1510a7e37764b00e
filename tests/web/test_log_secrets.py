"""No invite code, resume token, console login secret or session cookie reaches a log, at DEBUG,
whichever access log the web server writes: ours (no paths) or aiohttp's own default one,
which writes the request line with its path and query and the Referer."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web_log

from demo.web_visitor import answer_everything
from inspraak import redact
from questionnaires.model import Catalog
from storage.console import CODE_LENGTH, grouped
from tests.web.conftest import WebWorld, web_world
from tests.web.console_world import Client
from web import app as web_app


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, redacted as `inspraak run` and `inspraak web` set it up."""
    caplog.set_level(logging.DEBUG)
    redact.install()
    try:
        yield caplog
    finally:
        redact.uninstall()


@pytest.mark.parametrize("access_log", ["ours", "aiohttp"])
async def test_web_form_and_console_leave_no_secret_in_the_log(
    tmp_path: Path,
    catalog: Catalog,
    debug_log: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    access_log: str,
) -> None:
    if access_log == "aiohttp":  # '%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"'
        monkeypatch.setattr(web_app, "AccessLogger", web_log.AccessLogger)
    async with web_world(tmp_path, catalog) as world:
        secrets = await use_every_secret(world)
        routes = [
            info.get("formatter", "")
            for route in world.server.runner.app.router.routes()
            if route.resource is not None
            for info in [route.resource.get_info()]
        ]
    # Every address part that is not a round or location number, report part or file format is
    # a secret.
    with_secret = {r for r in routes if re.search(r"\{(?!round|location|fmt|part|question)", r)}
    assert with_secret == {"/v/{code}", "/v/terug/{token}", "/beheer/inloggen/{secret}"}
    for route in with_secret:
        filled = re.sub(r"\{\w+\}", "abcdefghjkmn23", route)
        assert (
            redact.Redactor()(f"GET {filled} 200")
            == "GET " + filled.replace("abcdefghjkmn23", "[secret]") + " 200"
        )
    logged = "\n".join(record.getMessage() for record in debug_log.records)
    if access_log == "aiohttp":  # the access log wrote every path, with the secrets taken out
        for path in ("GET /v/[secret] ", "GET /v/terug/[secret] ", "/beheer/inloggen/[secret] "):
            assert path in logged
        assert "GET /v/uitleg " in logged and "GET /beheer " in logged
        assert "/v/actie?knop=[secret] " in logged
    else:
        assert "GET invite 200" in logged and "POST console_login 303" in logged
    assert "SELECT" in logged  # the database layer logged too
    for name, secret in secrets.items():
        assert secret not in logged, name


async def use_every_secret(world: WebWorld) -> dict[str, str]:
    """A participant and a coordinator at work; returns every secret they used."""
    code = await world.invite()
    async with world.visitor() as person, world.visitor() as other_device:
        await person.open(f"/v/{code}")
        await person.press("Ja, ik doe mee")
        found = re.search(r'href="http[^"]+/v/terug/([^"]+)"', person.html)
        assert found is not None
        resume = found[1]
        await person.open("/v/uitleg")
        await person.open("/v/actie?knop=a:1:x:0")  # a POST's address opened as a link
        await other_device.open(f"/v/terug/{resume}")  # the resume link on another device
        await answer_everything(person, 0, text="Jan de Vries helpt mij elke dinsdag")
        session = cookie(person.session, "inspraak")

    link = await world.store.new_console_login("code:Kim de Vries")
    typed = await world.store.new_console_login("code:Piet", length=CODE_LENGTH)
    clients = [Client(world.url), Client(world.url)]
    try:
        by_link, by_code = clients
        assert (await by_link.log_in(link)).status == 303
        await by_code.get("/beheer/inloggen")
        response = await by_code.post(
            "/beheer/inloggen", {**by_code.tokens(), "code": grouped(typed)}
        )
        assert response.status == 303
        for coordinator in clients:
            assert (await coordinator.get("/beheer")).status == 200
        await by_link.get(f"/beheer/inloggen/{link}")  # a used link opened again: refused
        console_session = cookie(by_link.http, "inspraak-beheer")
    finally:
        for client in clients:
            await client.close()
    return {
        "invite code": code,
        "resume token": resume,
        "session cookie": session,
        "console link": link,
        "console code": typed,
        "console code as typed": grouped(typed),
        "console session": console_session,
        "answer": "dinsdag",
    }


def cookie(http: aiohttp.ClientSession, name: str) -> str:
    [value] = [morsel.value for morsel in http.cookie_jar if morsel.key == name]
    return value


def test_secrets_in_addresses_are_redacted() -> None:
    """The shapes other loggers (a client, a proxy's line in an error) write them in."""
    redactor = redact.Redactor()
    lines = {
        "https://t.me/inspraak_bot?start=abcdefghjkmn": "?start=[secret]",
        "GET /beheer/inloggen?code=abcd-efgh-jkmn HTTP/1.1": "?code=[secret] ",
        "Cookie: inspraak=Zm9vYmFyYmF6cXV4cXV1eA; __Host-inspraak-beheer=c2VjcmV0c2VjcmV0": (
            "inspraak=[secret]; __Host-inspraak-beheer=[secret]"
        ),
        "{'code': 'abcdefghjkmn', 'csrf': 'ff0011'}": "{'code': [secret], 'csrf': [secret]}",
        "Referer: https://inspraak.zorg.nl/v/abcdefghjkmn": "zorg.nl/v/[secret]",
    }
    for line, expected in lines.items():
        assert expected in redactor(line), line
        assert "abcdefghjkmn" not in redactor(line) and "ff0011" not in redactor(line)
    kept = (
        "GET /v/mijn-gegevens, /v/wissen, /v/uitleg, /v/vraag/0a1b2c3d, /v/overzicht, "
        "/v/welkom, /v/gepauzeerd, /v/bericht and /beheer/inloggen?verlopen=1"
    )
    assert redactor(kept) == kept
