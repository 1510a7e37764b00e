"""Failures the local Cloud API can inject, the way Meta fails in practice.

    api.faults.add(CloudApiFault.rate_limit(times=2))  # HTTP 400, code 130429 "Rate limit hit"
    api.faults.add(CloudApiFault.server_error(503))  # 5xx, code 2 "Service temporarily unavailable"
    api.faults.add(CloudApiFault.undeliverable(wa_id="31612345678"))  # 400, code 131026
    api.faults.random(rate_limit=0.05, server_error=0.05, seed=1)  # a share of all calls
    person.block()  # messages are accepted, then a `failed` status with 131026 arrives

`times` limits how many calls a fault fails (None: until `clear()`); `hits` counts them. A fault
only matches calls to `wa_id` when one is given; mark-as-read calls are matched too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from localwhatsapp.limits import MetaError


@dataclass(eq=False)
class CloudApiFault:
    error: MetaError
    wa_id: str | None = None
    times: int | None = 1
    hits: int = 0

    @classmethod
    def rate_limit(cls, *, wa_id: str | None = None, times: int | None = 1) -> CloudApiFault:
        error = MetaError(
            400,
            130429,
            "(#130429) Rate limit hit",
            "Cloud API message throughput has been reached.",
        )
        return cls(error, wa_id, times)

    @classmethod
    def server_error(
        cls, status: int = 500, *, wa_id: str | None = None, times: int | None = 1
    ) -> CloudApiFault:
        code, message = (2, "Service temporarily unavailable") if status == 503 else (1, "")
        error = MetaError(
            status, code, message or "An unknown error occurred", kind="OAuthException"
        )
        return cls(error, wa_id, times)

    @classmethod
    def undeliverable(cls, *, wa_id: str | None = None, times: int | None = 1) -> CloudApiFault:
        error = MetaError(400, 131026, "(#131026) Message undeliverable", "Message Undeliverable.")
        return cls(error, wa_id, times)


@dataclass
class CloudApiFaults:
    pending: list[CloudApiFault] = field(default_factory=list)
    rates: dict[str, float] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    random_hits: int = 0

    def add(self, fault: CloudApiFault) -> CloudApiFault:
        self.pending.append(fault)
        return fault

    def random(self, *, rate_limit: float = 0.0, server_error: float = 0.0, seed: int = 0) -> None:
        """Fail this share of all calls with a rate limit or a 503."""
        self.rates = {"rate_limit": rate_limit, "server_error": server_error}
        self.rng = random.Random(seed)

    def clear(self) -> None:
        self.pending.clear()
        self.rates = {}

    def check(self, wa_id: str | None) -> None:
        """Raise the error of the first fault matching a call to `wa_id`."""
        for fault in self.pending:
            if fault.wa_id is not None and fault.wa_id != wa_id:
                continue
            fault.hits += 1
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.pending.remove(fault)
            raise fault.error
        draw = self.rng.random() if self.rates else 1.0
        limit = self.rates.get("rate_limit", 0.0)
        if draw < limit:
            self.random_hits += 1
            raise CloudApiFault.rate_limit().error
        if draw < limit + self.rates.get("server_error", 0.0):
            self.random_hits += 1
            raise CloudApiFault.server_error(503).error
