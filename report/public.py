"""The public export: the report's own figures as a table (CSV or XLSX), nothing more.

Every row comes from the audited report model (`build_input_section`): the same suppression and
the same disclosure audit as the report, so the file can be published next to it. One row per
figure: question totals per answer option, the headline figure per location, the previous
round's figures, and the peer experts' contributions table. Hidden figures are rows with an
empty value and the reason, so a reader sees that something was left out, never its value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

from report.section import CountFigure, InputSection
from report.walk import summaries

PROTECTING = "niet getoond, om een kleine groep te beschermen"
COLUMNS = (
    "rol",
    "vraag",
    "vraagtekst",
    "onderdeel",
    "locatie",
    "antwoord",
    "aantal",
    "n",
    "procent",
    "opmerking",
)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def public_rows(section: InputSection) -> Iterator[list[str]]:
    """Every figure the report publishes, one row each, in the order of the model."""
    hidden = section.suppressed_text
    for q in summaries(section).values():
        base = [q.role, q.question_id, q.text]
        if q.n is None:
            yield [*base, "deze ronde", "", "", "", "", "", hidden]
            continue
        if q.mean is not None:
            yield [*base, "deze ronde", "", "gemiddelde", "", str(q.n), "", f"{q.mean:.2f}"]
        for o in q.options:
            yield [*base, "deze ronde", "", o.label, str(o.count), str(q.n), _pct(o.percent), ""]
        for f in q.locations:
            if f.n is None:
                note = PROTECTING if f.protects_other else hidden
                yield [*base, "per locatie", f.location, q.key_label or "", "", "", "", note]
            else:
                keyed = round((f.key_percent or 0) * f.n / 100)
                yield [
                    *base,
                    "per locatie",
                    f.location,
                    q.key_label or "",
                    str(keyed),
                    str(f.n),
                    _pct(f.key_percent),
                    "",
                ]
        previous = q.previous
        if previous is not None:
            part = f"vorige ronde ({previous.round_name})"
            if previous.n is None:
                yield [*base, part, "", "", "", "", "", hidden]
            else:
                for o in q.options:
                    if o.previous_percent is not None:
                        yield [
                            *base,
                            part,
                            "",
                            o.label,
                            "",
                            str(previous.n),
                            _pct(o.previous_percent),
                            "",
                        ]
    pe = section.peer_experts
    total: tuple[CountFigure, ...] = (pe.table_total,) if pe.table_total else ()
    tables: list[tuple[str, tuple[CountFigure, ...]]] = [("bijdragen", total)]
    tables += [
        ("bijdragen per soort", pe.by_kind),
        ("bijdragen per pijler", pe.by_pillar),
        ("bijdragen samen met", pe.by_partner),
        ("bijdragen per locatie", pe.by_location),
    ]
    for title, figures in tables:
        for figure in figures:
            if figure.n is None:
                row = ["ervaringsdeskundige", "", title, "", "", figure.label, "", "", "", hidden]
            else:
                reach = figure.people_reached
                reached = "" if reach is None else f"{reach} bereikt"
                row = ["ervaringsdeskundige", "", title, "", "", figure.label, str(figure.n)]
                row += ["", "", reached]
            yield row


def write_public_csv(section: InputSection, path: Path) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    count = 0
    for row in public_rows(section):
        writer.writerow(row)
        count += 1
    writer.writerow([])
    writer.writerow([section.audit_note or ""])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return count


def write_public_xlsx(section: InputSection, path: Path) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cijfers")
    sheet.append(list(COLUMNS))
    count = 0
    for row in public_rows(section):
        sheet.append(row)
        count += 1
    about = workbook.create_sheet("Over deze cijfers")
    about.append([f"Cijfers die op minder dan {section.k} mensen rusten, tonen we niet."])
    about.append([section.audit_note or ""])
    workbook.save(str(path))
    return count
