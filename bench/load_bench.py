"""Load: N people answer complete questionnaires at once, through the real bot, against a ceiling.

Every person is a simulated Telegram user on the local Bot API server (127.0.0.1) who answers a
whole questionnaire as fast as the bot replies: presses buttons, types numbers, dates and text.
In the same run a bare python-telegram-bot echo bot (same PTB, same server, same concurrency)
gets the same people taking the same kinds of steps: it answers each press with one edit and
each message with one message. Both run twice: with Telegram's rate limit (PTB's
AIORateLimiter, about 30 chat messages a second) and without it (the bot's own cost).

Each bot runs in a fresh process, so peak memory (max RSS, server and people included) is its
own. Printed per run: interactions/s, p50/p99 reply latency (time until the chat first
changes, or the step is handled when nothing shows, such as a refused press's toast),
chat-bound API calls per interaction, peak memory, errors; and the product/echo ratios.

The product paces its calls with its own `bot.pacing.Pacing`; the echo bot (bench/echo_bot.py)
with PTB's `AIORateLimiter`, as a bare PTB bot would. The people and the timing of their steps
are bench/crowd.py.

The `faults` mode runs the product alone under Telegram's rate limit while the server answers
5 % of chat calls with 429, 5 % with 502 and lets 1 % time out after carrying them out; it
prints how many steps got no visible reply within 8 s and the most live copies of one question
any chat held at once (the promise: 1). With `--trace FILE` it writes, for each of those slow
steps, the chat's calls (what each got: ok, 429, 502, timeout) and the bot's warnings from the
step's start, in seconds.

    .venv/bin/python bench/load_bench.py --people 100,1000
    .venv/bin/python bench/load_bench.py --people 100 --modes faults --trace slow.txt
    .venv/bin/python bench/load_bench.py --people 5000 --modes unlimited
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("no_proxy", "127.0.0.1,localhost")
os.environ.setdefault("PTB_TIMEDELTA", "true")

# This folder's own modules (it is on sys.path when a bench runs as a script).
from crowd import VISIBLE_WITHIN, ErrorCount, Result, Timed, run_crowd, summarise
from echo_bot import echo_application, take_step

from bot.app import build_application, running
from bot.delivery import Patience
from demo.respondent import answer_everything
from localbotapi import BotApiFault, LocalBotApi
from localbotapi.faults import POLLING, BotApiFaults
from questionnaires.loader import load_catalog
from settings import Settings
from storage.store import Store

TOKEN = "123456:LOAD-BENCH"
ROLE, KIND = "ervaringsdeskundige", "contribution"  # the peer experts' log: every kind of step
FLOOD, BROKEN, TIMEOUT = 0.05, 0.05, 0.01  # shares of chat calls failed in the faults mode


class RandomFaults(BotApiFaults):
    """Fail a share of the chat calls the way Telegram fails: flood, bad gateway, and a timeout
    after the call was carried out (the message arrives, the answer does not)."""

    def __init__(self, seed: int = 17) -> None:
        super().__init__()
        self.random = random.Random(seed)
        self.failed = 0
        # Per chat: every call with its time and what it got (ok, 429, 502, timeout).
        self.trace: dict[int, list[tuple[float, str, str]]] = defaultdict(list)

    def take(self, method: str, params: dict[str, Any]) -> BotApiFault | None:
        if method == POLLING or "chat_id" not in params:
            return None
        roll = self.random.random()
        fault: BotApiFault | None = None
        if roll < FLOOD:
            fault, what = BotApiFault.flood(retry_after=1), "429"
        elif roll < FLOOD + BROKEN:
            fault, what = BotApiFault.server_error(502), "502"
        elif roll < FLOOD + BROKEN + TIMEOUT:
            fault, what = BotApiFault.timeout(3.0, applied=True), "timeout (applied)"
        else:
            what = "ok"
        self.trace[int(params["chat_id"])].append((time.perf_counter(), method, what))
        if fault is not None:
            self.failed += 1
        return fault


def slow_traces(crowd: list[Timed], faults: RandomFaults, logged: ErrorCount) -> list[str]:
    """For every step without a visible reply in time: the chat's calls and the bot's warnings
    from the step's start until a second after its reply, in seconds from its start."""
    traces = []
    for person in crowd:
        chat = person.person.chat.id
        for number, (kind, began, latency) in enumerate(person.steps):
            if latency <= VISIBLE_WITHIN:
                continue
            until = began + latency + 1.0
            lines = [f"chat {chat} step {number} ({kind}) visible after {latency:.1f} s:"]
            events = [(t, f"{method} -> {what}") for t, method, what in faults.trace[chat]]
            events += [(t, f"[log] {line}") for t, line in logged.lines]
            for at, what in sorted(events):
                late = what.startswith("[log]") and at > began + latency
                if began - 0.2 <= at <= until and not late:
                    lines.append(f"  {at - began:6.2f} {what}")
            traces.append("\n".join(lines))
    return traces


async def product(people: int, limited: bool, faulty: bool = False) -> Result:
    logged = ErrorCount()
    logging.getLogger().addHandler(logged)
    if faulty:
        logging.getLogger("bot").setLevel(logging.INFO)  # owed deliveries, for the traces
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.sqlite3"
        settings = Settings(INSPRAAK_DB=db, INSPRAAK_ORGANISATION="Stichting Bench")
        async with LocalBotApi(keep_calls=False) as api, Store.open(db) as store:
            injected = RandomFaults()
            if faulty:
                api.faults = injected
            today = date.today()
            round_ = await store.create_round("Load", today.year, today, today + timedelta(30))
            expires = datetime.now(UTC) + timedelta(days=7)
            invites = await store.create_invites(round_.id, ROLE, people, expires, kind=KIND)
            app = build_application(
                settings,
                catalog,
                base_url=api.base_url,
                token=TOKEN,
                reminders_every=None,
                rate_limit=limited,
                # Under faults: a call unanswered for 2 s has timed out; owed questions go
                # out every 5 s (the shipped values are 10 s and 30 s).
                patience=Patience(read_timeout=2.0, redeliver_every=timedelta(seconds=5))
                if faulty
                else Patience(),
            )
            api.attach(app)

            async def walk(person: Timed, index: int) -> None:
                await person.command("start", invites[index].code)
                await person.press("Ja, ik doe mee")
                text = "Een gesprek over herstel met drie bewoners."
                done = await answer_everything(person, index, text)  # type: ignore[arg-type]
                if not done:
                    raise AssertionError("did not finish")

            async with running(app, store, poll_timeout=10):
                crowd, seconds, failed = await run_crowd(api, people, walk)
            # Every answer was committed before its reply: the database agrees with the people.
            submitted = sum(row.completed for row in await store.progress(round_.id))
    result = summarise("product", people, limited, crowd, seconds, failed, api, logged)
    result.errors += abs(result.finished - submitted)
    result.faults = injected.failed
    if faulty:
        result.slow_traces = slow_traces(crowd, injected, logged)
    return result


async def echo(people: int, limited: bool, steps: list[str]) -> Result:
    logged = ErrorCount()
    logging.getLogger().addHandler(logged)
    async with LocalBotApi(keep_calls=False) as api:
        app = echo_application(api.base_url, TOKEN, limited)

        async def walk(person: Timed, index: int) -> None:
            for kind in steps[index % len(steps)]:
                await take_step(person, kind)

        async with api.running(app, poll_timeout=10):
            crowd, seconds, failed = await run_crowd(api, people, walk)
    return summarise("echo", people, limited, crowd, seconds, failed, api, logged)


def child(args: argparse.Namespace) -> None:
    limited = args.mode in ("limited", "faults")
    if args.bot == "product":
        result = asyncio.run(product(args.people, limited, args.mode == "faults"))
    else:
        result = asyncio.run(echo(args.people, limited, json.loads(args.steps)))
    print(json.dumps(asdict(result)))


def run_child(bot: str, people: int, mode: str, steps: list[str] | None = None) -> Result:
    command = [sys.executable, __file__, "--child", bot, "--people", str(people), "--mode", mode]
    if steps is not None:
        command += ["--steps", json.dumps(steps)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{bot} run failed:\n{done.stderr[-3000:]}")
    if done.stderr.strip():
        print(done.stderr.strip()[-2000:], file=sys.stderr)
    return Result(**json.loads(done.stdout.strip().splitlines()[-1]))


def row(result: Result) -> str:
    return (
        f"{result.bot:8} {result.people:6} {('limit' if result.limited else 'none'):6} "
        f"{result.interactions:8} {result.per_second:9.1f} {result.p50:8.3f} {result.p99:8.3f} "
        f"{result.calls_per_interaction:6.2f} {result.peak_mb:8.1f} {result.errors:6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", default="100,1000", help="comma-separated crowd sizes")
    parser.add_argument("--modes", default="limited,unlimited", help="limited and/or unlimited")
    parser.add_argument("--trace", help="faults mode: write what happened in each slow step here")
    parser.add_argument("--child", choices=["product", "echo"], help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--steps", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.bot = args.child
        args.people = int(args.people)
        child(args)
        return
    header = (
        f"{'bot':8} {'people':>6} {'rate':6} {'steps':>8} {'steps/s':>9} {'p50 s':>8} "
        f"{'p99 s':>8} {'calls':>6} {'peak MB':>8} {'errors':>6}"
    )
    print(header, flush=True)
    for people in (int(n) for n in args.people.split(",")):
        for mode in args.modes.split(","):
            mine = run_child("product", people, mode)
            print(row(mine), flush=True)
            if mode == "faults":
                share = mine.slow / max(mine.interactions, 1)
                print(
                    f"  faults ({people} people): {mine.faults} calls failed on purpose, "
                    f"{mine.slow} of {mine.interactions} steps ({share:.2%}) without a visible "
                    f"reply within {VISIBLE_WITHIN:.0f} s, at most {mine.most_live_copies} live "
                    f"copies of a question in a chat, {mine.finished} of {people} finished",
                    flush=True,
                )
                if args.trace:
                    Path(args.trace).write_text("\n\n".join(mine.slow_traces) + "\n")
                    print(f"  slow steps traced in {args.trace}", flush=True)
                continue
            ceiling = run_child("echo", people, mode, mine.steps)
            print(row(ceiling), flush=True)
            print(
                f"  ratio product/echo ({mode}, {people} people): throughput "
                f"{mine.per_second / ceiling.per_second:.2f}x, p50 {mine.p50 / ceiling.p50:.2f}x, "
                f"p99 {mine.p99 / ceiling.p99:.2f}x, calls per interaction "
                f"{mine.calls_per_interaction:.2f} vs {ceiling.calls_per_interaction:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
