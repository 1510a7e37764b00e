"""The input section as a Word document: real Heading 1/2/3 styles and real tables, so a
coordinator can paste whole sections into the kwaliteitsverslag."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from report.aggregate import (
    CountFigure,
    InputSection,
    QuestionSummary,
    QuoteView,
    RoleInput,
)
from report.charts import text_bar
from report.labels import PROTECTS_OTHER, nl_date, percent
from report.render import Section, nl_number

MUTED = RGBColor(0x5B, 0x66, 0x70)
BAR = RGBColor(0x1F, 0x5F, 0x8B)


def write_docx(section: InputSection, path: Path, part: Section = "all") -> Path:
    """Write the section (or only the ART part) to `path` and return it."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    _Writer(doc, section).write(part)
    doc.core_properties.title = f"Inbreng belanghebbenden {section.report_year}"
    doc.core_properties.author = section.organisation
    doc.save(str(path))
    return path


class _Writer:
    def __init__(self, doc: DocumentObject, section: InputSection) -> None:
        self.doc = doc
        self.s = section

    # Building blocks -------------------------------------------------------------------------

    def para(self, text: str = "", *, bold: str | None = None, muted: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        if bold:
            paragraph.add_run(bold).bold = True
            paragraph.add_run(" ")
        run = paragraph.add_run(text)
        if muted:
            run.italic = True
            run.font.color.rgb = MUTED

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int
    ) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Light Grid Accent 1"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = text
                if index >= numeric_from:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()

    def question(self, q: QuestionSummary) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(q.text).bold = True
        if q.n is not None:
            paragraph.add_run(f" (n = {q.n})").font.color.rgb = MUTED
        if q.suppressed:
            self.para(self.s.suppressed_text.capitalize() + ".", muted=True)
            return
        previous = q.previous
        if q.type == "number":
            unit = f" {q.unit}" if q.unit else ""
            self.para(f"Gemiddeld {nl_number(q.mean)}{unit}, mediaan {nl_number(q.median)}.")
            if previous:
                was = (
                    self.s.suppressed_text
                    if previous.suppressed
                    else f"gemiddeld {nl_number(previous.mean)} (n = {previous.n})"
                )
                self.para(f"Vorige ronde ({previous.round_name}): {was}.")
            return
        if q.key_percent is not None:
            line = f"Samengevat: {percent(q.key_percent)} {q.key_label}."
            if previous:
                was = (
                    self.s.suppressed_text
                    if previous.suppressed
                    else f"{percent(previous.key_percent)} {q.key_label} (n = {previous.n})"
                )
                line += f" Vorige ronde ({previous.round_name}): {was}."
            self.para(line)
        header = ["Antwoord", "Aantal", "%", "Grafiek"]
        if previous:
            header.append(f"Vorige ronde ({previous.round_name})")
        rows = []
        for o in q.options:
            row = [o.label, str(o.count), percent(o.percent), text_bar(o.percent, 15)]
            if previous:
                row.append(
                    percent(o.previous_percent)
                    if o.previous_percent is not None
                    else "niet getoond"
                )
            rows.append(row)
        self.table(header, rows, numeric_from=1)
        if q.multiple:
            self.para(
                "Meer antwoorden per persoon mogelijk: de percentages tellen op tot meer dan 100%.",
                muted=True,
            )
        if q.locations:
            self.table(
                ["Locatie", q.key_label or "", "n"],
                [
                    [
                        loc.location,
                        PROTECTS_OTHER if loc.protects_other else self.s.suppressed_text,
                        "",
                    ]
                    if loc.suppressed
                    else [loc.location, percent(loc.key_percent), str(loc.n)]
                    for loc in q.locations
                ],
                numeric_from=1,
            )

    def quotes(self, quotes: Sequence[QuoteView]) -> None:
        for quote in quotes:
            paragraph = self.doc.add_paragraph(style="Quote")
            paragraph.add_run(f"“{quote.text}”")
            by = self.doc.add_paragraph()
            run = by.add_run(f"— {quote.role_label}, bij de vraag: {quote.question_text}")
            run.font.size = Pt(9)
            run.font.color.rgb = MUTED

    def role(self, r: RoleInput, level: int) -> None:
        self.doc.add_heading(r.label, level)
        for q in r.questions:
            self.question(q)
        self.quotes(r.quotes)

    def counts(self, title: str, figures: Sequence[CountFigure]) -> None:
        if not figures:
            return
        self.table(
            [title, "Aantal bijdragen", "Mensen bereikt"],
            [
                [
                    f.label,
                    str(f.n) if f.n is not None else f"minder dan {self.s.k}",
                    str(f.people_reached) if f.people_reached is not None else "–",
                ]
                for f in figures
            ],
            numeric_from=1,
        )

    # Sections --------------------------------------------------------------------------------

    def write(self, part: Section) -> None:
        s = self.s
        if part == "art":
            self.doc.add_heading(
                "Aanvullende verantwoording voor organisaties met het ART-model", 0
            )
        else:
            self.doc.add_heading(
                "Inbreng van cliënten, naasten, ervaringsdeskundigen, samenwerkingspartners en "
                "professionals",
                0,
            )
        self.para(
            f"{s.organisation} · Kwaliteitsverslag {s.report_year} · Ronde “{s.round_name}” · "
            f"Gemaakt op {nl_date(s.generated_on)}",
            muted=True,
        )
        self.para(
            f"Cijfers die op minder dan {s.k} mensen rusten, laten we niet zien "
            f"(“{s.suppressed_text}”). Dat geldt ook voor cijfers per locatie en vergelijkingen. "
            "Soms verbergen we bij de cijfers per locatie ook een tweede locatie, zodat niemand "
            "het verborgen cijfer kan uitrekenen. Teksten van deelnemers staan er alleen in als "
            "een medewerker ze heeft gelezen en goedgekeurd.",
            bold="Over anonimiteit.",
        )
        if s.previous_round:
            self.para(
                f"Waar dezelfde vraag ook in de vorige ronde (“{s.previous_round}”) is gesteld, "
                "staat het cijfer van toen erbij, steeds met de woorden “Vorige ronde”.",
                bold="Vergelijking.",
            )
        self.verantwoording()
        if part == "all":
            self.pillars()
            self.peer_experts()
        self.art()

    def verantwoording(self) -> None:
        s, v = self.s, self.s.verantwoording
        self.doc.add_heading("Verantwoording", 1)
        self.para(f"{nl_date(v.starts_on)} tot en met {nl_date(v.ends_on)}.", bold="Periode:")
        self.para(v.channels, bold="Hoe:")
        less = f"minder dan {s.k}"
        self.table(
            ["Groep", "Uitgenodigd", "Begonnen", "Ingevuld", "Respons"],
            [
                [
                    r.label,
                    str(r.invited) if r.invited is not None else ("open code" if r.codes else "–"),
                    str(r.started) if r.started is not None else less,
                    str(r.completed) if r.completed is not None else less,
                    percent(r.rate),
                ]
                for r in v.roles
            ],
            numeric_from=1,
        )
        self.para(v.client_experience, bold="Cliëntervaringen:")

    def pillars(self) -> None:
        for pillar in self.s.pillars:
            self.doc.add_heading(pillar.heading, 1)
            if not pillar.confirmed:
                self.para(
                    "Let op: controleer de titel van deze pijler met uw versie van het "
                    "kwaliteitskader.",
                    muted=True,
                )
            for part in pillar.parts:
                self.doc.add_heading(part.title, 2)
                if not part.roles:
                    self.para("Geen inbreng voor dit onderdeel.", muted=True)
                for role in part.roles:
                    self.role(role, 3)

    def peer_experts(self) -> None:
        pe, k = self.s.peer_experts, self.s.k
        self.doc.add_heading("Inzet van ervaringsdeskundigen", 1)
        if not pe.has_input:
            self.para("Er is in deze ronde geen inbreng van ervaringsdeskundigen.", muted=True)
        for part in pe.survey_parts:
            if not part.roles:
                continue
            self.doc.add_heading(f"{part.title}: wat ervaringsdeskundigen zeggen", 2)
            for role in part.roles:
                for q in role.questions:
                    self.question(q)
                self.quotes(role.quotes)
        if pe.log_title and (pe.log_contributions or pe.log_questions):
            self.doc.add_heading("Logboek van bijdragen", 2)
            contributions = (
                str(pe.log_contributions)
                if pe.log_contributions is not None
                else self.s.suppressed_text
            )
            people = str(pe.log_people) if pe.log_people is not None else f"minder dan {k}"
            self.para(
                f"Aantal bijdragen: {contributions}. Aantal ervaringsdeskundigen dat bijdragen "
                f"invulde: {people}."
            )
            for q in pe.log_questions:
                self.question(q)
            self.quotes(pe.log_quotes)
        if pe.table_total:
            self.doc.add_heading("Geregistreerde bijdragen", 2)
            total = pe.table_total
            if total.n is None:
                self.para(f"Alle bijdragen: {self.s.suppressed_text}.")
            else:
                reached = (
                    f", samen {total.people_reached} mensen bereikt" if total.people_reached else ""
                )
                self.para(f"Alle bijdragen: {total.n}{reached}.")
            self.counts("Soort bijdrage", pe.by_kind)
            self.counts("Pijler", pe.by_pillar)
            self.counts("Samen met", pe.by_partner)
            self.counts("Locatie", pe.by_location)

    def art(self) -> None:
        items = self.s.art_items
        self.doc.add_heading("Aanvullende verantwoording voor organisaties met het ART-model", 1)
        self.para(
            "Organisaties die werken met het ART-model (Active Recovery Triad) mogen het "
            "auditrapport van de ART-monitor gebruiken als kwaliteitsverslag. De ART-monitor "
            f"behandelt {'één item' if len(items) == 1 else 'deze items'} van het "
            "kwaliteitskader niet. Daarom staat hier per item wat elke groep erover zei."
        )
        for item in items:
            self.doc.add_heading(f"Item {item.item_id} (pijler {item.pillar_title})", 2)
            if item.text:
                self.doc.add_paragraph(f"“{item.text}”", style="Quote")
            if not item.roles:
                self.para("Er zijn geen vragen over dit item beantwoord.", muted=True)
            for role in item.roles:
                self.role(role, 3)
        if not items:
            self.para("Het kwaliteitskader-bestand noemt geen items voor de ART-aanvulling.")
