"""The building blocks of the report tree that several chapters share: a question with its
figures (appendix, ART part), a group's summary (sentences, one chart, a few quotes), quotes,
placeholders and count tables. Nothing is counted here: every number comes from
`report.aggregate`, after suppression and audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from questionnaires.i18n import ngettext
from questionnaires.model import Catalog, Kind
from report.labels import PROTECTS_GROUP, PROTECTS_OTHER, percent
from report.nodes import (
    Attention,
    Block,
    BulletList,
    Chart,
    Inline,
    Note,
    Paragraph,
    QuoteBlock,
    StyledText,
    Table,
)
from report.section import Comparison, InputSection, QuestionSummary, QuoteView, RoleInput
from report.sentences import headline_sentences, quoted, stacked_chart

PLACEHOLDER_TITLE = "Hier komt de tekst van de organisatie"
MAIN_TEXT_QUOTES = 2


def n_is(n: int | None) -> str:
    """'(n = 56)' with no-break spaces, so it never breaks over two lines."""
    return f"(n\u00a0=\u00a0{n})"


def nl_number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


class Blocks:
    """Turns parts of the input section into blocks; the chapters build on it."""

    def __init__(self, s: InputSection, catalog: Catalog) -> None:
        self.s = s
        self.k = s.k
        # Quotes beyond the main text's few, for the appendix: where they belong (a part of a
        # pillar: 'pijler 1 (Cliënten), terugblik'), the group and how many the text showed.
        self.more_quotes: list[tuple[str, RoleInput, int]] = []
        self.notes: list[Attention] = []  # for the coordinator, never in the text
        # Groups nobody of whom answered in this round: they get a sentence, not figures.
        answered = {r.role for r in s.verantwoording.roles if r.started != 0}
        self.nobody = {
            qn.role
            for qn in catalog.questionnaires.values()
            if qn.kind is Kind.SURVEY and qn.role not in answered
        }

    def less(self) -> str:
        return f"minder dan {self.k}"

    def asked_whom(self, q: QuestionSummary) -> str | None:
        """For a follow-up question: who was asked it, in words."""
        return f"Deze vraag kregen alleen mensen die {q.asked_if}." if q.asked_if else None

    def quotes(self, quotes: Iterable[QuoteView], with_question: bool = True) -> list[Block]:
        return [
            QuoteBlock(
                q.text,
                f"{q.role_label}, bij de vraag: {q.question_text}"
                if with_question
                else q.role_label,
            )
            for q in quotes
        ]

    def nobody_answered(self, role: RoleInput) -> Paragraph:
        return Paragraph.of(
            f"Van de groep {role.label.lower()} heeft in deze ronde niemand de vragen beantwoord.",
            style="muted",
        )

    def placeholder(self, ask: str) -> Note:
        """A clearly marked place for the organisation's own text, saying what belongs there
        (how to fill it is said to the coordinator, not in the report)."""
        return Note(PLACEHOLDER_TITLE, (Paragraph.of(ask),), kind="placeholder")

    def previously(self, previous: Comparison, figure: str) -> str:
        """' Vorige ronde (…): ' after a figure, with the previous round's `figure` or why it
        is not shown."""
        was = self.s.suppressed_text if previous.suppressed else figure
        return f" Vorige ronde ({previous.round_name}): {was}."

    def question(self, q: QuestionSummary) -> list[Block]:
        heading: list[Inline] = [StyledText(q.text, bold=True)]
        if q.n:
            several = "; meer antwoorden per persoon mogelijk" if q.multiple else ""
            heading.append(f" {n_is(q.n)[:-1]}{several})")
        blocks: list[Block] = [Paragraph(tuple(heading))]
        who = self.asked_whom(q)
        if who:
            blocks.append(Paragraph.of(who, style="muted"))
        if q.n is None:
            why = PROTECTS_GROUP if q.protected else self.s.suppressed_text
            blocks.append(Paragraph.of(f"{why.capitalize()}.", style="muted"))
            return blocks
        if q.n == 0:
            blocks.append(Paragraph.of("Niemand heeft deze vraag beantwoord.", style="muted"))
            return blocks
        previous = q.previous
        if q.type == "number":
            unit = f" {q.unit}" if q.unit else ""
            line = f"Gemiddeld {nl_number(q.mean)}{unit}, mediaan {nl_number(q.median)}."
            if previous:
                line += self.previously(
                    previous, f"gemiddeld {nl_number(previous.mean)} {n_is(previous.n)}"
                )
            blocks.append(Paragraph.of(line))
            return blocks
        header: tuple[str, ...] = ("Antwoord", "Aantal", "%")
        if previous:
            header = (*header, f"Vorige ronde ({previous.round_name})")
        rows = []
        for o in q.options:
            row: tuple[str, ...] = (o.label, str(o.count), percent(o.percent))
            if previous:
                shown = percent(o.previous_percent) if o.previous_percent is not None else "–"
                row = (*row, shown)
            rows.append(row)
        blocks.append(Table(header, tuple(rows), (False, True, True, True)[: len(header)]))
        if q.key_percent is not None:
            line = f"Samengevat: {percent(q.key_percent)} {q.key_label}."
            if previous:
                line += self.previously(
                    previous, f"{percent(previous.key_percent)} {q.key_label} {n_is(previous.n)}"
                )
            blocks.append(Paragraph.of(line))
        if q.locations:
            blocks.append(
                Table(
                    ("Per locatie", q.key_label or "", "n"),
                    tuple(
                        (
                            loc.location,
                            PROTECTS_OTHER if loc.protects_other else self.s.suppressed_text,
                            "",
                        )
                        if loc.suppressed
                        else (loc.location, percent(loc.key_percent), str(loc.n))
                        for loc in q.locations
                    ),
                    (False, True, True),
                )
            )
        return blocks

    def questions(self, questions: Sequence[QuestionSummary]) -> list[Block]:
        """Every question with its figures; those with too few answers together at the end,
        so the reason is said once."""
        blocks: list[Block] = []
        for q in questions:
            if q.n is not None:
                blocks.extend(self.question(q))
        hidden = [quoted(q.text) for q in questions if q.n is None]
        if hidden:
            blocks.append(
                Paragraph.of(
                    f"Minder dan {self.k} antwoorden, daarom niet getoond:"
                    if len(hidden) > 1
                    else f"Minder dan {self.k} antwoorden, daarom niet getoond: {hidden[0]}.",
                    style="muted",
                )
            )
            if len(hidden) > 1:
                blocks.append(BulletList(tuple(hidden)))
        return blocks

    def group_summary(self, role: RoleInput, context: str, chart: bool = True) -> list[Block]:
        """What one group said in one part: sentences, one chart, quotes.
        The main text shows a few quotes; the appendix has them all."""
        if role.role in self.nobody:
            return [self.nobody_answered(role)]
        blocks: list[Block] = []
        sentences = headline_sentences(role.label, role.questions, self.k, self.s.previous_round)
        if sentences:
            blocks.append(Paragraph.of(" ".join(sentences)))
        # Follow-up questions are not in the chart: their sentence says who was asked them.
        everyone = [q for q in role.questions if q.asked_if is None]
        drawn = stacked_chart(f"{role.label}: {context}", everyone) if chart else None
        if drawn is not None:
            blocks.append(Chart(drawn))
        most = MAIN_TEXT_QUOTES
        blocks.extend(self.quotes(role.quotes[:most]))
        if len(role.quotes) > most:
            self.more_quotes.append((context, role, most))
            blocks.append(
                Paragraph.of(
                    ngettext(
                        "Nog {n} citaat staat in de bijlage.",
                        "Nog {n} citaten staan in de bijlage.",
                        len(role.quotes) - most,
                    ),
                    style="muted",
                )
            )
        return blocks
