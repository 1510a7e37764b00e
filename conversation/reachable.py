"""Whether a messaging platform (Telegram's Bot API, WhatsApp's Cloud API) is reached: honest
health for every channel, and a log that says an outage once.

Each edge tells its `Reachability` how every call to the platform went: `reached()` when the
platform answered as it should, `failed(trouble, detail)` when it did not (no connection, no
answer in time, server errors, a refused token, another process polling with the same bot).
Calls keep being retried by the edge (PTB's polling loop, the owed replies), so an outage shows
as failures with no success in between. Once that has lasted `grace` (the setting
`INSPRAAK_UNREACHABLE_SECONDS`), the channel is unhealthy (`state()`, which /healthz reports)
and the log says once what is wrong and what to check; the first success after that says once
that it is back. A failure that passes within `grace` logs nothing and never turns health red.

Nothing here knows a channel: the edge gives the name and the advice for each kind of trouble
(`bot/reach.py`, `whatsapp/reach.py`), which `inspraak health` prints too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from enum import StrEnum

from questionnaires.i18n import ngettext

log = logging.getLogger(__name__)

OK = "ok"
STOPPED = "stopped"  # the channel's loop (polling, the webhook server) does not run


class Trouble(StrEnum):
    """What keeps a platform from being reached, as /healthz names it (no detail, no error)."""

    UNREACHABLE = "unreachable"  # no connection, or no answer in time
    FAILING = "failing"  # the platform answers with server errors (5xx)
    REFUSED = "refused"  # the platform refuses our token
    CONFLICT = "conflict"  # another process takes this bot's updates
    UNDELIVERED = "undelivered"  # the platform cannot deliver to our webhook


Advice = Mapping[str, str]  # per Trouble (its value): what is wrong and what to check


class Reachability:
    """The outcome of a platform's calls, and whether they failed for longer than `grace`."""

    def __init__(
        self,
        name: str,
        advice: Advice,
        grace: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name  # as the log names it: "Telegram", "WhatsApp"
        self.advice = advice
        self.grace = grace  # seconds of failures before the channel is unhealthy
        self.clock = clock
        self.failing_since: float | None = None  # the first failure since the last success
        self.trouble: Trouble | None = None  # the latest failure's kind
        self.detail = ""  # the latest failure, for the log: an exception's name, a status
        self.out = False  # the outage was logged and not yet its end

    def reached(self) -> None:
        """The platform answered a call as it should."""
        if self.out:
            lasted = self.clock() - (self.failing_since or self.clock())
            log.warning("%s reached again after %s.", self.name, duration(lasted))
        self.failing_since, self.trouble, self.detail, self.out = None, None, "", False

    def failed(self, trouble: Trouble, detail: str) -> None:
        """A call did not reach the platform or was refused (`detail`: no personal data)."""
        if self.failing_since is None:
            self.failing_since = self.clock()
        self.trouble, self.detail = trouble, detail
        self.state()

    def state(self) -> str:
        """`OK`, or the trouble's name once calls failed for `grace` seconds without a success
        (and then, once, the log line)."""
        if self.failing_since is None or self.trouble is None:
            return OK
        lasted = self.clock() - self.failing_since
        if lasted < self.grace:
            return OK
        if not self.out:
            self.out = True
            log.warning(
                "%s not reached for %s (%s): %s. The health check fails until it answers again.",
                self.name,
                duration(lasted),
                self.detail,
                self.advice[self.trouble],
            )
        return self.trouble.value


def duration(seconds: float) -> str:
    """'45 seconds', '3 minutes', as the log says how long."""
    if seconds < 120:
        return ngettext("{n} second", "{n} seconds", round(seconds), "en")
    return ngettext("{n} minute", "{n} minutes", round(seconds / 60), "en")
