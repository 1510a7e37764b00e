"""A round's audited report model as a public output: audited against everything the
publication ledger holds for the round (and the previous round of the trend), marked as a
tussenstand while people can still answer, and recorded in the ledger once it goes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from questionnaires.model import Catalog
from report.aggregate import assemble
from report.audit import protect
from report.gather import contributions_between, gather
from report.labels import nl_date
from report.ledger import CURRENT, PREVIOUS, Published, dump, load
from report.section import InputSection
from storage.store import Round, Store


@dataclass(frozen=True)
class Audited:
    """The audited section of one round and what publishing it adds to the ledger."""

    round: Round
    section: InputSection
    published: dict[int, Published]  # round id -> the figures the section shows of it
    location_ids: dict[str, int]  # name -> id, as the ledger keeps locations
    # (round 'current'/'previous', question id) -> locations left out of its figures (never
    # published; as report.audit.Protected has it)
    left_out: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    @property
    def interim(self) -> bool:
        return self.section.interim is not None


def interim_text(round_: Round, today: date) -> str:
    """The tussenstand mark, for the document and the coordinator."""
    return (
        f"Dit is een tussenstand. De ronde '{round_.name}' loopt nog tot en met "
        f"{nl_date(round_.ends_on)}: mensen kunnen nog antwoorden, dus de cijfers kunnen nog "
        f"veranderen. Gemaakt op {nl_date(today)}."
    )


async def audited_section(
    store: Store,
    catalog: Catalog,
    round_: Round,
    *,
    min_group_size: int,
    organisation: str,
    today: date | None = None,
) -> Audited:
    """Every figure of the input section of one round, suppressed and audited: figures resting
    on fewer than `min_group_size` people are hidden, and the disclosure audit hides more until
    no published figure, together with every figure published before (the ledger), gives a
    small group away."""
    today = today or date.today()
    ids = {location.name: location.id for location in await store.list_locations()}
    previous_round = await store.previous_round(round_)
    history = {CURRENT: [load(text, ids) for text in await store.published_figures(round_.id)]}
    if previous_round is not None:
        history[PREVIOUS] = [
            load(text, ids) for text in await store.published_figures(previous_round.id)
        ]
    data = await gather(
        store,
        catalog,
        round_,
        kept_since=_read_at(history[CURRENT]),
        previous_kept_since=_read_at(history.get(PREVIOUS, ())),
    )
    moments = [p.table.taken_at for p in history[CURRENT] if p.table is not None]
    if moments:
        data = replace(
            data, contributions_between=await contributions_between(store, round_, moments)
        )
    section = assemble(data, catalog, k=min_group_size, organisation=organisation, today=today)
    protected = protect(section, data, catalog, history)
    audited = protected.section
    if round_.still_running(today):
        audited = replace(audited, interim=interim_text(round_, today))
    published = {round_.id: protected.published[CURRENT]}
    if data.previous_round is not None and PREVIOUS in protected.published:
        published[data.previous_round.id] = protected.published[PREVIOUS]
    return Audited(round_, audited, published, dict(ids), protected.left_out)


def _read_at(history: Sequence[Published]) -> str | None:
    """When the last output in the ledger read the round's answers (None: there is none)."""
    if not history:
        return None
    last = history[-1]
    return last.read_from or (last.table.taken_at if last.table is not None else None)


async def record(
    store: Store, audited: Audited, *, actor: str, what: str, formats: Sequence[str]
) -> None:
    """Enter one public output in the ledger: later outputs of these rounds treat its figures
    as known."""
    await store.record_publication(
        audited.round.id,
        actor=actor,
        what=what,
        formats=formats,
        interim=audited.interim,
        figures={
            rid: dump(published, audited.location_ids)
            for rid, published in audited.published.items()
        },
    )
