"""Faults the local Bot API server can inject, the way Telegram fails in practice.

    api.faults.add(BotApiFault.flood(retry_after=1, times=3))  # 429 Too Many Requests
    api.faults.add(BotApiFault.server_error(502, times=None))  # an outage, until cleared
    api.faults.add(BotApiFault.timeout(2.0, applied=True))  # slow; the call went through anyway
    person.block()  # 403 Forbidden: bot was blocked by the user
    api.forget_confirmed(update_id)  # updates confirmed from there on are delivered again

A fault matches requests by method (default: every method but getUpdates, so the bot keeps
receiving updates; name getUpdates to break that too) and optionally by chat. `times` limits how
many requests it fails; `None` keeps it until `clear()`. `hits` counts the requests it failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from localbotapi.model import BotApiError, Json

POLLING = "getupdates"


@dataclass(eq=False)
class BotApiFault:
    status: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    methods: frozenset[str] = frozenset()  # lower-case method names; empty: all but getUpdates
    chat_id: int | None = None
    times: int | None = 1
    delay: float = 0.0  # hold the request this long before answering (a client timeout)
    applied: bool = False  # carry the call out anyway, then answer with the fault
    hits: int = 0

    @classmethod
    def flood(
        cls,
        retry_after: int = 1,
        *,
        methods: Iterable[str] = (),
        chat_id: int | None = None,
        times: int | None = 1,
    ) -> BotApiFault:
        """429 with `retry_after`, as Telegram answers a bot that sends too fast."""
        description = f"Too Many Requests: retry after {retry_after}"
        return cls(429, description, retry_after, _lower(methods), chat_id, times)

    @classmethod
    def server_error(
        cls,
        status: int = 500,
        *,
        methods: Iterable[str] = (),
        chat_id: int | None = None,
        times: int | None = 1,
    ) -> BotApiFault:
        """A 5xx answer (500, 502 Bad Gateway, 503...)."""
        description = {502: "Bad Gateway", 503: "Service Unavailable"}.get(
            status, "Internal Server Error"
        )
        return cls(status, description, None, _lower(methods), chat_id, times)

    @classmethod
    def timeout(
        cls,
        delay: float,
        *,
        applied: bool = False,
        methods: Iterable[str] = (),
        chat_id: int | None = None,
        times: int | None = 1,
    ) -> BotApiFault:
        """Hold the request for `delay` seconds (longer than the client waits), then fail.

        With `applied`, the call is carried out before the wait: the message reaches the person,
        only the answer to the bot is lost, as when Telegram is slow.
        """
        return cls(504, "Gateway Timeout", None, _lower(methods), chat_id, times, delay, applied)

    def matches(self, method: str, params: Json) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.methods and method not in self.methods:
            return False
        if not self.methods and method == POLLING:
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def error(self) -> BotApiError:
        return BotApiError(self.description, self.status, self.retry_after)


@dataclass
class BotApiFaults:
    """The faults in force; the first matching one fails a request."""

    active: list[BotApiFault] = field(default_factory=list)

    def add(self, fault: BotApiFault) -> BotApiFault:
        self.active.append(fault)
        return fault

    def clear(self) -> None:
        self.active.clear()

    def take(self, method: str, params: Json) -> BotApiFault | None:
        """The fault for this request, counted as hit, or None."""
        for fault in self.active:
            if fault.matches(method, params):
                fault.hits += 1
                return fault
        return None


def _lower(methods: Iterable[str]) -> frozenset[str]:
    return frozenset(m.lower() for m in methods)
