"""The building blocks of the report tree that several chapters share: a question with its
figures (appendix, ART part), a group's summary (sentences, one chart, a few quotes), quotes,
placeholders and count tables. Nothing is counted here: every number comes from
`report.aggregate`, after suppression and audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from questionnaires.model import Catalog, Kind, Question
from report.labels import PROTECTS_OTHER, percent
from report.nodes import Block, Chart, Inline, Note, Paragraph, Quote, Span, Table
from report.section import CountFigure, InputSection, QuestionSummary, QuoteView, RoleInput
from report.sentences import headline_sentences, quoted, stacked_chart

PLACEHOLDER_TITLE = "Hier komt de tekst van de organisatie"
MAIN_TEXT_QUOTES = 2


def more(count: int, one: str, many: str) -> str:
    """'Nog 1 citaat staat' or 'Nog 3 citaten staan'."""
    return f"Nog 1 {one} staat" if count == 1 else f"Nog {count} {many} staan"


def nl_number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


class Blocks:
    """Turns parts of the input section into blocks; the chapters build on it."""

    def __init__(self, s: InputSection, catalog: Catalog) -> None:
        self.s = s
        self.k = s.k
        self.more_quotes: list[tuple[RoleInput, int]] = []
        # Groups nobody of whom answered in this round: they get a sentence, not figures.
        answered = {r.role for r in s.verantwoording.roles if r.started != 0}
        self.nobody = {
            qn.role
            for qn in catalog.questionnaires.values()
            if qn.kind is Kind.SURVEY and qn.role not in answered
        }
        self.questions: dict[str, Question] = {
            q.id: q for qn in catalog.questionnaires.values() for q in qn.questions
        }

    def less(self) -> str:
        return f"minder dan {self.k}"

    def asked_whom(self, question_id: str) -> str | None:
        """For a follow-up question: who was asked it, in words."""
        question = self.questions.get(question_id)
        if question is None or question.show_if is None:
            return None
        condition = question.show_if
        parent = self.questions.get(condition.question)
        if parent is None:
            return None
        labels = [f"‘{parent.label_of(str(v)).lower()}’" for v in condition.values]
        listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " of " + labels[-1]
        verb = "aankruisten" if condition.op == "contains" else "antwoordden"
        return f"Deze vraag kregen alleen mensen die bij {quoted(parent.text.nl)} {listed} {verb}."

    def quotes(self, quotes: Iterable[QuoteView], with_question: bool = True) -> list[Block]:
        return [
            Quote(
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

    def placeholder(self, what: str) -> Note:
        return Note(
            PLACEHOLDER_TITLE,
            (
                Paragraph.of(
                    f"Nog geen inbreng voor {what}. Schrijf hier de tekst van de organisatie, of "
                    "vul dit deel met de antwoorden uit een reflectieronde."
                ),
            ),
            kind="placeholder",
        )

    def question(self, q: QuestionSummary) -> list[Block]:
        heading: list[Inline] = [Span(q.text, bold=True)]
        if q.n:
            heading.append(f" (n = {q.n})")
        blocks: list[Block] = [Paragraph(tuple(heading))]
        who = self.asked_whom(q.question_id)
        if who:
            blocks.append(Paragraph.of(who, style="muted"))
        if q.n is None:
            blocks.append(Paragraph.of(f"{self.s.suppressed_text.capitalize()}.", style="muted"))
            return blocks
        if q.n == 0:
            blocks.append(Paragraph.of("Niemand heeft deze vraag beantwoord.", style="muted"))
            return blocks
        previous = q.previous
        if q.type == "number":
            unit = f" {q.unit}" if q.unit else ""
            line = f"Gemiddeld {nl_number(q.mean)}{unit}, mediaan {nl_number(q.median)}."
            if previous:
                was = (
                    self.s.suppressed_text
                    if previous.suppressed
                    else f"gemiddeld {nl_number(previous.mean)} (n = {previous.n})"
                )
                line += f" Vorige ronde ({previous.round_name}): {was}."
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
        if q.multiple:
            blocks.append(
                Paragraph.of(
                    "Meer antwoorden per persoon mogelijk: de percentages tellen op tot meer "
                    "dan 100%.",
                    style="muted",
                )
            )
        if q.key_percent is not None:
            line = f"Samengevat: {percent(q.key_percent)} {q.key_label}."
            if previous:
                was = (
                    self.s.suppressed_text
                    if previous.suppressed
                    else f"{percent(previous.key_percent)} {q.key_label} (n = {previous.n})"
                )
                line += f" Vorige ronde ({previous.round_name}): {was}."
            blocks.append(Paragraph.of(line))
        if q.locations:
            blocks.append(
                Table(
                    ("Locatie", q.key_label or "", "n"),
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
                    caption=f"Per locatie ({q.key_label})",
                )
            )
        return blocks

    def group_summary(self, role: RoleInput, context: str, chart: bool = True) -> list[Block]:
        """What one group said in one part: sentences, one chart, quotes, follow-up notes.
        The main text shows a few quotes; the appendix has them all."""
        if role.role in self.nobody:
            return [self.nobody_answered(role)]
        blocks: list[Block] = []
        sentences = headline_sentences(role.label, role.questions, self.k, self.s.previous_round)
        if sentences:
            blocks.append(Paragraph.of(" ".join(sentences)))
        drawn = stacked_chart(f"{role.label}: {context}", role.questions) if chart else None
        if drawn is not None:
            blocks.append(Chart(drawn))
        follow_ups = [
            f"{quoted(q.text)}: {who[0].lower()}{who[1:]}"
            for q in role.questions
            if q.n and (who := self.asked_whom(q.question_id))
        ]
        if follow_ups:
            blocks.append(Paragraph.of("Vervolgvragen. " + " ".join(follow_ups), style="muted"))
        most = MAIN_TEXT_QUOTES
        blocks.extend(self.quotes(role.quotes[:most]))
        if len(role.quotes) > most:
            self.more_quotes.append((role, most))
            blocks.append(
                Paragraph.of(
                    f"{more(len(role.quotes) - most, 'citaat', 'citaten')} in de bijlage.",
                    style="muted",
                )
            )
        return blocks

    def count_table(self, title: str, figures: Sequence[CountFigure]) -> Table:
        return Table(
            (title, "Aantal bijdragen", "Mensen bereikt"),
            tuple(
                (
                    f.label,
                    str(f.n) if f.n is not None else self.less(),
                    str(f.people_reached) if f.people_reached is not None else "–",
                )
                for f in figures
            ),
            (False, True, True),
        )
