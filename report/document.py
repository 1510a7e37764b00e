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
from itertools import zip_longest
from typing import Literal

from questionnaires.model import Catalog, ReportPart
from report.blocks import Blocks, more
from report.labels import nl_date, percent
from report.nodes import (
    Block,
    BulletList,
    Document,
    Note,
    Paragraph,
    Quote,
    Section,
    Span,
    Table,
)
from report.section import REFLECTION_LABEL, InputSection, PartInput, RoleInput
from report.sentences import quoted

Part = Literal["all", "art"]
PARTS: tuple[Part, ...] = ("all", "art")

TITLE_ALL = (
    "Inbreng van cliënten, naasten, ervaringsdeskundigen, samenwerkingspartners en professionals"
)
TITLE_ART = "Aanvullende verantwoording voor organisaties met het ART-model"
APPENDIX = "Bijlage: alle cijfers per vraag"
REFLECTION_QUOTES = 3
REFLECTION_TITLE = "Uit de reflectieronde"
NO_INPUT_TERUGBLIK = "In deze ronde zijn over deze pijler geen vragen gesteld."


class _Builder(Blocks):
    def part(self, part: PartInput, anchor: str, context: str) -> Section:
        children: list[Block] = []
        reflection = [r for r in part.roles if r.label.endswith(REFLECTION_LABEL)]
        for role in part.roles:
            if role in reflection:
                continue
            summary = self.group_summary(role, f"{context}, {part.title.lower()}")
            if summary:
                children.append(Section(role.label, f"{anchor}-{role.role}", tuple(summary)))
        if reflection:
            children.append(self.reflection(reflection, f"{anchor}-reflectieronde"))
        if not children:
            if part.part is ReportPart.TERUGBLIK:
                children.append(Paragraph.of(NO_INPUT_TERUGBLIK, style="muted"))
            children.append(self.placeholder(f"‘{part.title}’ bij {context}"))
        return Section(part.title, anchor, tuple(children))

    def reflection(self, roles: Sequence[RoleInput], anchor: str) -> Section:
        """The reflection round's answers in one part: a few in the main text, taking turns
        between the groups that answered; the rest in the appendix."""
        quotes = [q for turn in zip_longest(*(r.quotes for r in roles)) for q in turn if q]
        blocks: list[Block] = [*self.quotes(quotes[:REFLECTION_QUOTES])]
        if len(quotes) > REFLECTION_QUOTES:
            rest = RoleInput("reflectie", REFLECTION_TITLE, (), tuple(quotes))
            self.more_quotes.append((rest, REFLECTION_QUOTES))
            blocks.append(
                Paragraph.of(
                    f"{more(len(quotes) - REFLECTION_QUOTES, 'antwoord', 'antwoorden')} uit de "
                    "reflectieronde in de bijlage.",
                    style="muted",
                )
            )
        return Section(REFLECTION_TITLE, anchor, tuple(blocks))

    def pillars(self) -> list[Block]:
        sections: list[Block] = []
        for pillar in self.s.pillars:
            anchor = f"pijler-{pillar.id}"
            children: list[Block] = []
            if not pillar.confirmed:
                children.append(
                    Paragraph.of(
                        "Let op: controleer de titel van deze pijler met uw versie van het "
                        "kwaliteitskader.",
                        style="muted",
                    )
                )
            for part in pillar.parts:
                children.append(self.part(part, f"{anchor}-{part.part}", pillar.heading))
            sections.append(Section(pillar.heading, anchor, tuple(children)))
        return sections

    def verantwoording(self) -> Section:
        v = self.s.verantwoording
        children: list[Block] = [
            Paragraph.of(
                Span("Periode: ", bold=True),
                f"{nl_date(v.starts_on)} tot en met {nl_date(v.ends_on)}.",
            ),
            Paragraph.of(Span("Hoe: ", bold=True), v.channels),
        ]
        if v.roles:
            children.append(
                Table(
                    ("Groep", "Uitgenodigd", "Begonnen", "Ingevuld", "Respons"),
                    tuple(
                        (
                            r.label,
                            str(r.invited)
                            if r.invited is not None
                            else ("open code" if r.codes else "–"),
                            str(r.started) if r.started is not None else self.less(),
                            str(r.completed) if r.completed is not None else self.less(),
                            percent(r.rate),
                        )
                        for r in v.roles
                    ),
                    (False, True, True, True, True),
                )
            )
        else:
            children.append(
                Paragraph.of("Er zijn in deze ronde nog geen uitnodigingen of antwoorden.")
            )
        children.append(Paragraph.of(Span("Cliëntervaringen: ", bold=True), v.client_experience))
        return Section("Verantwoording", "verantwoording", tuple(children))

    def peer_experts(self) -> Section:
        pe = self.s.peer_experts
        children: list[Block] = []
        if not pe.has_input:
            children.append(
                Paragraph.of("Er is in deze ronde geen inbreng van ervaringsdeskundigen.")
            )
        if pe.table_total is not None:
            total = pe.table_total
            if total.n is None:
                line = (
                    f"Minder dan {self.k} ervaringsdeskundigen meldden bijdragen met /bijdrage. "
                    "Om hen te beschermen tonen we geen aantallen."
                )
            else:
                who = (
                    f"{pe.log_people} ervaringsdeskundigen"
                    if pe.log_people is not None
                    else "Ervaringsdeskundigen"
                )
                reached = (
                    f" Daarmee bereikten ze samen {total.people_reached} mensen."
                    if total.people_reached
                    else ""
                )
                line = f"{who} meldden in deze ronde {total.n} bijdragen.{reached}"
            children.append(Paragraph.of(line))
            shown_kinds = [f for f in pe.by_kind if f.n is not None]
            if shown_kinds:
                children.append(self.count_table("Soort bijdrage", shown_kinds))
            if len(shown_kinds) < len(pe.by_kind):
                children.append(
                    Paragraph.of(
                        f"Soorten bijdragen van minder dan {self.k} ervaringsdeskundigen staan "
                        "niet apart in de tabel.",
                        style="muted",
                    )
                )
            if pe.by_pillar or pe.by_partner or pe.by_location:
                children.append(
                    Paragraph.of(
                        "Per pijler, per groep en per locatie staan de bijdragen in de bijlage.",
                        style="muted",
                    )
                )
        if pe.log_quotes:
            children.append(
                Paragraph.of(Span("Wat het opleverde en wat in de weg stond", bold=True))
            )
            children.extend(self.quotes(pe.log_quotes))
        for part in pe.survey_parts:
            for role in part.roles:
                summary = self.group_summary(role, "inzet van ervaringsdeskundigen")
                if summary:
                    children.append(
                        Section(
                            f"{part.title}: wat ervaringsdeskundigen zeggen",
                            f"ervaringsdeskundigen-{part.part}",
                            tuple(summary),
                        )
                    )
        return Section("Inzet van ervaringsdeskundigen", "ervaringsdeskundigen", tuple(children))

    def art(self, standalone: bool) -> Section:
        items = self.s.art_items
        children: list[Block] = [
            Paragraph.of(
                "Organisaties die werken met het ART-model (Active Recovery Triad) mogen het "
                "auditrapport van de ART-monitor gebruiken als kwaliteitsverslag. De ART-monitor "
                f"behandelt {'één item' if len(items) == 1 else 'deze items'} van het "
                "kwaliteitskader niet. Daarom staat hier per item wat elke groep erover zei."
            )
        ]
        for item in items:
            item_children: list[Block] = []
            if item.text:
                item_children.append(Quote(item.text, "Kwaliteitskader, item " + item.item_id))
            if standalone:
                for role in item.roles:
                    role_blocks = self.group_summary(role, f"item {item.item_id}")
                    for q in role.questions:
                        role_blocks.extend(self.question(q))
                    item_children.append(
                        Section(role.label, f"art-{item.item_id}-{role.role}", tuple(role_blocks))
                    )
            elif item.roles:
                item_children.extend(self.item_digest(item.roles))
            if not item.roles:
                item_children.append(
                    Paragraph.of("Er zijn geen vragen over dit item beantwoord.", style="muted")
                )
            children.append(
                Section(
                    f"Item {item.item_id} (pijler {item.pillar_title})",
                    f"art-{item.item_id}",
                    tuple(item_children),
                )
            )
        if not items:
            children.append(
                Paragraph.of("Het kwaliteitskader-bestand noemt geen items voor de ART-aanvulling.")
            )
        if not standalone:
            children.append(
                Paragraph.of(
                    "De cijfers per vraag staan in de bijlage, bij de pijler van elk item.",
                    style="muted",
                )
            )
        return Section(TITLE_ART, "art", tuple(children), boxed=True)

    def item_digest(self, roles: Sequence[RoleInput]) -> list[Block]:
        """One line per question and group: the item's headline figures, then its quotes."""
        lines = []
        for role in roles:
            if role.role in self.nobody:
                lines.append(f"{role.label}: niemand van deze groep heeft de vragen beantwoord.")
                continue
            for q in role.questions:
                if q.n is None:
                    figure = self.s.suppressed_text
                elif q.n == 0:
                    figure = "niemand beantwoordde deze vraag"
                elif q.key_percent is not None:
                    figure = f"{percent(q.key_percent)} {q.key_label} (n = {q.n})"
                else:
                    continue
                who = self.asked_whom(q.question_id)
                asked = f" {who}" if who else ""
                lines.append(f"{role.label}, {quoted(q.text)}: {figure}.{asked}")
        # The quotes on these questions are in the pillars (and in the ART part on its own).
        return [BulletList(tuple(lines))] if lines else []

    def appendix(self) -> Section:
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
                        for q in role.questions:
                            blocks.extend(self.question(q))
                    if blocks:
                        children.append(
                            Section(
                                f"{role.label}, {part.title.lower()}",
                                f"{anchor}-{part.part}-{role.role}",
                                tuple(blocks),
                            )
                        )
            if children:
                pillars.append(Section(heading, anchor, tuple(children), folded=True))
        if self.more_quotes:
            quotes: list[Block] = []
            for role, most in self.more_quotes:
                quotes.extend(q for q in self.quotes(role.quotes[most:]) if q not in quotes)
            pillars.append(Section("Meer citaten", "bijlage-citaten", tuple(quotes), folded=True))
        pe = self.s.peer_experts
        tables = [
            self.count_table(title, figures)
            for title, figures in (
                ("Pijler", pe.by_pillar),
                ("Samen met", pe.by_partner),
                ("Locatie", pe.by_location),
            )
            if figures
        ]
        if tables:
            pillars.append(
                Section(
                    "Bijdragen van ervaringsdeskundigen",
                    "bijlage-ed-bijdragen",
                    tuple(tables),
                    folded=True,
                )
            )
        intro = Paragraph.of(
            "Hier staan alle cijfers per vraag, per pijler en per groep. Bij elke vraag staat "
            "hoeveel mensen hem beantwoordden (n).",
        )
        return Section(APPENDIX, "bijlage", (intro, *pillars), new_page=True)

    # The whole document ------------------------------------------------------------------------

    def intro(self, part: Part) -> list[Block]:
        s = self.s
        calendar = (
            f" Het hoort bij het kwaliteitsverslag over {s.report_year}, dat uiterlijk 31 mei "
            f"{s.report_year + 1} klaar is."
        )
        if part == "art":
            lead = (
                "Dit deel gaat over de items die de ART-monitor niet behandelt. U kunt het los "
                "gebruiken, naast het auditrapport van de ART-monitor." + calendar
            )
        else:
            lead = (
                "Dit is het deel van het kwaliteitsverslag met de inbreng van de mensen om wie "
                "het gaat en de mensen met wie we samenwerken. De indeling volgt het "
                f"{s.framework}: per pijler een terugblik, een reflectie op de resultaten en een "
                "vooruitblik. De cijfers per vraag staan in de bijlage." + calendar
            )
        anonymity = Paragraph.of(
            Span("Over anonimiteit. ", bold=True),
            f"Cijfers die op minder dan {s.k} mensen rusten, laten we niet zien "
            f"(“{s.suppressed_text}”). Dat geldt ook voor grafieken, cijfers per locatie en "
            "vergelijkingen. Soms verbergen we ook een tweede cijfer, zodat niemand het "
            "verborgen cijfer kan uitrekenen. Teksten van deelnemers staan er alleen in als een "
            "medewerker ze heeft gelezen en goedgekeurd. Namen, telefoonnummers en adressen "
            "zijn weggehaald." + (f" {s.audit_note}" if s.audit_note else ""),
        )
        box = [anonymity]
        if s.previous_round:
            box.append(
                Paragraph.of(
                    Span("Vergelijking. ", bold=True),
                    f"Waar dezelfde vraag ook in de vorige ronde (“{s.previous_round}”) is "
                    "gesteld, staat het cijfer van toen erbij, steeds met de woorden “vorige "
                    "ronde”.",
                )
            )
        return [Paragraph.of(lead, style="lead"), Note("Lees dit eerst", tuple(box))]

    def document(self, part: Part) -> Document:
        s = self.s
        children: list[Block] = [*self.intro(part), self.verantwoording()]
        if part == "all":
            children.extend(self.pillars())
            children.append(self.peer_experts())
            children.append(self.art(standalone=False))
            children.append(self.appendix())
        else:
            children.append(self.art(standalone=True))
        return Document(
            title=TITLE_ART if part == "art" else TITLE_ALL,
            meta=(
                f"{s.organisation} · Kwaliteitsverslag {s.report_year} · Ronde “{s.round_name}” · "
                f"Gemaakt op {nl_date(s.generated_on)}"
            ),
            children=tuple(children),
            author=s.organisation,
            short_title=(
                f"{'ART-aanvulling' if part == 'art' else 'Inbreng belanghebbenden'} · "
                f"{s.organisation} · {s.report_year}"
            ),
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
        if isinstance(block, Section):
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
    return [block.anchor for _, block in document.walk() if isinstance(block, Section)]
