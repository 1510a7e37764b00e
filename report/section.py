"""The input section as data: the figures, texts and quotes a renderer may show, already
suppressed and audited (`report/aggregate.py` fills it, `report/audit.py` checks it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from questionnaires.model import QuestionType, ReportPart

NO_LOCATION = "zonder locatie"
# After a group's name: its answers in the reflection round (in reflectie and vooruitblik).
REFLECTION_LABEL = "(reflectieronde)"


@dataclass(frozen=True)
class OptionFigure:
    token: str
    label: str
    count: int
    percent: float
    previous_percent: float | None  # None: no previous round, or suppressed there


@dataclass(frozen=True)
class LocationFigure:
    location: str
    n: int | None  # None: suppressed
    key_percent: float | None
    protects_other: bool = False  # hidden although large enough, so a small one stays hidden

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass(frozen=True)
class Comparison:
    round_name: str
    n: int | None  # None: suppressed in the previous round
    key_percent: float | None
    mean: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass(frozen=True)
class QuestionSummary:
    """One closed question of one role. When `n` is None the question is suppressed and
    carries no figures at all."""

    question_id: str
    text: str
    role: str
    type: QuestionType
    n: int | None
    options: tuple[OptionFigure, ...] = ()
    key_label: str | None = None
    key_percent: float | None = None
    mean: float | None = None
    median: float | None = None
    unit: str | None = None
    previous: Comparison | None = None
    locations: tuple[LocationFigure, ...] = ()
    multiple: bool = False  # more than one option per person: percentages add up to over 100
    # A follow-up question: who was asked it, completing "mensen die ..." (e.g. "bij ‘Vraag?’
    # ‘nee’ antwoordden"); None for a question everyone got.
    asked_if: str | None = None
    protected: bool = False  # hidden (n None) by the disclosure audit, not for too few answers

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass(frozen=True)
class QuoteView:
    text: str
    role_label: str
    question_text: str
    # People of the quote's own group (role x location, the reflection round apart): the audit
    # withholds the quote when they are fewer than k (report.quotes.publishable). Not shown.
    group_people: int = 0


@dataclass(frozen=True)
class RoleInput:
    role: str
    label: str
    questions: tuple[QuestionSummary, ...]
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class PartInput:
    part: ReportPart
    title: str
    roles: tuple[RoleInput, ...]


@dataclass(frozen=True)
class PillarSummary:
    id: str
    title: str
    confirmed: bool
    parts: tuple[PartInput, ...]

    @property
    def has_input(self) -> bool:
        return any(part.roles for part in self.parts)

    @property
    def heading(self) -> str:
        return f"Pijler {self.id}: {self.title}" if self.id[:1].isdigit() else self.title


@dataclass(frozen=True)
class ArtItemSummary:
    item_id: str
    text: str | None
    pillar_title: str
    roles: tuple[RoleInput, ...]
    source: str | None = None  # where the item's text is quoted from


@dataclass(frozen=True)
class CountFigure:
    label: str
    n: int | None  # None: suppressed
    people_reached: int | None = None
    protected: bool = False  # hidden although k or more: it would give a hidden one away


def rest_of(
    total: CountFigure | None, figures: Sequence[CountFigure], label: str
) -> CountFigure | None:
    """The hidden rows of a breakdown that splits the total (each contribution in one row)
    taken together, as the total minus the rows shown: a figure every reader can already
    work out, so it reveals nothing new (the audit keeps it on k or more peer experts,
    report/audit_contributions.py). None when the total itself is not shown, or no row is
    (then it would only repeat the total)."""
    shown = [f for f in figures if f.n is not None]
    if total is None or total.n is None or not shown:
        return None
    n = total.n - sum(f.n or 0 for f in shown)
    reached = None
    if total.people_reached is not None and all(f.people_reached is not None for f in shown):
        reached = total.people_reached - sum(f.people_reached or 0 for f in shown)
    return CountFigure(label, n, reached) if n > 0 else None


@dataclass(frozen=True)
class PeerExpertSummary:
    survey_parts: tuple[PartInput, ...]
    log_title: str | None  # the contribution questionnaire, when the catalog has one
    log_contributions: int | None  # None: suppressed
    log_people: int | None
    log_questions: tuple[QuestionSummary, ...]
    log_quotes: tuple[QuoteView, ...]
    table_total: CountFigure | None  # None: the contributions table has no rows
    by_kind: tuple[CountFigure, ...] = ()
    by_pillar: tuple[CountFigure, ...] = ()
    by_partner: tuple[CountFigure, ...] = ()
    by_location: tuple[CountFigure, ...] = ()  # empty for a single location (the total)

    @property
    def has_input(self) -> bool:
        return bool(
            any(p.roles for p in self.survey_parts)
            or self.log_questions
            or self.log_quotes
            or self.log_contributions
            or self.table_total
        )


@dataclass(frozen=True)
class RoleResponse:
    role: str
    label: str
    codes: int  # 0: no codes in this round (answers came through another round's code)
    invited: int | None  # None: unlimited team codes, or no codes
    started: int | None  # None: suppressed
    completed: int | None
    rate: float | None


@dataclass(frozen=True)
class ChannelUse:
    """One channel people answered on, with the people who did (None: fewer than k, or
    `protected`: hidden although k or more, so that no subtraction finds a hidden number)."""

    name: str
    description: str
    people: int | None
    submitted: int | None
    protected: bool = False


@dataclass(frozen=True)
class ReflectionGroup:
    """A group that looked at the results in the reflection round (None: fewer than k)."""

    label: str
    people: int | None


@dataclass(frozen=True)
class Verantwoording:
    starts_on: date
    ends_on: date
    channels: tuple[ChannelUse, ...]
    roles: tuple[RoleResponse, ...]
    client_experience: str
    reflection: tuple[ReflectionGroup, ...] = ()
    reflection_channels: tuple[ChannelUse, ...] = ()


@dataclass(frozen=True)
class InputSection:
    organisation: str
    framework: str
    round_name: str
    report_year: int
    generated_on: date
    k: int
    suppressed_text: str
    previous_round: str | None
    verantwoording: Verantwoording
    pillars: tuple[PillarSummary, ...]
    peer_experts: PeerExpertSummary
    art_items: tuple[ArtItemSummary, ...]
    # Set by the disclosure audit (report/audit.py): one sentence for readers on what was
    # hidden and why (never which group), and the audit's figures for operators.
    audit_note: str | None = None
    audit_summary: str | None = None
    # Set while people can still answer (report/publishing.py): the tussenstand mark, shown at
    # the top of the document. None: the round is over, the figures are final.
    interim: str | None = None

    @property
    def file_tag(self) -> str:
        """What a file name adds for a tussenstand ('-tussenstand-2026-12-05'), so that the
        final report never overwrites, nor looks like, an interim one."""
        return f"-tussenstand-{self.generated_on.isoformat()}" if self.interim else ""


@dataclass(frozen=True)
class ProgressLine:
    role: str
    role_label: str
    location: str
    invited: int | None
    started: int
    completed: int
    rate: float | None
