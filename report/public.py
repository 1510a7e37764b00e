"""The public export: the report's own figures as a table (CSV or XLSX), nothing more.

Every row comes from the audited report model (`report.publishing.audited_section`), from the very
parts the report renders, with the same rounding: whole percentages, means and medians to one
decimal. So the file can be published next to the report and holds no figure the report does not
show: per question the answer options (count and percentage), the mean and median of a number
question, the headline figure per location, the previous round's percentages; the response per
group; the peer experts' contributions table. A figure the report hides is a row without a number
and with the report's reason. The peer experts' log per question is not a row: the report shows it
only as the contributions table, where every cell counts distinct peer experts.

Groups and questions are named with the report's labels, never codes. Numbers are real numbers
in XLSX cells; the CSV has ';' between cells and a decimal comma, as Dutch Excel opens it. Every
text cell is safe to open in a spreadsheet (report/cells.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from openpyxl import Workbook

from report.cells import Cell, csv_cell, safe_cell
from report.labels import (
    PROTECTS_GROUP,
    PROTECTS_OTHER,
    REST_KINDS,
    REST_LOCATIONS,
    REST_PILLARS,
    nl_date,
    role_label,
    whole,
)
from report.section import CountFigure, InputSection, rest_of
from report.walk import summaries

COLUMNS = (
    "groep",
    "vraag",
    "onderdeel",
    "locatie",
    "antwoord",
    "aantal",
    "n",
    "procent",
    "waarde",
    "opmerking",
)
THIS_ROUND = "deze ronde"
PER_LOCATION = "per locatie"


@dataclass(frozen=True)
class PublicRow:
    group: str
    question: str
    part: str
    location: str = ""
    answer: str = ""
    count: int | None = None
    n: int | None = None
    percent: int | None = None  # whole percent, as the report shows it
    value: float | None = None  # a mean or median, to one decimal
    note: str = ""

    def cells(self) -> tuple[Cell, ...]:
        return astuple(self)


def _pct(value: float | None) -> int | None:
    return None if value is None else whole(value)


def _one(value: float | None) -> float | None:
    """To one decimal exactly as the report writes it (report.blocks.nl_number)."""
    return None if value is None else float(f"{value:.1f}")


def question_rows(section: InputSection) -> Iterator[PublicRow]:
    """The figures per question, of every question the report renders."""
    hidden = section.suppressed_text
    # The log's questions are not rendered: the contributions table stands for them.
    shown = replace(section, peer_experts=replace(section.peer_experts, log_questions=()))
    for q in summaries(shown).values():
        base = PublicRow(role_label(q.role), q.text, THIS_ROUND)
        if q.n is None:
            yield replace(base, note=hidden)
            continue
        if q.n == 0:
            yield replace(base, n=0, note="niemand beantwoordde deze vraag")
            continue
        if q.mean is not None or q.median is not None:
            yield replace(base, answer="gemiddelde", n=q.n, value=_one(q.mean), note=q.unit or "")
            yield replace(base, answer="mediaan", n=q.n, value=_one(q.median), note=q.unit or "")
        for o in q.options:
            yield replace(base, answer=o.label, count=o.count, n=q.n, percent=_pct(o.percent))
        for f in q.locations:
            place = replace(base, part=PER_LOCATION, location=f.location, answer=q.key_label or "")
            if f.n is None:
                yield replace(place, note=PROTECTS_OTHER if f.protects_other else hidden)
            else:
                yield replace(place, n=f.n, percent=_pct(f.key_percent))
        previous = q.previous
        if previous is None:
            continue
        before = replace(base, part=f"vorige ronde ({previous.round_name})")
        if previous.n is None:
            yield replace(before, note=hidden)
        elif q.mean is not None:
            yield replace(before, answer="gemiddelde", n=previous.n, value=_one(previous.mean))
        else:
            for o in q.options:
                if o.previous_percent is not None:
                    yield replace(
                        before, answer=o.label, n=previous.n, percent=_pct(o.previous_percent)
                    )


def response_rows(section: InputSection) -> Iterator[PublicRow]:
    """Who took part, per group: the verantwoording's table."""
    hidden = section.suppressed_text
    for r in section.verantwoording.roles:
        base = PublicRow(r.label, "Deelname", THIS_ROUND)
        if r.invited is not None:
            yield replace(base, answer="uitgenodigd", count=r.invited)
        for what, count in (("begonnen", r.started), ("ingevuld", r.completed)):
            yield replace(base, answer=what, count=count, note="" if count is not None else hidden)
        if r.rate is not None:
            yield replace(base, answer="respons", percent=_pct(r.rate))


def contribution_rows(section: InputSection) -> Iterator[PublicRow]:
    """The peer experts' contributions table, with its "Overige ..." rows as the report shows
    them; a kind of contribution of fewer than k peer experts is not named (the report leaves
    it out too)."""
    pe = section.peer_experts
    group = role_label("ervaringsdeskundige")
    less = f"minder dan {section.k} ervaringsdeskundigen: niet getoond"
    total = pe.table_total
    if total is not None:
        yield PublicRow(
            group,
            "Alle bijdragen",
            "bijdragen",
            answer="bijdragen",
            count=total.n,
            n=pe.log_people if total.n is not None else None,
            note=(PROTECTS_GROUP if total.protected else less) if total.n is None else "",
        )
        if total.n is not None and total.people_reached:
            yield PublicRow(
                group,
                "Alle bijdragen",
                "bijdragen",
                answer="contacten",
                count=total.people_reached,
            )
    tables: tuple[tuple[str, tuple[CountFigure, ...], bool, str], ...] = (
        ("Soort bijdrage", pe.by_kind, False, REST_KINDS),
        ("Bijdragen per pijler", pe.by_pillar, True, REST_PILLARS),
        ("Bijdragen samen met", pe.by_partner, True, ""),
        ("Bijdragen per locatie", pe.by_location, True, REST_LOCATIONS),
    )
    for title, figures, name_hidden, rest in tables:
        together = rest_of(total, figures, rest) if rest else None
        for figure in (*figures, *((together,) if together is not None else ())):
            if figure.n is None:
                if name_hidden:
                    note = PROTECTS_GROUP if figure.protected else less
                    yield PublicRow(group, title, "bijdragen", answer=figure.label, note=note)
                continue
            yield PublicRow(group, title, "bijdragen", answer=figure.label, count=figure.n)
            if figure.people_reached is not None:
                yield PublicRow(
                    group,
                    title,
                    "bijdragen",
                    answer=f"{figure.label}: contacten",
                    count=figure.people_reached,
                )


def public_rows(section: InputSection) -> Iterator[PublicRow]:
    """Every figure the report publishes, one row each, in the order of the model."""
    yield from response_rows(section)
    yield from question_rows(section)
    yield from contribution_rows(section)


def about(section: InputSection) -> list[str]:
    """What a reader of the file needs besides the figures: which round and when they were
    made, whether they are a tussenstand (as the report says at its top), and the anonymity
    note."""
    lines = [
        f"Cijfers van de ronde '{section.round_name}' ({section.organisation}, "
        f"kwaliteitsverslag {section.report_year}). Gemaakt op {nl_date(section.generated_on)}."
    ]
    if section.interim:
        lines.append(section.interim)
    lines.append(f"Cijfers die op minder dan {section.k} mensen rusten, tonen we niet.")
    if section.audit_note:
        lines.append(section.audit_note)
    return lines


def write_public_csv(section: InputSection, path: Path) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    count = 0
    for row in public_rows(section):
        writer.writerow([csv_cell(cell) for cell in row.cells()])
        count += 1
    writer.writerow([])
    for line in about(section):
        writer.writerow([csv_cell(line)])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return count


def write_public_xlsx(section: InputSection, path: Path) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cijfers")
    sheet.append(list(COLUMNS))
    count = 0
    for row in public_rows(section):
        sheet.append([safe_cell(cell) for cell in row.cells()])
        count += 1
    notes = workbook.create_sheet("Over deze cijfers")
    for line in about(section):
        notes.append([safe_cell(line)])
    workbook.save(str(path))
    return count
