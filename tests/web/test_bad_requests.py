"""Every bad request gets a page, never a 500: bytes that are no UTF-8, ids no row can have,
methods an address does not take, bodies too large. Participants see the form's layout,
coordinators the console's; the log gets one line, no traceback."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator

import aiohttp
import pytest
from multidict import CIMultiDictProxy

from demo.web_visitor import WebVisitor
from tests.web.conftest import WebWorld

HUGE = "99999999999999999999999"
CONSOLE = "Inspraak · beheer"  # the console's header
FORM = "Naar de vragen"  # the participant form's way back


@pytest.fixture(autouse=True)
def no_tracebacks(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert record.levelno < logging.ERROR, record.getMessage()


async def coordinator(world: WebWorld) -> WebVisitor:
    """A signed-in coordinator on the console's overview."""
    person = WebVisitor(world.url)
    secret = await world.store.new_console_login("code:Kwaliteit")
    await person.open(f"/beheer/inloggen/{secret}")
    await person.press("Inloggen")
    assert "Rondes" in person.html, person.text
    return person


async def send(
    world: WebWorld,
    method: str,
    path: str,
    body: bytes = b"",
    content_type: str = "application/x-www-form-urlencoded",
    http: aiohttp.ClientSession | None = None,
) -> tuple[int, str, CIMultiDictProxy[str]]:
    own = http is None
    session = http or aiohttp.ClientSession()
    try:
        async with session.request(
            method, world.url + path, data=body, headers={"Content-Type": content_type}
        ) as response:
            return response.status, await response.text(errors="replace"), response.headers
    finally:
        if own:
            await session.close()


async def test_bytes_that_are_no_utf8_get_a_page_also_without_a_session(world: WebWorld) -> None:
    bodies = [
        (b"code=\xff\xfe", "application/x-www-form-urlencoded"),
        (b"csrf=x&knop=\xc3\x28", "application/x-www-form-urlencoded"),
        (b"code=abc", "application/x-www-form-urlencoded; charset=geen-tekenset"),
        (
            b'--g\r\nContent-Disposition: form-data; name="code"\r\n\r\n\xff\xfe\r\n--g--\r\n',
            "multipart/form-data; boundary=g",
        ),
    ]
    for body, kind in bodies:
        for path in ("/v", "/v/actie", "/v/terug/" + "a" * 43):
            status, html, _ = await send(world, "POST", path, body, kind)
            assert status == 400, (path, body, html)
            assert "Dit konden we niet lezen" in html and FORM in html
        status, html, _ = await send(world, "POST", "/beheer/inloggen", body, kind)
        assert status == 400 and "Dit konden we niet lezen" in html
        assert CONSOLE in html and FORM not in html
    assert await world.count("participants") == 0


async def test_a_signed_in_coordinator_sending_bad_bytes_gets_the_console_page(
    world: WebWorld,
) -> None:
    await world.invite()
    [round_] = await world.store.list_rounds()
    async with await coordinator(world) as person:
        status, html, _ = await send(
            world,
            "POST",
            f"/beheer/rondes/{round_.id}/uitnodigingen",
            b"count=\xff",
            http=person.session,
        )
        assert status == 400 and CONSOLE in html and FORM not in html
        assert "Dit konden we niet lezen" in html


async def test_ids_no_row_can_have_are_pages_that_do_not_exist(world: WebWorld) -> None:
    await world.invite()
    [round_] = await world.store.list_rounds()
    async with await coordinator(world) as person:
        for path in (
            f"/beheer/rondes/{HUGE}",
            f"/beheer/rondes/{HUGE}/uitnodigingen",
            f"/beheer/rondes/{HUGE}/verslag",
            f"/beheer/locaties/{HUGE}",
            "/beheer/rondes/0",
        ):
            assert await person.open(path) == 404, path
            assert "Deze pagina bestaat niet" in person.heading and FORM not in person.html
            assert "Uitloggen" in person.html  # the console's own layout, still signed in
        # Huge numbers in the query and in forms: the page as if they were not there.
        base = f"/beheer/rondes/{round_.id}"
        for path in (
            f"/beheer/locaties?hernoemd={HUGE}",
            f"{base}/uitnodigingen?van=1&tot={HUGE}",
            f"{base}/uitnodigingen?van={HUGE}&tot={HUGE}",
            f"{base}/citaten?positie={HUGE}",
            f"{base}/uitnodigingen?van=%C2%B2&tot=%C2%B2",  # '²' is a digit to Python
        ):
            assert await person.open(path) == 200, path
        await person.open(f"{base}/uitnodigingen")
        for count, days, uses in (("²", "", "een"), ("3", HUGE, "een"), ("3", "", "meer")):
            form = {"role": "client", "location": "", "count": count, "days": days}
            form |= {"uses": uses, "n": HUGE}
            tokens = re.findall(r'name="(csrf|beheer_csrf)" value="([^"]+)"', person.html)
            assert await person.post(f"{base}/uitnodigingen", [*tokens, *form.items()]) == 400
            assert "Dat lukte niet" in person.text, (count, days, uses)
        assert await world.store.list_invites(round_.id) != []  # only the one made above


async def test_an_unknown_method_is_405_with_allow(world: WebWorld) -> None:
    for method, path, allowed in (
        ("PUT", "/v", {"GET", "HEAD", "POST"}),
        ("DELETE", "/v/actie", {"GET", "HEAD", "POST"}),
        ("PATCH", "/v/uitleg", {"GET", "HEAD"}),
        ("PROPFIND", "/v", {"GET", "HEAD", "POST"}),
        ("OPTIONS", "/v/mijn-gegevens", {"GET", "HEAD"}),
    ):
        status, html, headers = await send(world, method, path, b"\xff")
        assert status == 405, (method, path)
        assert set(str(headers["Allow"]).split(",")) == allowed
        assert "Dit kan niet op deze pagina" in html and FORM in html
    status, html, headers = await send(world, "DELETE", "/beheer/uitloggen")
    assert status == 405 and headers["Allow"] == "POST"
    assert CONSOLE in html and FORM not in html
    # A method aiohttp's HTTP parser does not know at all: refused before routing, and still
    # the product's own page (nothing logged above INFO: the fixture checks).
    status, html, headers = await send(world, "FROB", "/v/uitleg")
    assert status == 405 and set(str(headers["Allow"]).split(",")) == {"GET", "HEAD"}
    assert "Dit kan niet op deze pagina" in html and FORM in html
    assert headers["Content-Security-Policy"]  # the usual security headers
    status, html, headers = await send(world, "FROB", "/beheer/uitloggen")
    assert status == 405 and headers["Allow"] == "POST"
    assert CONSOLE in html and FORM not in html
    status, html, _ = await send(world, "FROB", "/bestaat/niet")
    assert status == 404 and FORM in html


async def test_a_body_too_large_gets_a_page(world: WebWorld) -> None:
    big = b"tekst=" + b"a" * 200_000
    async with WebVisitor(world.url) as person:
        await person.open(f"/v/{await world.invite()}")
        status, html, _ = await send(world, "POST", "/v/actie", big, http=person.session)
        assert status == 413 and "te groot" in html and FORM in html
    status, html, _ = await send(world, "POST", "/beheer/inloggen", big)
    assert status == 413 and "te groot" in html and CONSOLE in html and FORM not in html


async def test_console_errors_use_the_console_layout(world: WebWorld) -> None:
    async with WebVisitor(world.url) as person:
        assert await person.open("/beheer/bestaat/niet") == 404
        assert CONSOLE in person.html and FORM not in person.html
        assert "Naar het overzicht" in person.text
        # A console form without its token: refused in the console's layout.
        assert await person.post("/beheer/inloggen", [("code", "abc")]) == 403
        assert CONSOLE in person.html and FORM not in person.html
        assert await person.open("/v/bestaat/niet/echt") == 404
        assert FORM in person.html and CONSOLE not in person.html


async def test_requests_the_http_parser_refuses_log_one_line(
    world: WebWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """Raw bytes in the address or no HTTP at all never reach a handler: aiohttp's parser
    refuses them. They get the 400 page in the layout of the address's part of the site; the
    log says so in one line, without a traceback or the request line."""
    host, port = world.url.removeprefix("http://").split(":")
    for raw, layout in (
        (b"GET /v/\xff\xfeabcdefghjkmn HTTP/1.1\r\nHost: x\r\n\r\n", FORM),
        (b"POST /beheer/\xff HTTP/1.1\r\nHost: x\r\n\r\n", CONSOLE),
        (b"\x16\x03\x01garbage\r\n\r\n", FORM),
    ):
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(raw)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.split(b"\r\n")[0].endswith(b"400 Bad Request"), answer
        page = body.decode()
        assert "Dit konden we niet lezen" in page and layout in page, page
        assert "abcdefghjkmn" not in page
    logged = [r.getMessage() for r in caplog.records if "no valid HTTP" in r.getMessage()]
    assert logged and all("abcdefghjkmn" not in line for line in logged)
