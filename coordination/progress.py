"""Progress of a round per role and location: counts only, never anything people answered.

Each line also says how many people the report counts for that group (everyone who gave at
least one answer, finished or not) and, when that is below the minimum group size k, that the
group is too small for the report: one wording for the bot, the command line and the console.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Lang
from report.counting import progress_lines
from report.section import NO_LOCATION, ProgressLine
from storage.store import Round, Store

TOO_FEW: dict[Lang, str] = {
    "nl": "te weinig voor het verslag, minimaal {k}",
    "en": "too few for the report, at least {k}",
}
# Said once under the lines when a group is too small: why, and what the coordinator can do.
TOO_FEW_HELP: dict[Lang, str] = {
    "nl": "Te weinig: van die groep komen geen eigen cijfers in het verslag, zodat niemand "
    "herkenbaar is. Vraag meer mensen van die groep om mee te doen.",
    "en": "Too few: the report shows no figures of that group of its own, so that nobody can "
    "be recognised. Ask more people of that group to take part.",
}


def people_text(people: int, k: int, lang: Lang = "nl") -> str:
    """'3 (te weinig voor het verslag, minimaal 5)' below k, else just the number."""
    if people < k:
        return f"{people} ({TOO_FEW[lang].format(k=k)})"
    return str(people)


@dataclass(frozen=True)
class RoundProgress:
    round: Round
    lines: list[ProgressLine]
    k: int  # groups with fewer people get no figures of their own in the report
    # People per (role, location label) with at least one answer: the report counts them.
    people: dict[tuple[str, str], int]

    def location(self, line: ProgressLine) -> str | None:
        """The line's location, None for codes without one."""
        return None if line.location == NO_LOCATION else line.location

    def answered(self, line: ProgressLine) -> int:
        """People of this role and location the report counts: who gave at least one answer."""
        return self.people.get((line.role, line.location), 0)

    def small(self, line: ProgressLine) -> bool:
        """Too few people for figures of their own in the report (none at all included)."""
        return self.answered(line) < self.k

    def people_text(self, line: ProgressLine, lang: Lang = "nl") -> str:
        return people_text(self.answered(line), self.k, lang)

    @property
    def too_small(self) -> list[ProgressLine]:
        return [line for line in self.lines if self.small(line)]

    @property
    def started(self) -> int:
        return sum(line.started for line in self.lines)

    @property
    def completed(self) -> int:
        return sum(line.completed for line in self.lines)

    @property
    def answered_total(self) -> int:
        return sum(self.answered(line) for line in self.lines)


async def progress(store: Store, round_: Round, k: int) -> RoundProgress:
    """Invited, started, completed and people counted per role and location."""
    people = {
        (group.role, group.location or NO_LOCATION): group.people
        for group in await store.group_sizes(round_.id)
    }
    return RoundProgress(round_, progress_lines(await store.progress(round_.id)), k, people)
