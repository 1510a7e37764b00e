"""The disclosure audit: attack the report before anyone sees it, and hide more until it holds.

Runs after the report model (`InputSection`) is built and before any renderer: every renderer
(Markdown, HTML, Word, the ART part on its own, the public export) shows only figures of the
audited model.

The attacker knows every figure the model publishes (question totals and option counts, the
figures per location, the previous round's figures for the trend, the follow-up questions with
their own counts) and the size of every group (how many people of each role at each location
took part). Each question's answers per location are unknown integer counts, tied together as
the questionnaire ties them: a person gives one answer to a single-choice question, at least one
option of a multiple-choice one, and answers a follow-up only after a triggering answer to its
parent question (so a follow-up's respondents at a location are at most the parent's triggering
answers there). All of this is one integer linear system per question family and round.

The rule, for every group below k (the people at one location who answered a question, when
there are fewer than k of them) and every answer option: the published figures must stay
consistent with both "none of them chose it" and "all of them chose it". HiGHS decides each case
exactly. When a case fails, the audit hides one more figure (first another location's figure,
then a follow-up's or the trend's, and only then the question) and asks again, until every case
holds.

The peer experts' contributions table is audited the same way on its own breakdowns: a hidden
cell (fewer than k peer experts) must not be computable from the total and the other cells, nor
(with the ledger) a cell's contributions of fewer than k peer experts up to an earlier output
or logged between two outputs (report/audit_contributions.py, report/audit_table.py).
Quotes whose own group (role x location, a reflection round apart) has fewer than k people
are withheld. The verantwoording shows
only how many people took part per role: group sizes the attacker is assumed to know already.
Numeric answers are published as a mean and median over all respondents only, never per
location, and are not modelled further.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from questionnaires.i18n import ngettext
from questionnaires.model import Catalog
from report.audit_contributions import protect_peer_experts, shown_cells, table_figures
from report.audit_questions import QuestionAudit
from report.gather import RoundData
from report.labels import audited_sentence
from report.ledger import CURRENT, PREVIOUS, Published, PublishedTable, section_facts
from report.quotes import publishable
from report.section import (
    Comparison,
    InputSection,
    LocationFigure,
    QuestionSummary,
    QuoteView,
    RoleInput,
)
from report.walk import rebuild, summaries


@dataclass(frozen=True)
class AuditResult:
    """What the audit did, for the operator (`summary`) and the reader (`sentence`)."""

    k: int
    small_groups: int  # groups below k whose answers were attacked
    checks: int  # integer feasibility problems solved
    primary: int  # figures hidden because they rest on fewer than k people
    extra: int  # figures hidden so the hidden ones cannot be worked out
    quotes_withheld: int  # approved quotes of a role with fewer than k people
    left_out: int = 0  # questions whose figures leave out the answers of groups below k

    @property
    def hidden(self) -> int:
        return self.primary + self.extra

    def summary(self) -> str:
        def count(one: str, other: str, n: int) -> str:
            return ngettext(one, other, n, "en", k=self.k)

        return (
            "Disclosure audit: "
            + count("{n} group below k={k}", "{n} groups below k={k}", self.small_groups)
            + " attacked with "
            + count("{n} feasibility check", "{n} feasibility checks", self.checks)
            + " (integer, HiGHS); "
            + count("{n} figure hidden", "{n} figures hidden", self.primary)
            + f" (fewer than {self.k} people), {self.extra} more hidden to protect them, "
            + count(
                "{n} question counted without its groups below k",
                "{n} questions counted without their groups below k",
                self.left_out,
            )
            + ", "
            + count("{n} quote withheld", "{n} quotes withheld", self.quotes_withheld)
            + "; no group below k can be worked out."
        )

    def note(self) -> str:
        """A few short sentences for the report: what was hidden and why, never which group."""
        k = self.k
        if self.hidden == 0 and self.quotes_withheld == 0 and self.left_out == 0:
            return f"Elk cijfer in dit verslag rust op minstens {k} mensen."
        sentences = []
        if self.primary:
            sentences.append(
                ngettext(
                    "In dit verslag tonen we {n} cijfer niet, omdat het op minder dan {k} mensen "
                    "rust.",
                    "In dit verslag tonen we {n} cijfers niet, omdat ze op minder dan {k} mensen "
                    "rusten.",
                    self.primary,
                    k=k,
                )
            )
        if self.extra:
            sentences.append(
                ngettext(
                    "{lead} {n} cijfer niet, omdat je er een verborgen cijfer mee zou kunnen "
                    "uitrekenen.",
                    "{lead} {n} cijfers niet, omdat je er een verborgen cijfer mee zou kunnen "
                    "uitrekenen.",
                    self.extra,
                    lead="Ook tonen we" if self.primary else "We tonen",
                )
            )
        if self.left_out:
            sentences.append(
                ngettext(
                    "Bij {n} vraag tellen de antwoorden van groepen van minder dan {k} mensen "
                    "niet mee in de cijfers.",
                    "Bij {n} vragen tellen de antwoorden van groepen van minder dan {k} mensen "
                    "niet mee in de cijfers.",
                    self.left_out,
                    k=k,
                )
            )
        if self.quotes_withheld:
            sentences.append(
                ngettext(
                    "We laten {n} citaat uit een te kleine groep weg.",
                    "We laten {n} citaten uit een te kleine groep weg.",
                    self.quotes_withheld,
                )
            )
        return " ".join([*sentences, audited_sentence(k)])


@dataclass(frozen=True)
class Protected:
    section: InputSection
    result: AuditResult
    # (round 'current'/'previous', question id) -> locations left out of its figures; never
    # published (tests hand it to their attacker, who is assumed to know it)
    left_out: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # What publishing the section adds to the ledger, per round (CURRENT, PREVIOUS)
    published: dict[str, Published] = field(default_factory=dict)


def _figures(section: InputSection) -> tuple[int, int]:
    """(figures hidden, figures hidden only to protect others) in the model, each counted once
    although the ART part repeats some questions."""
    hidden = protecting = 0
    for q in summaries(section).values():
        hidden += q.n is None
        hidden += q.previous is not None and q.previous.n is None
        for f in q.locations:
            hidden += f.n is None
            protecting += f.protects_other
    for role in section.verantwoording.roles:
        hidden += (role.started is None) + (role.completed is None)
    pe = section.peer_experts
    hidden += (pe.log_contributions is None) + (pe.log_people is None)
    cells = (pe.table_total,) if pe.table_total else ()
    for cell in (*cells, *pe.by_kind, *pe.by_pillar, *pe.by_partner, *pe.by_location):
        hidden += cell.n is None
    return hidden, protecting


def protect(
    section: InputSection,
    data: RoundData,
    catalog: Catalog,
    history: Mapping[str, Sequence[Published]] | None = None,
) -> Protected:
    """Attack the section's figures and hide more until no group below k can be worked out,
    also together with everything published before (`history`: per round, CURRENT or
    PREVIOUS, what earlier outputs in the publication ledger published, oldest first)."""
    k = section.k
    before_hidden, before_protecting = _figures(section)
    audit = QuestionAudit(section, data, catalog, history)
    audit.run()
    state = audit.state

    def hide(node: Any) -> Any:
        if isinstance(node, QuestionSummary):
            if node.question_id in audit.changed:
                node = audit.summaries[node.question_id]
            if node.question_id in state.totals and node.n is not None:
                return replace(
                    node,
                    n=None,
                    protected=True,
                    options=(),
                    key_percent=None,
                    mean=None,
                    median=None,
                    previous=None,
                    locations=(),
                )
            if node.question_id in state.previous and node.previous is not None:
                node = replace(
                    node,
                    previous=Comparison(node.previous.round_name, None, None),
                    options=tuple(replace(o, previous_percent=None) for o in node.options),
                )
            if any((node.question_id, f.location) in state.locations for f in node.locations):
                node = replace(
                    node,
                    locations=tuple(
                        LocationFigure(f.location, None, None, protects_other=True)
                        if (node.question_id, f.location) in state.locations
                        else f
                        for f in node.locations
                    ),
                )
        return node

    audited: InputSection = rebuild(section, hide)
    tables = [p.table for p in (history or {}).get(CURRENT, ()) if p.table is not None]
    pe, count_extra, count_solves, table_groups = protect_peer_experts(
        audited.peer_experts, data, k, tables
    )
    audited = replace(audited, peer_experts=pe)
    audited, withheld = _withhold_quotes(audited, k)
    _, after_protecting = _figures(audited)
    primary = before_hidden - before_protecting
    extra = after_protecting + len(state.totals) + len(state.previous) + count_extra
    result = AuditResult(
        k=k,
        small_groups=len(audit.small) + table_groups,
        checks=audit.checks + count_solves,
        primary=primary,
        extra=extra,
        quotes_withheld=withheld,
        left_out=len({qid for (_, qid), places in state.excluded.items() if places}),
    )
    left_out = {key: frozenset(places) for key, places in state.excluded.items() if places}
    audited = replace(audited, audit_note=result.note(), audit_summary=result.summary())
    table = PublishedTable(
        data.taken_at,
        data.contributions,
        tuple(table_figures(audited.peer_experts, shown_cells(audited.peer_experts, data))),
    )
    published = {
        CURRENT: Published(
            data.current,
            section_facts(audited, left_out, CURRENT),
            table,
            data.read_from,
            data.kept,
        )
    }
    if data.previous is not None:
        published[PREVIOUS] = Published(
            data.previous,
            section_facts(audited, left_out, PREVIOUS),
            None,
            data.read_from,
            data.kept_previous,
        )
    return Protected(audited, result, left_out, published)


def _withhold_quotes(section: InputSection, k: int) -> tuple[InputSection, int]:
    """A quote whose own group (role x location, a reflection round apart) has fewer than k
    people never reaches the report, whatever was approved (report.quotes.publishable)."""
    withheld: set[tuple[str, str, str]] = set()

    def keep(owner: str, quotes: tuple[QuoteView, ...]) -> tuple[QuoteView, ...]:
        small = [q for q in quotes if not publishable(q.group_people, k)]
        withheld.update((owner, q.question_text, q.text) for q in small)
        return tuple(q for q in quotes if publishable(q.group_people, k))

    def drop(node: Any) -> Any:
        if isinstance(node, RoleInput) and node.quotes:
            kept = keep(node.role, node.quotes)
            return replace(node, quotes=kept) if len(kept) < len(node.quotes) else node
        return node

    section = rebuild(section, drop)
    pe = section.peer_experts
    if pe.log_quotes:
        section = replace(section, peer_experts=replace(pe, log_quotes=keep("log", pe.log_quotes)))
    return section, len(withheld)
