"""Build the report's document tree from the input section.

The main text is short: per pillar a terugblik (per group a few sentences generated from the
figures, one chart with all its scale questions, approved quotes), a reflectie and a
vooruitblik; then the peer experts and the ART part. Every figure per question sits in the
appendix. Nothing is counted here: every number comes from `report.aggregate`, after
suppression and audit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import zip_longest
from typing import Literal

from questionnaires.i18n import ngettext
from questionnaires.model import Catalog, ReportPart
from report.chapters import TITLE_ART, Chapters
from report.labels import REFLECTION_TITLE, audited_sentence, nl_date
from report.nodes import Attention, Block, Chapter, Document, Note, Paragraph, StyledText
from report.section import REFLECTION_LABEL, InputSection, PartInput, RoleInput
from settings import Settings

Part = Literal["all", "art"]
PARTS: tuple[Part, ...] = ("all", "art")

TITLE_ALL = (
    "Inbreng van cliënten, naasten, ervaringsdeskundigen, samenwerkingspartners en professionals"
)
APPENDIX = "Bijlage: alle cijfers per vraag"
REFLECTION_QUOTES = 3
NO_INPUT_TERUGBLIK = "In deze ronde zijn over deze pijler geen vragen gesteld."
# What the organisation writes itself, per part of a pillar.
OWN_TEXT = {
    ReportPart.REFLECTIE: (
        "De reflectie van de organisatie op de resultaten bij {pillar}: wat valt op, en wat "
        "betekent het?"
    ),
    ReportPart.VOORUITBLIK: (
        "De vooruitblik van de organisatie bij {pillar}: wat gaan we doen, en wat houden we zo?"
    ),
}
DEFAULT_ORGANISATION = Settings.model_fields["organisation"].default


class _Builder(Chapters):
    def part(self, part: PartInput, anchor: str, pillar: str) -> Chapter:
        """One part of a pillar; `pillar` names it in a sentence ('pijler 1 (Cliënten)')."""
        children: list[Block] = []
        reflection = [r for r in part.roles if r.label.endswith(REFLECTION_LABEL)]
        for role in part.roles:
            if role in reflection:
                continue
            summary = self.group_summary(role, f"{pillar}, {part.title.lower()}")
            if summary:
                children.append(Chapter(role.label, f"{anchor}-{role.role}", tuple(summary)))
        if reflection:
            children.append(
                self.reflection(
                    reflection, f"{anchor}-reflectieronde", f"{pillar}, {part.title.lower()}"
                )
            )
        if part.part is not ReportPart.TERUGBLIK:
            # After what the groups said: the organisation's own reflectie or vooruitblik.
            children.append(self.placeholder(OWN_TEXT[part.part].format(pillar=pillar)))
        if not children:
            children.append(Paragraph.of(NO_INPUT_TERUGBLIK, style="muted"))
        return Chapter(part.title, anchor, tuple(children))

    def reflection(self, roles: Sequence[RoleInput], anchor: str, context: str) -> Chapter:
        """The reflection round's answers in one part: a few in the main text, taking turns
        between the groups that answered; the rest in the appendix."""
        quotes = [q for turn in zip_longest(*(r.quotes for r in roles)) for q in turn if q]
        blocks: list[Block] = [*self.quotes(quotes[:REFLECTION_QUOTES])]
        if len(quotes) > REFLECTION_QUOTES:
            rest = RoleInput("reflectie", REFLECTION_TITLE, (), tuple(quotes))
            self.more_quotes.append((context, rest, REFLECTION_QUOTES))
            blocks.append(
                Paragraph.of(
                    ngettext(
                        "Nog {n} antwoord uit de reflectieronde staat in de bijlage.",
                        "Nog {n} antwoorden uit de reflectieronde staan in de bijlage.",
                        len(quotes) - REFLECTION_QUOTES,
                    ),
                    style="muted",
                )
            )
        return Chapter(REFLECTION_TITLE, anchor, tuple(blocks))

    def pillars(self) -> list[Block]:
        sections: list[Block] = []
        for pillar in self.s.pillars:
            anchor = f"pijler-{pillar.id}"
            if not pillar.confirmed:
                self.notes.append(
                    Attention(
                        f"Controleer de titel ‘{pillar.title}’ van {pillar.heading.split(':')[0]} "
                        "met jullie versie van het kwaliteitskader (framework.yaml).",
                        f"the title {pillar.title!r} of pillar {pillar.id} is not confirmed by "
                        "our sources: check it against your copy of the framework "
                        "(framework.yaml)",
                    )
                )
            named = (
                f"pijler {pillar.id} ({pillar.title})"
                if pillar.id[:1].isdigit()
                else pillar.title[:1].lower() + pillar.title[1:]
            )
            children = [self.part(part, f"{anchor}-{part.part}", named) for part in pillar.parts]
            sections.append(Chapter(pillar.heading, anchor, tuple(children)))
        return sections

    def more_quotes_section(self) -> Chapter:
        """The quotes the main text had no room for, under the part each belongs to (the
        text says 'Nog 3 citaten staan in de bijlage' there); each quote once."""
        seen: list[Block] = []
        places: dict[str, list[Block]] = {}
        for context, role, most in self.more_quotes:
            for quote in self.quotes(role.quotes[most:]):
                if quote not in seen:
                    seen.append(quote)
                    places.setdefault(context, []).append(quote)
        return Chapter(
            "Meer citaten",
            "bijlage-citaten",
            tuple(
                Chapter(f"{place[:1].upper()}{place[1:]}", f"bijlage-citaten-{number}", tuple(qs))
                for number, (place, qs) in enumerate(places.items(), 1)
            ),
            folded=True,
        )

    def appendix(self) -> Chapter:
        pillars: list[Block] = []
        groups = [(p.heading, f"bijlage-{p.id}", p.parts) for p in self.s.pillars]
        groups.append(
            ("Inzet van ervaringsdeskundigen", "bijlage-ed", self.s.peer_experts.survey_parts)
        )
        for heading, anchor, parts in groups:
            children: list[Block] = []
            for part in parts:
                for role in part.roles:
                    blocks: list[Block] = []
                    if role.role in self.nobody:
                        blocks.append(self.nobody_answered(role))
                    else:
                        blocks.extend(self.questions(role.questions))
                    if blocks:
                        children.append(
                            Chapter(
                                f"{role.label}, {part.title.lower()}",
                                f"{anchor}-{part.part}-{role.role}",
                                tuple(blocks),
                            )
                        )
            if children:
                pillars.append(Chapter(heading, anchor, tuple(children), folded=True))
        if self.more_quotes:
            pillars.append(self.more_quotes_section())
        tables = self.contribution_tables()
        if tables:
            pillars.append(
                Chapter(
                    "Bijdragen van ervaringsdeskundigen",
                    "bijlage-ed-bijdragen",
                    tuple(tables),
                    folded=True,
                )
            )
        intro = Paragraph.of(
            "Hier staan alle cijfers per vraag, per pijler en per groep. Bij elke vraag staat "
            "hoeveel mensen hem beantwoordden (n), ook wie niet alle vragen verstuurde.",
        )
        return Chapter(APPENDIX, "bijlage", (intro, *pillars), new_page=True)

    # The whole document ------------------------------------------------------------------------

    def intro(self, part: Part) -> list[Block]:
        s = self.s
        calendar = (
            f" Het hoort bij het kwaliteitsverslag over {s.report_year}, dat uiterlijk 31 mei "
            f"{s.report_year + 1} klaar is."
        )
        if part == "art":
            lead = (
                "Dit deel gaat over de items die de ART-monitor niet behandelt. Het vult het "
                "auditrapport van de ART-monitor aan." + calendar
            )
        else:
            lead = (
                "Dit is het deel van het kwaliteitsverslag met de inbreng van de mensen om wie "
                "het gaat en de mensen met wie we samenwerken. De indeling volgt het "
                f"{s.framework}: per pijler een terugblik, een reflectie op de resultaten en een "
                "vooruitblik. De cijfers per vraag staan in de bijlage." + calendar
            )
        anonymity = Paragraph.of(
            StyledText("Over anonimiteit. ", bold=True),
            f"Cijfers die op minder dan {s.k} mensen rusten, laten we niet zien "
            f"(“{s.suppressed_text}”). Dat geldt ook voor grafieken, cijfers per locatie en "
            "vergelijkingen. Soms verbergen we ook een tweede cijfer, zodat niemand het "
            "verborgen cijfer kan uitrekenen. Teksten van deelnemers staan er alleen in als een "
            "medewerker ze heeft gelezen en goedgekeurd. Namen, telefoonnummers en adressen "
            "zijn weggehaald." + (f" {self.hidden_note(part)}" if s.audit_note else ""),
        )
        box = [anonymity]
        if s.previous_round:
            box.append(
                Paragraph.of(
                    StyledText("Vergelijking. ", bold=True),
                    f"Waar dezelfde vraag ook in de vorige ronde (“{s.previous_round}”) is "
                    "gesteld, staat het cijfer van toen erbij, steeds met de woorden “vorige "
                    "ronde”.",
                )
            )
        return [Paragraph.of(lead, style="lead"), Note("Lees dit eerst", tuple(box))]

    def hidden_note(self, part: Part) -> str:
        """What the audit hid: in the whole report its own sentence, in the ART part alone a
        count of that part's own questions."""
        if part == "all":
            return self.s.audit_note or ""
        hidden = sum(
            1
            for item in self.s.art_items
            for role in item.roles
            for q in role.questions
            if q.n is None
            or any(f.suppressed for f in q.locations)
            or (q.previous is not None and q.previous.suppressed)
        )
        if not hidden:
            return f"Elk cijfer in dit deel rust op minstens {self.k} mensen."
        return (
            ngettext(
                "In dit deel tonen we daarom bij {n} vraag niet alle cijfers.",
                "In dit deel tonen we daarom bij {n} vragen niet alle cijfers.",
                hidden,
            )
            + f" {audited_sentence(self.k)}"
        )

    def check_notes(self) -> None:
        """What the coordinator must check before publishing (never in the text itself)."""
        s = self.s
        v = s.verantwoording
        if s.organisation == DEFAULT_ORGANISATION:
            self.notes.append(
                Attention(
                    f"Het verslag noemt de organisatie ‘{s.organisation}’: zet "
                    "INSPRAAK_ORGANISATION op de naam van jullie organisatie.",
                    f"the report names the organisation {s.organisation!r}: set "
                    "INSPRAAK_ORGANISATION to your organisation's name",
                )
            )
        year = (date(s.report_year, 1, 1), date(s.report_year, 12, 31))
        if s.peer_experts.table_total is not None and (v.starts_on, v.ends_on) != year:
            self.notes.append(
                Attention(
                    f"Het logboek van de ervaringsdeskundigen telt de bijdragen van "
                    f"{nl_date(v.starts_on)} tot en met {nl_date(v.ends_on)}, niet van het hele "
                    f"kalenderjaar {s.report_year}. Laat de ronde van 1 januari tot en met 31 "
                    "december lopen (de vragenlijsten kunnen korter open staan).",
                    f"the peer experts' log counts contributions from {v.starts_on} to "
                    f"{v.ends_on}, not the whole calendar year {s.report_year}: let the round "
                    "run from 1 January to 31 December (survey codes may expire earlier)",
                )
            )
        if not s.art_items:
            self.notes.append(
                Attention(
                    "framework.yaml noemt geen items voor de ART-aanvulling (art_extra).",
                    "framework.yaml marks no items for the ART part (art_extra)",
                )
            )

    def document(self, part: Part) -> Document:
        s = self.s
        self.check_notes()
        if part == "art":
            self.where_pillars = "in het hele verslag "
        children: list[Block] = [*self.intro(part), self.verantwoording()]
        if s.interim:  # a tussenstand: said before anything else
            children.insert(0, Note("Tussenstand", (Paragraph.of(s.interim),)))
        if part == "all":
            children.extend(self.pillars())
            children.append(self.peer_experts())
            children.append(self.art(standalone=False))
            children.append(self.appendix())
        else:
            children.append(self.art(standalone=True))
        stamp = f"Tussenstand van {nl_date(s.generated_on)}" if s.interim else ""
        return Document(
            title=TITLE_ART if part == "art" else TITLE_ALL,
            meta=(
                f"{s.organisation} · Kwaliteitsverslag {s.report_year} · Ronde “{s.round_name}” · "
                f"Gemaakt op {nl_date(s.generated_on)}"
            ),
            children=tuple(children),
            author=s.organisation,
            short_title=(
                f"{stamp + ' · ' if stamp else ''}"
                f"{'ART-aanvulling' if part == 'art' else 'Inbreng belanghebbenden'} · "
                f"{s.organisation} · {s.report_year}"
            ),
            stamp=stamp,
            notes=tuple(self.notes),
            made_on=s.generated_on,
            subject=f"Kwaliteitsverslag {s.report_year}, {s.framework}",
        )


def build_document(
    section: InputSection,
    catalog: Catalog,
    part: Part = "all",
    own_texts: Mapping[str, str] | None = None,
) -> Document:
    """The report tree of one input section (or only its ART part). `own_texts` maps section
    anchors (e.g. 'pijler-1-reflectie') to the organisation's own text for that section."""
    document = _Builder(section, catalog).document(part)
    if own_texts:
        document = replace(document, children=_with_own_texts(document.children, own_texts))
    return document


def _with_own_texts(blocks: tuple[Block, ...], texts: Mapping[str, str]) -> tuple[Block, ...]:
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Chapter):
            children = _with_own_texts(block.children, texts)
            text = texts.get(block.anchor, "").strip()
            if text:
                own = tuple(
                    Paragraph.of(p.strip().replace("\n", " "))
                    for p in text.split("\n\n")
                    if p.strip()
                )
                children = own + tuple(
                    c for c in children if not (isinstance(c, Note) and c.kind == "placeholder")
                )
            block = replace(block, children=children)
        result.append(block)
    return tuple(result)


def anchors(document: Document) -> list[str]:
    """Every section anchor, in order: the keys an own-texts file may use."""
    return [block.anchor for _, block in document.walk() if isinstance(block, Chapter)]
