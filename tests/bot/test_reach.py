"""What an answer of Telegram or Meta says about reaching them: a refusal of one call is no
outage (a blocked bot, a rate limit, a closed window); a refused token, server errors, no
connection and a second bot polling are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import reach as telegram
from conversation.reachable import OK, Reachability, Trouble
from whatsapp import reach as whatsapp


@pytest.mark.parametrize(
    ("status", "trouble"),
    [
        (200, None),
        (400, None),  # Bad Request: one call refused
        (403, None),  # Forbidden: a person blocked the bot
        (429, None),  # Too Many Requests: waited out
        (401, Trouble.REFUSED),
        (404, Trouble.REFUSED),  # Telegram's answer to a token it does not know
        (409, Trouble.CONFLICT),
        (502, Trouble.FAILING),
    ],
)
def test_a_bot_api_answer(status: int, trouble: Trouble | None) -> None:
    assert telegram.trouble_of(status) == trouble


@pytest.mark.parametrize(
    ("status", "code", "trouble"),
    [
        (200, None, None),
        (400, 131047, None),  # the 24-hour window closed
        (400, 131026, None),  # undeliverable number
        (400, 130429, None),  # rate limit
        (0, None, Trouble.UNREACHABLE),  # no answer at all
        (401, 190, Trouble.REFUSED),  # token expired or revoked
        (403, 200, Trouble.REFUSED),  # no permission for this number
        (503, 2, Trouble.FAILING),
    ],
)
def test_a_cloud_api_answer(status: int, code: int | None, trouble: Trouble | None) -> None:
    assert whatsapp.trouble_of(status, code) == trouble


def test_webhook_deliveries_fail_only_with_updates_waiting_after_a_recent_failure() -> None:
    now = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    delivered = Reachability("Telegram's webhook", telegram.ADVICE, 0)
    telegram.webhook_delivery(delivered, 0, now - timedelta(seconds=5), "Connection refused", now)
    assert delivered.state() == OK  # nothing waiting: delivered since
    telegram.webhook_delivery(delivered, 3, now - timedelta(hours=2), "Connection refused", now)
    assert delivered.state() == OK  # an old failure, and updates just arrived
    telegram.webhook_delivery(delivered, 3, now - timedelta(seconds=5), "Connection refused", now)
    assert delivered.state() == "undelivered"
