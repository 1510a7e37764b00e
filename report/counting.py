"""The round's counts for the verantwoording: who was invited and answered, on which channel,
in which reflection group, and the peer experts' contributions table; every count of fewer than
`k` people is suppressed here, and counts that add up to a shown total never leave one hidden
count alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from questionnaires.model import Catalog, Kind, Role
from report.figures import shown
from report.labels import ROLE_ORDER, channel_name, nl_date, role_label
from report.section import (
    NO_LOCATION,
    ChannelUse,
    CountFigure,
    ProgressLine,
    ReflectionGroup,
    RoleResponse,
)
from storage.counts import ChannelCount, ContributionCount, ResponseCount
from storage.store import InviteCount, ProgressRow, Round


def _one_not_alone(values: list[int | None]) -> list[int | None]:
    """Counts that add up to a known total: one hidden count alone would be the total minus
    the others, so the smallest shown one is hidden with it."""
    if values.count(None) == 1 and len(values) > 1:
        smallest = min((v for v in values if v is not None), default=None)
        if smallest is not None:
            values = values.copy()
            values[values.index(smallest)] = None
    return values


def channel_uses(
    rows: Sequence[ChannelCount], k: int, reflection: bool, groups_hidden: bool
) -> tuple[ChannelUse, ...]:
    """Every channel people answered on in the round (or in its reflection round), from the
    stored data; a count of fewer than `k` people is not shown. The channels add up to the
    groups' counts: when a group's count is hidden (`groups_hidden`), numbers per channel would
    give it away and none are shown; one channel below `k` is hidden with another."""
    used = [r for r in rows if r.reflection == reflection and r.people]
    if groups_hidden:
        people: list[int | None] = [None] * len(used)
        submitted: list[int | None] = [None] * len(used)
    else:
        people = _one_not_alone([shown(r.people, k) for r in used])
        submitted = _one_not_alone([shown(r.submitted, k) for r in used])
    return tuple(
        ChannelUse(*channel_name(r.channel), n, sent, protected=n is None and r.people >= k)
        for r, n, sent in zip(used, people, submitted, strict=True)
    )


def reflection_groups(
    responses: Sequence[ResponseCount], catalog: Catalog, k: int
) -> tuple[ReflectionGroup, ...]:
    """The groups that answered in the reflection round, with the people who sent answers."""
    reflection = {q.id for q in catalog.questionnaires.values() if q.kind is Kind.REFLECTION}
    people: dict[str, int] = defaultdict(int)
    for r in responses:
        if r.questionnaire_id in reflection:
            people[r.role] += r.people
    # The councils first: they speak for the clients and the naasten.
    order = sorted(ROLE_ORDER, key=lambda role: role not in (Role.CLIENTENRAAD, Role.FAMILIERAAD))
    return tuple(
        ReflectionGroup(role_label(role), shown(people[role], k))
        for role in order
        if people.get(role)
    )


def progress_lines(rows: Sequence[ProgressRow]) -> list[ProgressLine]:
    """Progress for coordinators (not public: no suppression), with response rates."""
    return [
        ProgressLine(
            role=r.role,
            role_label=role_label(r.role),
            location=r.location or NO_LOCATION,
            invited=r.invited,
            started=r.started,
            completed=r.completed,
            rate=100 * r.completed / r.invited if r.invited else None,
        )
        for r in rows
    ]


def role_responses(
    invites: Sequence[InviteCount],
    responses: Sequence[ResponseCount],
    catalog: Catalog,
    k: int,
) -> tuple[RoleResponse, ...]:
    """Invited and responded per role (surveys only; the contribution log is counted apart)."""
    survey_ids = {q.id for q in catalog.questionnaires.values() if q.kind is Kind.SURVEY}
    result = []
    for role in ROLE_ORDER:
        own = [i for i in invites if i.role == role and i.kind == Kind.SURVEY]
        answered = [r for r in responses if r.role == role and r.questionnaire_id in survey_ids]
        if not own and not answered:
            continue
        codes = sum(i.codes for i in own)
        unlimited = not own or any(i.places is None for i in own)
        invited = None if unlimited else sum(i.places for i in own if i.places is not None)
        started = shown(sum(r.started_people for r in answered), k)
        completed = shown(sum(r.people for r in answered), k)
        rate = 100 * completed / invited if completed is not None and invited else None
        result.append(
            RoleResponse(role, role_label(role), codes, invited, started, completed, rate)
        )
    return tuple(result)


def client_experience_text(round_: Round, note: str | None, last_client_round: Round | None) -> str:
    """When client experiences were last measured (the framework asks for it every 2 years)."""
    rule = (
        "Het kwaliteitskader vraagt om cliëntervaringen minstens één keer per twee jaar te meten."
    )
    if note:
        return f"{note} {rule}"
    if last_client_round is not None and last_client_round.id == round_.id:
        return (
            f"Gemeten in deze ronde, van {nl_date(round_.starts_on)} tot en met "
            f"{nl_date(round_.ends_on)}. {rule}"
        )
    if last_client_round is not None:
        return (
            f"In deze ronde zijn geen cliëntervaringen gemeten. De laatste meting was in de ronde "
            f"'{last_client_round.name}', van {nl_date(last_client_round.starts_on)} tot en met "
            f"{nl_date(last_client_round.ends_on)}. {rule}"
        )
    return f"In deze ronde zijn geen cliëntervaringen gemeten. {rule}"


def count_figures(
    rows: Sequence[ContributionCount], dimension: str, k: int, labels: dict[str, str]
) -> tuple[CountFigure, ...]:
    """One breakdown of the contributions table; a cell given by fewer than `k` peer experts
    is suppressed with the number of people it reached."""
    picked = sorted((r for r in rows if r.dimension == dimension), key=lambda r: (-r.n, r.key))
    return tuple(
        CountFigure(
            labels.get(r.key, r.key or "onbekend"),
            r.n if r.people >= k else None,
            r.people_reached if r.people >= k else None,
        )
        for r in picked
    )
