"""The input section as data: grouped SQL results turned into suppressed, report-ready figures.

`report.gather` runs a handful of GROUP BY queries (never loading answers one by one);
`assemble` hands their rows to pure functions. Every figure resting on fewer than `k` respondents is
suppressed here, before any renderer sees it, so no template can show it by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from questionnaires.model import (
    Catalog,
    Kind,
    Question,
    Questionnaire,
    QuestionType,
    ReportPart,
    Role,
)
from report.counting import (
    channel_uses,
    client_experience_text,
    count_figures,
    reflection_groups,
    role_responses,
)
from report.figures import (
    Tally,
    shown,
    summarise_question,
    tally,
)
from report.gather import CLOSED_TYPES, RoundData
from report.labels import (
    PART_TITLES,
    ROLE_ORDER,
    role_label,
    suppressed_text,
)
from report.masking import mask_again
from report.section import (
    NO_LOCATION,
    REFLECTION_LABEL,
    ArtItemSummary,
    CountFigure,
    InputSection,
    PartInput,
    PeerExpertSummary,
    PillarSummary,
    QuestionSummary,
    QuoteView,
    RoleInput,
    Verantwoording,
)
from report.sentences import asked_if
from storage.store import Quote

# Building the whole section ------------------------------------------------------------------


class _Context:
    """What every part of the section needs: the catalog, tallies and approved quotes."""

    def __init__(
        self,
        catalog: Catalog,
        current: dict[str, Tally],
        previous: dict[str, Tally],
        previous_name: str | None,
        quotes: Sequence[Quote],
        k: int,
        places: Sequence[str] = (),
    ) -> None:
        self.catalog = catalog
        self.current = current
        self.previous = previous
        self.previous_name = previous_name
        self.k = k
        self.questions = {q.id: q for qn in catalog.questionnaires.values() for q in qn.questions}
        self.quotes: dict[str, list[QuoteView]] = defaultdict(list)
        for quote in quotes:
            question = self.questions.get(quote.question_id)
            if question is not None and question.type is QuestionType.TEXT:
                self.quotes[quote.question_id].append(
                    QuoteView(
                        mask_again(quote.text, places),
                        role_label(quote.role),
                        question.text.nl,
                        quote.group_people,
                    )
                )

    def role_input(self, role: str, questions: Iterable[Question]) -> RoleInput | None:
        summaries: list[QuestionSummary] = []
        quotes: list[QuoteView] = []
        for question in questions:
            if question.type in CLOSED_TYPES:
                summary = summarise_question(
                    question,
                    role,
                    self.current.get(question.id),
                    self.previous.get(question.id) if self.previous_name else None,
                    self.previous_name,
                    self.k,
                )
                summaries.append(replace(summary, asked_if=asked_if(question, self.questions)))
            elif question.type is QuestionType.TEXT:
                quotes.extend(self.quotes.get(question.id, ()))
        if not summaries and not quotes:
            return None
        return RoleInput(role, role_label(role), tuple(summaries), tuple(quotes))

    def reflection_inputs(
        self, questionnaire: Questionnaire, questions: Sequence[Question]
    ) -> list[RoleInput]:
        """The reflection round's approved answers, one group per role that answered (a
        council, peer experts, a team), so each is thresholded on its own people."""
        found = []
        for role in (questionnaire.role, *questionnaire.also_for):
            label = role_label(role)
            quotes = tuple(
                quote
                for question in questions
                for quote in self.quotes.get(question.id, ())
                if quote.role_label == label
            )
            if quotes:
                found.append(RoleInput(role, f"{label} {REFLECTION_LABEL}", (), quotes))
        return found

    def parts(
        self, questionnaires: Sequence[Questionnaire], pillar: str | None
    ) -> tuple[PartInput, ...]:
        parts = []
        for part in ReportPart:
            roles = []
            for qn in questionnaires:
                picked = [
                    q
                    for q in qn.questions
                    if q.feeds is part and (pillar is None or q.pillar == pillar)
                ]
                if qn.kind is Kind.REFLECTION:
                    roles.extend(self.reflection_inputs(qn, picked))
                    continue
                found = self.role_input(qn.role, picked)
                if found is not None:
                    roles.append(found)
            parts.append(PartInput(part, PART_TITLES[part], tuple(roles)))
        return tuple(parts)


def assemble(
    data: RoundData,
    catalog: Catalog,
    *,
    k: int,
    organisation: str,
    today: date | None = None,
) -> InputSection:
    """The section with primary suppression only (each figure below `k` people hidden); the
    audit (`report.audit.protect`) must run on it before anyone sees it."""
    round_ = data.round
    current = tally(data.current.counts, data.current.respondents, data.current.people)
    previous_round = data.previous_round
    previous: dict[str, Tally] = {}
    if previous_round is not None and data.previous is not None:
        previous = tally(data.previous.counts, data.previous.respondents, data.previous.people)
    ctx = _Context(
        catalog,
        current,
        previous,
        previous_round.name if previous_round else None,
        data.quotes,
        k,
        data.places,
    )
    surveys = [
        qn
        for role in ROLE_ORDER
        if role != Role.ERVARINGSDESKUNDIGE
        and (qn := catalog.for_role(role, Kind.SURVEY)) is not None
    ]
    reflection = [qn for qn in catalog.questionnaires.values() if qn.kind is Kind.REFLECTION]
    pillars = tuple(
        PillarSummary(p.id, p.title, p.confirmed, ctx.parts([*surveys, *reflection], p.id))
        for p in catalog.framework.pillars
    )
    art_items = []
    for item in catalog.framework.art_extra_items:
        pillar = catalog.framework.pillar(item.pillar)
        roles = []
        for role in ROLE_ORDER:
            questions = [
                q
                for kind in Kind
                if (qn := catalog.for_role(role, kind)) is not None
                for q in qn.questions
                if item.id in q.items
            ]
            found = ctx.role_input(role, questions)
            if found is not None:
                roles.append(found)
        art_items.append(
            ArtItemSummary(
                item.id,
                item.text,
                pillar.title if pillar else item.pillar,
                tuple(roles),
                item.source,
            )
        )
    responded = role_responses(data.invites, data.responses, catalog, k)
    reflected = reflection_groups(data.responses, catalog, k)
    verantwoording = Verantwoording(
        starts_on=round_.starts_on,
        ends_on=round_.ends_on,
        channels=channel_uses(
            data.channels,
            k,
            reflection=False,
            groups_hidden=any(r.started is None or r.completed is None for r in responded),
        ),
        roles=responded,
        reflection=reflected,
        reflection_channels=channel_uses(
            data.channels,
            k,
            reflection=True,
            groups_hidden=any(g.people is None for g in reflected),
        ),
        client_experience=client_experience_text(
            round_, round_.client_experience_note, data.last_client_round
        ),
    )
    return InputSection(
        organisation=organisation,
        framework=catalog.framework.name,
        round_name=round_.name,
        report_year=round_.report_year,
        generated_on=today or date.today(),
        k=k,
        suppressed_text=suppressed_text(k),
        previous_round=previous_round.name if previous_round else None,
        verantwoording=verantwoording,
        pillars=pillars,
        peer_experts=_peer_experts(catalog, ctx, data),
        art_items=tuple(art_items),
    )


def _peer_experts(catalog: Catalog, ctx: _Context, data: RoundData) -> PeerExpertSummary:
    """The peer experts' survey and contribution log; every log figure is thresholded on the
    number of distinct peer experts behind it, not on the number of contributions."""
    k = ctx.k
    survey = catalog.for_role(Role.ERVARINGSDESKUNDIGE, Kind.SURVEY)
    log = catalog.for_role(Role.ERVARINGSDESKUNDIGE, Kind.CONTRIBUTION)
    log_input = ctx.role_input(Role.ERVARINGSDESKUNDIGE, log.questions) if log else None
    logged = [r for r in data.responses if log is not None and r.questionnaire_id == log.id]
    people = sum(r.people for r in logged)
    counts = data.contributions
    total = next((c for c in counts if c.dimension == "total"), None)
    pillar_titles = {p.id: p.title for p in catalog.framework.pillars}
    # Recorded contributions store option ids: show them with the log's own labels.
    labels = {
        q.records: {c.token: c.label.nl for c in q.choices()}
        for q in (log.questions if log else ())
        if q.records
    }
    partners = {r: role_label(r) for r in ROLE_ORDER} | labels.get("with_whom", {})
    kinds = {"niet_ingevuld": "Soort niet ingevuld"} | labels.get("kind", {})
    # Per location only where there is more than one: one row would repeat the total.
    places = {str(i): name for name, i in data.location_ids.items()} | {"": NO_LOCATION}
    by_location = count_figures(counts, "location", k, places)
    return PeerExpertSummary(
        survey_parts=ctx.parts([survey], None) if survey else (),
        log_title=log.title.nl if log else None,
        log_contributions=sum(r.submitted for r in logged) if people >= k else None,
        log_people=shown(people, k),
        log_questions=log_input.questions if log_input else (),
        log_quotes=log_input.quotes if log_input else (),
        table_total=(
            CountFigure(
                "Alle bijdragen",
                total.n if total.people >= k else None,
                total.people_reached if total.people >= k else None,
            )
            if total
            else None
        ),
        by_kind=count_figures(counts, "kind", k, kinds),
        by_pillar=count_figures(counts, "pillar", k, pillar_titles),
        by_partner=count_figures(counts, "with_whom", k, partners),
        by_location=by_location if len(by_location) > 1 else (),
    )
