"""The audit log: who did what (exports, access refusals, erasures), never participant data."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Db, now


async def audit(db: Db, actor: str, action: str, **details: Any) -> None:
    """Record who did what (exports, access refusals); never participant data."""
    await db.execute(
        "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
        (now(), actor, action, json.dumps(details, ensure_ascii=False)),
    )


async def audit_entries(db: Db, limit: int = 100) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The latest entries first: (at, actor, action, details)."""
    rows = await db.fetch_all(
        "SELECT at, actor, action, details FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
    )
    return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]
