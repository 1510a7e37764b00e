"""How fast the conversation answers: many participants answering the client questionnaire.

Runs the real flow and storage (no Telegram) on a file database and prints latency per answer
and throughput. Target: p95 below 20 ms per answer on the 2-core reference machine, so that the
bot stays responsive for a whole organisation answering at once.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from conversation.flow import Conversation
from conversation.screens import ChoiceRole, Expect, Outcome, Screen, ticked_ids
from questionnaires.loader import load_catalog
from settings import Settings
from storage.identities import Chat
from storage.store import Store


async def act(conv: Conversation, chat_id: int, screen: Screen) -> Outcome:
    """One step as a person would take it: a typed answer or a picked choice."""
    who = Chat(chat_id)
    if screen.expect is Expect.NUMBER and (hint := re.search(r"van (\d+)", screen.plain)):
        return await conv.on_text(who, hint[1])
    if screen.expect is Expect.DATE:
        return await conv.on_text(who, "gisteren")
    if screen.expect is Expect.TEXT:
        return await conv.on_text(who, "Het gaat goed, dank je.")
    choices = screen.flat_choices
    if screen.expect is Expect.CHOICES:
        toggled = await conv.choose(who, choices[0].id, ticked_ids(choices))
        assert toggled.edit is not None
        after = toggled.edit.flat_choices
        done = next(c for c in after if c.role is ChoiceRole.PROCEED)
        return await conv.choose(who, done.id, ticked_ids(after))
    proceed = [c for c in choices if c.role is ChoiceRole.PROCEED]
    options = [c for c in choices if c.role is ChoiceRole.OPTION]
    return await conv.choose(who, (proceed or options)[0].id)


async def run(participants: int) -> None:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        async with Store.open(Path(folder) / "bench.sqlite3") as store:
            conv = Conversation(store, catalog, Settings())
            today = date.today()
            round_ = await store.create_round("bench", today.year, today, today + timedelta(30))
            invites = await store.create_invites(
                round_.id, "client", participants, datetime.now(UTC) + timedelta(days=1)
            )
            latencies: list[float] = []
            started = time.perf_counter()
            for chat_id, invite in enumerate(invites, start=1):
                screen = (await conv.start(Chat(chat_id), invite.code, "nl")).screens[-1]
                for _ in range(200):
                    t0 = time.perf_counter()
                    out = await act(conv, chat_id, screen)
                    latencies.append(time.perf_counter() - t0)
                    if out.edit is not None and out.edit.ended:
                        break
                    with_buttons = [s for s in out.screens if s.choices]
                    screen = with_buttons[-1] if with_buttons else out.screens[-1]
                else:
                    raise RuntimeError(f"participant {chat_id} did not finish")
            elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(f"participants: {participants}, steps (presses and typed answers): {len(latencies)}")
    worst = latencies[-1] * 1000
    print(f"latency per step: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {worst:.2f} ms")
    print(f"throughput: {len(latencies) / elapsed:.0f} steps/s over {elapsed:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=200)
    asyncio.run(run(parser.parse_args().participants))


if __name__ == "__main__":
    main()
