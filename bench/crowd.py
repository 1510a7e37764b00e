"""The simulated people of the load bench and what is measured of them: every step timed until
the chat first changes, and the run summed up as a `Result` (throughput, p50/p99 latency,
chat-bound calls per step, peak memory, errors)."""

from __future__ import annotations

import asyncio
import logging
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from localbotapi import LocalBotApi, SimulatedUser, StoredMessage

STEP_TIMEOUT = 900.0  # seconds one step may wait (thousands of people queue at 30 messages/s)
FIRST_ID = 10_000_000
VISIBLE_WITHIN = 8.0  # seconds: every step must show something in the chat by then


@dataclass
class Result:
    bot: str
    people: int
    limited: bool
    interactions: int
    seconds: float
    per_second: float
    p50: float
    p99: float
    calls_per_interaction: float
    peak_mb: float
    errors: int
    finished: int
    steps: list[str]  # the kinds of steps of each person variant: c(ommand), p(ress), t(ext)
    slow: int = 0  # steps without a visible reply within VISIBLE_WITHIN seconds
    most_live_copies: int = 0  # of one question in one chat, after any step
    faults: int = 0  # calls the server failed on purpose
    slow_traces: list[str] = field(default_factory=list)  # what happened in each slow step


class Timed:
    """A simulated person whose every step is timed and written down by kind."""

    def __init__(self, person: SimulatedUser, latencies: list[float]) -> None:
        self.person = person
        self.latencies = latencies
        self.kinds: list[str] = []
        self.most_live_copies = 0
        self.steps: list[tuple[str, float, float]] = []  # kind, began, latency

    def __getattr__(self, name: str) -> Any:
        return getattr(self.person, name)

    async def _timed(self, kind: str, action: Awaitable[list[StoredMessage]]) -> Any:
        api, chat = self.person.api, self.person.chat
        mark = api.stamp
        began = time.perf_counter()

        async def first_change() -> float:
            async with chat.changes:
                await chat.changes.wait_for(lambda: bool(api.changed_since(mark, [chat])))
            return time.perf_counter()

        watcher = asyncio.create_task(first_change())
        replies = await action
        handled = time.perf_counter()
        await asyncio.sleep(0)
        shown = watcher.result() if watcher.done() else handled
        watcher.cancel()
        self.latencies.append(min(shown, handled) - began)
        self.kinds.append(kind)
        self.steps.append((kind, began, min(shown, handled) - began))
        live = [m.plain_text for m in self.person.messages if m.buttons]
        copies = max((live.count(text) for text in live), default=0)
        self.most_live_copies = max(self.most_live_copies, copies)
        return replies

    async def command(self, name: str, args: str = "") -> Any:
        return await self._timed("c", self.person.command(name, args))

    async def press(self, label: str) -> Any:
        return await self._timed("p", self.person.press(label))

    async def press_data(self, data: str, message_id: int) -> Any:
        return await self._timed("p", self.person.press_data(data, message_id))

    async def send_text(self, text: str) -> Any:
        return await self._timed("t", self.person.send_text(text))


class ErrorCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0
        self.lines: list[tuple[float, str]] = []  # the bot's warnings and owed deliveries

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.count += 1
        if record.name.startswith("bot") and (
            record.levelno >= logging.WARNING or "owed" in record.getMessage()
        ):
            self.lines.append((time.perf_counter(), f"{record.name}: {record.getMessage()}"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


async def run_crowd(
    api: LocalBotApi,
    people: int,
    walk: Callable[[Timed, int], Awaitable[None]],
) -> tuple[list[Timed], float, int]:
    """Everyone at once; returns the people, the seconds it took and how many failed."""
    latencies: list[float] = []
    crowd = [Timed(api.user(FIRST_ID + i, "Deelnemer"), latencies) for i in range(people)]
    for person in crowd:
        person.person.timeout = STEP_TIMEOUT
    began = time.perf_counter()
    outcomes = await asyncio.gather(
        *(walk(person, i) for i, person in enumerate(crowd)), return_exceptions=True
    )
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    for problem in failed[:3]:
        print(f"  a person failed: {type(problem).__name__}: {str(problem)[:300]}", file=sys.stderr)
    return crowd, time.perf_counter() - began, len(failed)


def summarise(
    bot: str,
    people: int,
    limited: bool,
    crowd: list[Timed],
    seconds: float,
    failed: int,
    api: LocalBotApi,
    logged: ErrorCount,
) -> Result:
    latencies = crowd[0].latencies if crowd else []
    interactions = len(latencies)
    return Result(
        bot=bot,
        people=people,
        limited=limited,
        interactions=interactions,
        seconds=round(seconds, 2),
        per_second=round(interactions / seconds, 1) if seconds else 0.0,
        p50=round(statistics.median(latencies), 3) if latencies else 0.0,
        p99=round(percentile(latencies, 0.99), 3),
        calls_per_interaction=round(api.chat_bound_calls() / max(interactions, 1), 3),
        peak_mb=round(peak_mb(), 1),
        errors=failed + len(api.errors) + logged.count,
        finished=people - failed,
        steps=["".join(person.kinds) for person in crowd[:5]],
        slow=sum(1 for latency in latencies if latency > VISIBLE_WITHIN),
        most_live_copies=max((person.most_live_copies for person in crowd), default=0),
    )
