"""The report's chapters beside the pillars: the verantwoording (how the input was gathered),
the deployment of peer experts and the ART part (items 1.i and 15.c). Nothing is counted here:
every number comes from the input section, after suppression and audit.
"""

from __future__ import annotations

from collections.abc import Sequence

from questionnaires.i18n import listed, ngettext
from questionnaires.model import ReportPart
from report import labels
from report.blocks import Blocks
from report.labels import (
    PART_TITLES,
    REFLECTION_TITLE,
    REST_KINDS,
    REST_LOCATIONS,
    REST_PILLARS,
    nl_date,
    percent,
)
from report.nodes import Block, BulletList, Chapter, Paragraph, QuoteBlock, StyledText, Table
from report.section import ArtItemSummary, ChannelUse, CountFigure, RoleInput, rest_of
from report.sentences import quoted

TITLE_ART = "Aanvullende verantwoording voor organisaties met het ART-model"
PRACTICE_TITLE = "Zo doen we dit in de praktijk"
ART_LETTER = "de brief van Stichting HIC&ART van 8 juni 2026"
KIND_NOUNS = ("soort", "soorten")
PILLAR_NOUNS = ("pijler", "pijlers")
LOCATION_NOUNS = ("locatie", "locaties")


class Chapters(Blocks):
    where_pillars = ""  # "in het hele verslag " when only the ART part is written
    # Verantwoording ----------------------------------------------------------------------------

    def people(self, n: int | None) -> str:
        return f"{self.less()} mensen" if n is None else ngettext("{n} persoon", "{n} mensen", n)

    def channel_people(self, channel: ChannelUse) -> str:
        if channel.protected:
            return "niet getoond, om een kleine groep te beschermen"
        return self.people(channel.people)

    def channel_line(self, channel: ChannelUse, sent: str) -> str:
        what = f" ({channel.description})" if channel.description else ""
        line = f"{channel.name}{what}: {self.channel_people(channel)}"
        if channel.people is not None and channel.submitted not in (None, channel.people):
            line += f", van wie {channel.submitted} {sent}"
        return line + "."

    def verantwoording(self) -> Chapter:
        v = self.s.verantwoording
        children: list[Block] = [
            Paragraph.of(
                StyledText("Periode: ", bold=True),
                f"{nl_date(v.starts_on)} tot en met {nl_date(v.ends_on)}.",
            ),
            Paragraph.of(
                StyledText("Hoe: ", bold=True),
                "Iedereen kreeg een uitnodigingscode via een link of QR-code: op papier, op een "
                "poster of in een gesprek. Mensen beantwoordden de vragen één voor één, in hun "
                "eigen tempo, en konden elke vraag overslaan."
                + (" Ze kozen zelf waar ze de vragen beantwoordden:" if v.channels else ""),
            ),
        ]
        if v.channels:
            children.append(
                BulletList(tuple(self.channel_line(c, "alles verstuurden") for c in v.channels))
            )
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
            children.append(
                Paragraph.of(
                    "Begonnen: wie met de code toestemming gaf en de vragen kreeg (ook wie "
                    "daarna niets beantwoordde). Ingevuld: wie de antwoorden "
                    "aan het eind verstuurde. Respons: ingevuld, als deel van de uitgenodigden; "
                    "bij een open code (één code voor een heel team) weten we niet hoeveel mensen "
                    "hem kregen. Ook de antwoorden van wie niet alles verstuurde tellen mee. "
                    "Daarom is het aantal antwoorden bij een vraag (n) soms groter dan ‘Ingevuld’.",
                    style="muted",
                )
            )
        else:
            children.append(
                Paragraph.of("Er zijn in deze ronde nog geen uitnodigingen of antwoorden.")
            )
        if v.reflection:
            children.append(self.reflection_round())
        children.append(
            Paragraph.of(StyledText("Cliëntervaringen: ", bold=True), v.client_experience)
        )
        return Chapter("Verantwoording", "verantwoording", tuple(children))

    def reflection_round(self) -> Paragraph:
        v = self.s.verantwoording
        channels = v.reflection_channels
        groups = listed([f"{g.label} ({self.people(g.people)})" for g in v.reflection])
        via = ""
        if channels:
            used = listed([f"{c.name} ({self.channel_people(c)})" for c in channels])
            via = f" {ngettext('Kanaal', 'Kanalen', len(channels))}: {used}."
        return Paragraph.of(
            StyledText("Reflectieronde: ", bold=True),
            "Na het sluiten van de ronde keken deze groepen naar de uitkomsten per pijler. Ze "
            "schreven op wat hen opviel, wat beter moet en wat zo moet blijven. Hun antwoorden "
            f"staan {self.where_pillars}bij elke pijler onder ‘{REFLECTION_TITLE}’, in "
            f"‘{PART_TITLES[ReportPart.REFLECTIE]}’ en ‘{PART_TITLES[ReportPart.VOORUITBLIK]}’. "
            f"Meegedaan: {groups}." + via,
        )

    # Peer experts ------------------------------------------------------------------------------

    def figure(self, n: int | None) -> str:
        return str(n) if n is not None else "niet getoond"

    def count_table(
        self,
        title: str,
        figures: Sequence[CountFigure],
        total: CountFigure | None,
        rest: str,
        nouns: tuple[str, str] = ("", ""),
    ) -> list[Block]:
        """Contributions per kind (pillar, location): the rows of at least k peer experts,
        the others together as one row (`rest`, of at least k peer experts too: the audit
        folds more rows into it when needed), and what the columns count. `nouns`: what a
        row is, one and more ('soort', 'soorten')."""
        shown = [f for f in figures if f.n is not None]
        if rest and figures and not shown and total is not None and total.n is not None:
            return [  # every row folded: the rest would be the total
                Paragraph.of(
                    f"We tonen de bijdragen hier niet per {nouns[0]}. Dan zou je kunnen "
                    f"uitrekenen wat minder dan {self.k} ervaringsdeskundigen samen meldden.",
                    style="muted",
                )
            ]
        rows = [(f.label, str(f.n), self.figure(f.people_reached)) for f in shown]
        together = rest_of(total, figures, rest) if len(shown) < len(figures) else None
        if together is not None:
            rows.append((together.label, str(together.n), self.figure(together.people_reached)))
        if total is not None and total.n is not None:
            rows.append(("Totaal", str(total.n), self.figure(total.people_reached)))
        blocks: list[Block] = [
            Table((title, "Bijdragen", "Contacten"), tuple(rows), (False, True, True))
        ]
        folded = sum(f.n is None and f.protected for f in figures)
        if together is not None and folded:
            one, more = nouns
            blocks.append(
                Paragraph.of(
                    ngettext(
                        "Onder ‘{rest}’ staat ook één {one} die {k} of meer "
                        "ervaringsdeskundigen meldden.",
                        "Onder ‘{rest}’ staan ook {n} {more} die {k} of meer "
                        "ervaringsdeskundigen meldden.",
                        folded,
                        rest=rest,
                        one=one,
                        more=more,
                        k=self.k,
                    )
                    + f" Anders zou je kunnen uitrekenen wat minder dan {self.k} "
                    "ervaringsdeskundigen samen meldden.",
                    style="muted",
                )
            )
        if len(shown) < len(figures) and together is None:
            blocks.append(
                Paragraph.of(
                    f"Wat minder dan {self.k} ervaringsdeskundigen meldden, staat niet in de "
                    "tabel.",
                    style="muted",
                )
            )
        return blocks

    def peer_experts(self) -> Chapter:
        pe = self.s.peer_experts
        v = self.s.verantwoording
        children: list[Block] = []
        if not pe.has_input:
            children.append(
                Paragraph.of("Er is in deze ronde geen inbreng van ervaringsdeskundigen.")
            )
        if pe.table_total is not None:
            total = pe.table_total
            period = f"van {nl_date(v.starts_on)} tot en met {nl_date(v.ends_on)}"
            if total.n is None and total.protected:
                line = (
                    f"Ervaringsdeskundigen meldden {period} bijdragen in het logboek. We tonen "
                    "hier geen aantallen: samen met een verslag dat al eerder is gedeeld, zou je "
                    f"dan kunnen uitrekenen wat minder dan {self.k} ervaringsdeskundigen meldden."
                )
            elif total.n is None:
                line = (
                    f"Minder dan {self.k} ervaringsdeskundigen meldden {period} bijdragen in het "
                    "logboek. Om hen te beschermen tonen we geen aantallen."
                )
            else:
                who = "" if pe.log_people is None else f"{pe.log_people} "
                contributions = ngettext("{n} bijdrage", "{n} bijdragen", total.n)
                line = (
                    "Ervaringsdeskundigen houden in een logboek bij wat ze doen: één melding per "
                    f"bijdrage. {period[:1].upper()}{period[1:]} meldden {who}"
                    f"ervaringsdeskundigen samen {contributions}."
                )
            children.append(Paragraph.of(line))
            if total.n is not None and pe.by_kind:
                children.extend(
                    self.count_table("Soort bijdrage", pe.by_kind, total, REST_KINDS, KIND_NOUNS)
                )
            if total.n is not None and any(f.n is not None for f in pe.by_kind):
                children.append(
                    Paragraph.of(
                        "Bijdragen: hoe vaak een ervaringsdeskundige zoiets meldde. Contacten: "
                        "hoeveel mensen erbij waren, opgeteld over de bijdragen; wie bij "
                        "meer bijdragen was, telt vaker mee. Soorten die minder dan "
                        f"{self.k} ervaringsdeskundigen meldden, staan samen onder ‘overige "
                        "soorten’.",
                        style="muted",
                    )
                )
            appendix = [
                name
                for name, figures in (
                    ("per pijler", pe.by_pillar),
                    ("per groep waarmee ze samenwerkten", pe.by_partner),
                    ("per locatie", pe.by_location),
                )
                if figures
            ]
            if appendix:  # only the tables the appendix has
                said = listed(appendix)
                children.append(
                    Paragraph.of(
                        f"{said[0].upper()}{said[1:]} staan de bijdragen in de bijlage.",
                        style="muted",
                    )
                )
        if pe.log_quotes:
            children.append(
                Paragraph.of(StyledText("Wat het opleverde en wat in de weg stond", bold=True))
            )
            children.extend(self.quotes(pe.log_quotes))
        for part in pe.survey_parts:
            for role in part.roles:
                summary = self.group_summary(role, "inzet van ervaringsdeskundigen")
                if summary:
                    children.append(
                        Chapter(
                            f"{part.title}: wat ervaringsdeskundigen zeggen",
                            f"ervaringsdeskundigen-{part.part}",
                            tuple(summary),
                        )
                    )
        return Chapter("Inzet van ervaringsdeskundigen", "ervaringsdeskundigen", tuple(children))

    def contribution_tables(self) -> list[Block]:
        """The appendix: contributions per pillar, with whom and per location."""
        pe = self.s.peer_experts
        total = pe.table_total
        blocks: list[Block] = []
        if pe.by_pillar:
            blocks.extend(
                self.count_table("Pijler", pe.by_pillar, total, REST_PILLARS, PILLAR_NOUNS)
            )
        if pe.by_partner:
            blocks.extend(self.count_table("Samen met", pe.by_partner, None, ""))
            blocks.append(
                Paragraph.of(
                    "Bij een bijdrage konden ervaringsdeskundigen meer groepen kiezen. Daarom "
                    "tellen de bijdragen in deze tabel op tot meer dan het totaal"
                    + (f" ({total.n})." if total is not None and total.n is not None else "."),
                    style="muted",
                )
            )
        if pe.by_location:  # only given for more than one location
            blocks.extend(
                self.count_table("Locatie", pe.by_location, total, REST_LOCATIONS, LOCATION_NOUNS)
            )
        return blocks

    # The ART part ------------------------------------------------------------------------------

    def art(self, standalone: bool) -> Chapter:
        items = self.s.art_items
        children: list[Block] = [
            Paragraph.of(
                "Organisaties die werken met het ART-model (Active Recovery Triad) mogen het "
                f"auditrapport van de ART-monitor gebruiken als kwaliteitsverslag. Volgens "
                f"{ART_LETTER} staan "
                f"{ngettext('één item', '{n} items', len(items))} van "
                "het kwaliteitskader niet in de ART-monitor; die vragen aanvullende "
                "verantwoording. Daarom staat hier per item hoe de organisatie het in de "
                "praktijk doet en wat elke groep erover zei."
            )
        ]
        for item in items:
            children.append(self.art_item(item, standalone))
        if not standalone and items:
            children.append(
                Paragraph.of(
                    "De cijfers per vraag staan in de bijlage, bij de pijler van elk item.",
                    style="muted",
                )
            )
        return Chapter(TITLE_ART, "art", tuple(children), boxed=True)

    def art_item(self, item: ArtItemSummary, standalone: bool) -> Chapter:
        anchor = f"art-{item.item_id}"
        item_children: list[Block] = []
        if item.text:
            source = f", zoals geciteerd in de {item.source}" if item.source else ""
            item_children.append(
                QuoteBlock(item.text, f"Kwaliteitskader, item {item.item_id}{source}")
            )
        item_children.append(
            Chapter(
                PRACTICE_TITLE,
                f"{anchor}-praktijk",
                (
                    self.placeholder(
                        f"Hoe de organisatie item {item.item_id} in de praktijk invult (of gaat "
                        "invullen), en op welke manier (Q&A kwaliteitskader, vraag 25)."
                    ),
                ),
            )
        )
        said: list[Block] = []
        if standalone:
            for role in item.roles:
                role_blocks = self.group_summary(role, f"item {item.item_id}")
                role_blocks.extend(self.questions(role.questions))
                said.append(Chapter(role.label, f"{anchor}-{role.role}", tuple(role_blocks)))
        elif item.roles:
            said.extend(self.item_digest(item.roles))
        if not item.roles:
            said.append(
                Paragraph.of("Er zijn geen vragen over dit item beantwoord.", style="muted")
            )
        if standalone:
            item_children.extend(said)
        else:
            item_children.append(Chapter("Wat de groepen zeggen", f"{anchor}-inbreng", tuple(said)))
        return Chapter(
            f"Item {item.item_id} (pijler {item.pillar_title})", anchor, tuple(item_children)
        )

    def item_digest(self, roles: Sequence[RoleInput]) -> list[Block]:
        """One line per question and group: the item's headline figures, then its quotes."""
        lines = []
        for role in roles:
            if role.role in self.nobody:
                lines.append(f"{role.label}: niemand van deze groep heeft de vragen beantwoord.")
                continue
            for q in role.questions:
                if q.n is None:
                    figure = labels.PROTECTS_GROUP if q.protected else self.s.suppressed_text
                elif q.n == 0:
                    figure = "niemand beantwoordde deze vraag"
                elif q.key_percent is not None:
                    figure = f"{percent(q.key_percent)} {q.key_label} (n\u00a0=\u00a0{q.n})"
                else:
                    continue
                who = self.asked_whom(q)
                asked = f" {who}" if who else ""
                lines.append(f"{role.label}, {quoted(q.text)}: {figure}.{asked}")
        # The quotes on these questions are in the pillars (and in the ART part on its own).
        return [BulletList(tuple(lines))] if lines else []
