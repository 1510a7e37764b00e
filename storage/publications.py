"""The publication ledger: every public output of a round and the figures it published.

The figures are opaque JSON here (report/ledger.py writes and reads them): per round whose
figures the output showed (its own round, and the previous one of the trend).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.db import Db, now


@dataclass(frozen=True)
class Publication:
    """One public output, as the ledger lists it for a coordinator."""

    id: int
    round_id: int
    published_at: str
    actor: str
    what: str  # report | art | public
    formats: tuple[str, ...]
    interim: bool  # made while the round was still open (a tussenstand)


async def record_publication(
    db: Db,
    round_id: int,
    *,
    actor: str,
    what: str,
    formats: Sequence[str],
    interim: bool,
    figures: Mapping[int, str],
) -> int:
    """Record one public output with its figures per round (round id -> the ledger's JSON)."""
    async with db.transaction():
        written = await db.execute(
            "INSERT INTO publications (round_id, published_at, actor, what, formats, interim) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (round_id, now(), actor, what, json.dumps(list(formats)), int(interim)),
        )
        publication_id = written.lastrowid
        assert publication_id is not None
        await db.execute_many(
            "INSERT INTO publication_figures (publication_id, round_id, figures) VALUES (?, ?, ?)",
            [(publication_id, rid, text) for rid, text in figures.items()],
        )
    return publication_id


async def published_figures(db: Db, round_id: int) -> list[str]:
    """The figures of `round_id` every earlier output published, oldest first (the ledger's
    JSON, one per output; also those of other rounds that showed it as their trend)."""
    rows = await db.fetch_all(
        "SELECT figures FROM publication_figures WHERE round_id = ? ORDER BY publication_id",
        (round_id,),
    )
    return [str(r[0]) for r in rows]


async def list_publications(db: Db, round_id: int) -> list[Publication]:
    """The outputs of one round, oldest first."""
    rows = await db.fetch_all(
        "SELECT id, round_id, published_at, actor, what, formats, interim FROM publications "
        "WHERE round_id = ? ORDER BY id",
        (round_id,),
    )
    return [
        Publication(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), bool(r[6])) for r in rows
    ]
