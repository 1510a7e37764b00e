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

from conversation.callbacks import Callback, decode
from conversation.flow import Conversation
from conversation.screens import Outcome, Screen
from questionnaires.loader import load_catalog
from settings import Settings
from storage.identities import Chat
from storage.store import Store

NAV = {"« Terug", "Sla over", "Iets veranderen"}


async def act(conv: Conversation, chat_id: int, screen: Screen) -> Outcome:
    """One step as a person would take it: a typed answer or a pressed button."""
    labels = {b.label: b.data for row in screen.buttons for b in row}
    if hint := re.search(r"Typ een getal van (\d+)", screen.text):
        return await conv.on_text(Chat(chat_id), hint[1])
    if "Typ een datum" in screen.text:
        return await conv.on_text(Chat(chat_id), "gisteren")
    if "Typ je antwoord" in screen.text:
        return await conv.on_text(Chat(chat_id), "Het gaat goed, dank je.")
    if "Klaar" in labels:
        first = next(iter(labels))
        flat = list(labels.items())
        toggled = await conv.on_callback(Chat(chat_id), _decode(labels[first]), flat)
        assert toggled.edit is not None
        flat = [(b.label, b.data) for row in toggled.edit.buttons for b in row]
        return await conv.on_callback(Chat(chat_id), _decode(dict(flat)["Klaar"]), flat)
    specials = [x for x in ("Ja, ik doe mee", "Versturen", "Verder »") if x in labels]
    preferred = specials[0] if specials else next(x for x in labels if x not in NAV)
    flat = list(labels.items())
    return await conv.on_callback(Chat(chat_id), _decode(labels[preferred]), flat)


def _decode(data: str) -> Callback:
    callback = decode(data)
    assert callback is not None
    return callback


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
                    if out.screens and "Dank je wel" in out.screens[0].text:
                        break
                    with_buttons = [s for s in out.screens if s.buttons]
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
