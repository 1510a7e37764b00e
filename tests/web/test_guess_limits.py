"""Guess limits protect without locking people out: a budget per kind of secret (invite codes,
resume links, console logins) and per client address, none shared by everyone."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp

from demo.web_visitor import WebVisitor
from questionnaires.model import Catalog
from tests.web.conftest import WebWorld, web_world
from web.security import GuessLimiter, client_key

GUESSER = "192.0.2.66"


async def wrong_codes(world: WebWorld, address: str, count: int) -> list[int]:
    """`count` wrong invite codes from one address; the statuses answered."""
    statuses = []
    async with aiohttp.ClientSession(headers={"X-Forwarded-For": address}) as http:
        for n in range(count):
            async with http.get(f"{world.url}/v/abcdefghj{n:03d}") as response:
                statuses.append(response.status)
    return statuses


async def started_with_resume_link(world: WebWorld, address: str) -> str:
    """A person who consented (from `address`); the path of their personal resume link."""
    async with WebVisitor(world.url, forwarded_for=address) as person:
        await person.open(f"/v/{await world.invite()}")
        await person.press("Ja, ik doe mee")
        link = re.search(r'href="http[^"]+(/v/terug/[^"]+)"', person.html)
        assert link is not None, person.text
        return link[1]


async def console_login(world: WebWorld, address: str) -> int:
    """A coordinator logs in with a fresh one-time code; the status of the login."""
    secret = await world.store.new_console_login("code:Kwaliteit")
    async with WebVisitor(world.url, forwarded_for=address) as coordinator:
        await coordinator.open("/beheer/inloggen")
        async with coordinator.session.post(
            f"{world.url}/beheer/inloggen",
            data={"csrf": coordinator.csrf(), "code": secret},
            allow_redirects=False,
        ) as response:
            return response.status


async def test_a_guesser_locks_out_only_their_own_address_and_kind(
    tmp_path: Path, catalog: Catalog
) -> None:
    async with web_world(tmp_path, catalog, INSPRAAK_WEB_TRUST_PROXY=True) as world:
        resume = await started_with_resume_link(world, GUESSER)
        statuses = await wrong_codes(world, GUESSER, 200)
        assert statuses[:10] == [404] * 10 and set(statuses[10:]) == {429}
        # Another address opens a valid code as if nothing happened.
        code = await world.invite()
        async with WebVisitor(world.url, forwarded_for="198.51.100.7") as person:
            assert await person.open(f"/v/{code}") == 200
            assert "Doe je mee?" in person.text
            assert await person.press("Ja, ik doe mee") == 200
        # The guesser itself waits for codes, and is told so kindly...
        async with WebVisitor(world.url, forwarded_for=GUESSER) as guesser:
            assert await guesser.open(f"/v/{await world.invite()}") == 429
            assert "Wacht 10 minuten" in guesser.text
            # ...but its own resume link and a coordinator's login there have their own budget.
            assert await guesser.open(resume) == 200
            assert "Ja, ga verder" in guesser.labels
        assert await console_login(world, GUESSER) == 303
        # Wrong resume links use up the resume budget only.
        async with aiohttp.ClientSession(headers={"X-Forwarded-For": "203.0.113.5"}) as http:
            for n in range(12):
                async with http.get(f"{world.url}/v/terug/{'x' * 40}{n:03d}") as response:
                    assert response.status == (404 if n < 10 else 429)
            async with http.get(f"{world.url}/v/{code}") as response:
                assert response.status == 200  # a used code: a page, not a block


async def test_wrong_console_logins_block_only_console_logins(world: WebWorld) -> None:
    code = await world.invite()
    async with WebVisitor(world.url) as guesser:
        await guesser.open("/beheer/inloggen")
        for n in range(10):
            await guesser.post(
                "/beheer/inloggen", [("csrf", guesser.csrf()), ("code", f"x{n:012}")]
            )
        assert guesser.status == 403 and "klopt niet" in guesser.text
        assert (
            await guesser.post("/beheer/inloggen", [("csrf", guesser.csrf()), ("code", "y" * 13)])
            == 429
        )
        # A login link guessed in the address counts too, and waits as well.
        assert await guesser.open(f"/beheer/inloggen/{'z' * 32}") == 429
        assert await guesser.open(f"/v/{code}") == 200  # participants are not kept out


async def test_the_forwarded_header_counts_only_behind_a_trusted_proxy(world: WebWorld) -> None:
    """Without INSPRAAK_WEB_TRUST_PROXY a guesser cannot pick a fresh address per request."""
    async with aiohttp.ClientSession() as http:
        for n in range(11):
            headers = {"X-Forwarded-For": f"10.1.0.{n}"}
            async with http.get(f"{world.url}/v/abcdefghj{n:03d}", headers=headers) as response:
                assert response.status == (404 if n < 10 else 429)


def test_the_limiter_forgets_in_time_and_stays_small() -> None:
    limiter = GuessLimiter(per_visitor=3, window_seconds=60, max_visitors=100)
    for second in range(3):
        limiter.failed("10.0.0.1", now=second)
    assert limiter.blocked("10.0.0.1", now=3) and not limiter.blocked("10.0.0.2", now=3)
    assert not limiter.blocked("10.0.0.1", now=61)  # the first failure left the window
    for n in range(1000):  # many addresses: memory stays bounded, nobody else is blocked
        limiter.failed(f"10.9.{n // 256}.{n % 256}", now=70)
    assert len(limiter) == 100
    assert not limiter.blocked("10.0.0.3", now=71)


def test_an_ipv6_client_is_its_network() -> None:
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::2")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1" == client_key("192.0.2.1")
    assert client_key("not an address") == "not an address"
