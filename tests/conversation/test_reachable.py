"""A platform out of reach: healthy while failures pass within the grace time; then unhealthy,
logged once however often the calls fail, and logged once when it is back."""

from __future__ import annotations

import logging

import pytest

from bot.reach import ADVICE
from conversation.reachable import OK, Reachability, Trouble


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_said_once_and_its_end_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    reach = Reachability("Telegram", ADVICE, 120, clock=clock)
    caplog.set_level(logging.INFO, logger="conversation.reachable")
    reach.reached()
    assert reach.state() == OK

    # A blip: failures that pass within the grace time turn nothing red and log nothing.
    reach.failed(Trouble.UNREACHABLE, "ConnectError")
    clock.now += 100
    assert reach.state() == OK
    reach.reached()
    clock.now += 500
    assert reach.state() == OK and caplog.messages == []

    # An outage: every retry fails, for longer than the grace time.
    for _ in range(40):
        reach.failed(Trouble.UNREACHABLE, "ConnectError")
        clock.now += 5
    assert reach.state() == "unreachable" and reach.out
    assert caplog.messages == [
        "Telegram not reached for 2 minutes (ConnectError): the Bot API does not answer. Check "
        "this server's network and firewall, a proxy (HTTPS_PROXY) and TELEGRAM_API_URL. The "
        "health check fails until it answers again."
    ]
    # The latest kind of trouble is what health says.
    reach.failed(Trouble.FAILING, "HTTP 502")
    assert reach.state() == "failing" and len(caplog.messages) == 1

    clock.now += 100
    reach.reached()
    assert reach.state() == OK and not reach.out
    assert caplog.messages[1:] == ["Telegram reached again after 5 minutes."]
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]


def test_health_asks_when_no_call_is_made(caplog: pytest.LogCaptureFixture) -> None:
    """A failure and then silence (nobody writes): the health check itself turns it red."""
    clock = Clock()
    reach = Reachability("WhatsApp", {Trouble.REFUSED: "check the token"}, 30, clock=clock)
    caplog.set_level(logging.INFO, logger="conversation.reachable")
    reach.failed(Trouble.REFUSED, "HTTP 401, code 190")
    assert reach.state() == OK
    clock.now += 31
    assert reach.state() == "refused"
    assert caplog.messages == [
        "WhatsApp not reached for 31 seconds (HTTP 401, code 190): check the token. The health "
        "check fails until it answers again."
    ]
