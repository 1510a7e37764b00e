"""Progress of a round per role and location: counts only, never anything people answered."""

from __future__ import annotations

from dataclasses import dataclass

from report.aggregate import ProgressLine, progress_lines
from storage.store import Round, Store


@dataclass(frozen=True)
class Progress:
    round: Round
    lines: list[ProgressLine]
    k: int  # groups with fewer completed responses get no figures of their own in the report

    def small(self, line: ProgressLine) -> bool:
        return 0 < line.completed < self.k

    @property
    def started(self) -> int:
        return sum(line.started for line in self.lines)

    @property
    def completed(self) -> int:
        return sum(line.completed for line in self.lines)


async def progress(store: Store, round_: Round, k: int) -> Progress:
    """Invited, started and completed per role and location (the audit log notes who looked)."""
    return Progress(round_, progress_lines(await store.progress(round_.id)), k)
