"""Nobody but a signed-in coordinator reaches any console page or file: not participants, not
with an expired, replayed or guessed link, not with a forged or stale cookie, not through path
tricks, not by a forged form. Plain HTTP, as a script would attack."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from storage.console import CODE_LENGTH
from tests.web.console_world import ConsoleWorld, console_world, signed_in
from web.app import SECURITY

SAMPLE = {"round": "1", "part": "all", "fmt": "md", "secret": "x" * 32, "location": "1"}
PUBLIC = {"/beheer/inloggen", "/beheer/inloggen/{secret}"}
SECRET_WORDS = ("Najaar", "inputsectie", "pseudoniem", "Team Noord", 'beheer_csrf" value="a')


def console_paths(world: ConsoleWorld) -> list[tuple[str, str]]:
    """Every console route as (method, path), with sample values for its parameters."""
    app = world.server.runner.app
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        template = info.get("path") or info.get("formatter") or ""
        if not template.startswith("/beheer") or route.method == "HEAD":
            continue
        found.append((route.method, template))
    return found


def fill(template: str) -> str:
    sample = {**SAMPLE, "fmt": "csv"} if "/export/" in template else SAMPLE
    return re.sub(r"\{(\w+)(?::[^}]*)?\}", lambda m: sample[m[1]], template)


async def test_no_page_or_file_without_a_session(console: ConsoleWorld) -> None:
    await console.open_round("Team Noord")
    paths = console_paths(console)
    assert len(paths) >= 20, paths
    participant = console.client()
    await participant.get("/v")  # a participant with a web session of their own
    forged = console.client()
    forged.http.cookie_jar.update_cookies({"inspraak-beheer": "A" * 43})
    for client in (participant, forged):
        for method, template in paths:
            path = fill(template)
            if template in PUBLIC:
                continue
            if method == "GET":
                response = await client.get(path)
                assert response.status == 303, path
                assert response.headers["Location"] == "/beheer/inloggen?verlopen=1"
            else:
                response = await client.post(path, {**client.tokens(), "name": "Gekaapt"})
                assert response.status == 403, path
            assert not any(word in client.last for word in SECRET_WORDS), path
    assert await console.store.list_invites(1) == []
    assert [loc.name for loc in await console.store.list_locations()] == ["Team Noord"]


async def test_expired_replayed_and_guessed_links(console: ConsoleWorld) -> None:
    client = console.client()
    expired = await console.store.new_console_login("telegram:900", timedelta(seconds=-1))
    response = await client.get(f"/beheer/inloggen/{expired}")
    assert response.status == 410 and "verlopen" in client.last
    response = await client.log_in(expired)
    assert response.status == 403 and "verlopen" in client.last

    link = await console.login_link()
    secret = link.rsplit("/", 1)[1]
    first = console.client()
    assert (await first.log_in(secret)).status == 303
    replay = console.client()
    response = await replay.log_in(secret)
    assert response.status == 403 and "al gebruikt" in replay.last
    assert (await replay.get("/beheer")).status == 303

    # A code for someone no longer a coordinator opens nothing.
    gone = await console.store.new_console_login("telegram:12345")
    response = await replay.log_in(gone)
    assert response.status == 403 and "niet (meer) op de lijst" in replay.last

    # Guessing typed codes is slowed down: after 10 wrong tries even a right one waits.
    guesser = console.client()
    await guesser.get("/beheer/inloggen")
    for n in range(10):
        response = await guesser.post(
            "/beheer/inloggen", {**guesser.tokens(), "code": f"abcd-efgh-jk{n:02d}"}
        )
        assert response.status in (403, 429)  # the tries above count too
    code = await console.store.new_console_login("code:kim", length=CODE_LENGTH)
    response = await guesser.post("/beheer/inloggen", {**guesser.tokens(), "code": code})
    assert response.status == 429 and "Wacht 10 minuten" in guesser.last
    assert await console.store.console_login_state(code) == "valid"  # not spent
    refused = [e for e in await console.store.audit_entries(50) if e[2] == "console_login_refused"]
    assert len(refused) >= 13


async def test_stale_and_foreign_sessions(console: ConsoleWorld) -> None:
    round_id = await console.open_round("Team Noord")
    client = await signed_in(console)
    assert (await client.get(f"/beheer/rondes/{round_id}")).status == 200

    # Idle longer than INSPRAAK_CONSOLE_IDLE_MINUTES: log in again.
    await console.store.conn.execute(
        "UPDATE console_sessions SET seen_at = '2000-01-01T00:00:00+00:00'"
    )
    response = await client.get(f"/beheer/rondes/{round_id}")
    assert response.status == 303 and "verlopen" in response.headers["Location"]

    # Logged out: the old cookie is worth nothing, also when put back by hand.
    client = await signed_in(console)
    token = next(c.value for c in client.http.cookie_jar if c.key == "inspraak-beheer")
    await client.post("/beheer/uitloggen", client.tokens())
    again = console.client()
    again.http.cookie_jar.update_cookies({"inspraak-beheer": token})
    assert (await again.get("/beheer")).status == 303

    # Taken off INSPRAAK_COORDINATORS: the running session stops at the next click.
    client = await signed_in(console)
    console.bot.settings.coordinators.remove(900)
    assert (await client.get("/beheer")).status == 303


async def test_forged_forms_change_nothing(console: ConsoleWorld) -> None:
    round_id = await console.open_round("Team Noord")
    client = await signed_in(console)
    form = {"role": "client", "location": "Team Noord", "count": "3", "uses": "een"}
    path = f"/beheer/rondes/{round_id}/uitnodigingen"
    tokens = client.tokens()
    # Without the console token, with another session's token, from another site.
    other = await signed_in(console)
    for data, headers in [
        ({"csrf": tokens["csrf"], **form}, {}),
        ({**tokens, "beheer_csrf": other.tokens()["beheer_csrf"], **form}, {}),
        ({**tokens, **form}, {"Origin": "https://evil.example"}),
        ({"beheer_csrf": tokens["beheer_csrf"], **form}, {}),
    ]:
        response = await client.post(path, data, headers=headers)
        assert response.status == 403
    assert await console.store.list_invites(round_id) == []
    response = await client.post(path, {**tokens, **form})
    assert response.status == 303
    assert len(await console.store.list_invites(round_id)) == 3


async def test_path_tricks_reach_no_file(console: ConsoleWorld) -> None:
    round_id = await console.open_round("Team Noord")
    client = await signed_in(console)
    db = console.bot.settings.db_path
    tricks = [
        f"/beheer/rondes/{round_id}/verslag/..%2F..%2F..%2Fetc%2Fpasswd",
        f"/beheer/rondes/{round_id}/verslag/all.py",
        f"/beheer/rondes/{round_id}/verslag/all.docx%00.md",
        f"/beheer/rondes/{round_id}/verslag/../../../../etc/passwd",
        f"/beheer/rondes/{round_id}/export/..%2F{db.name}",
        f"/beheer/rondes/{round_id}/export/sqlite",
        "/beheer/rondes/999/verslag/all.md",
        "/beheer/rondes/-1/export/csv",
        f"/beheer/rondes/{round_id}/kaarten?van=0&tot=999999",
        "/static/..%2F..%2Fpyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        f"/beheer/{db}",
    ]
    for trick in tricks:
        response = await client.get(trick)
        assert response.status in (303, 400, 403, 404), trick
        assert "root:" not in client.last and "[project]" not in client.last, trick
        assert "SQLite format" not in client.last, trick
    ok = await client.get(f"/beheer/rondes/{round_id}/verslag/all.md")
    assert ok.status == 200 and "attachment" in ok.headers["Content-Disposition"]


async def test_cookies_are_strict_and_secure_under_https(
    tmp_path: Path, short_catalog: Catalog
) -> None:
    async with (
        LocalBotApi() as api,
        console_world(
            api, tmp_path, short_catalog, INSPRAAK_PUBLIC_URL="https://inspraak.zorg.example"
        ) as world,
    ):
        assert world.server.runner.app[SECURITY].secure
        client = world.client()
        secret = await world.store.new_console_login("telegram:900")
        page = await client.get(f"/beheer/inloggen/{secret}")
        # A Secure cookie is not sent back over the test's plain http: send it by hand.
        session = page.cookies["__Host-inspraak"].value
        response = await client.post(
            "/beheer/inloggen",
            {**client.tokens(), "code": secret},
            headers={"Cookie": f"__Host-inspraak={session}"},
        )
        assert response.status == 303, client.last
        [cookie] = [c for c in response.headers.getall("Set-Cookie") if "inspraak-beheer=" in c]
        assert cookie.startswith("__Host-inspraak-beheer=")
        for part in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
            assert part in cookie, cookie
        assert "Domain" not in cookie
        token = cookie.split(";", 1)[0].split("=", 1)[1]
        assert token not in str(await world.store.audit_entries())
