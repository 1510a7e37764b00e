import csv
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from report.exports import COLUMNS, export
from storage.identities import Chat
from tests.report.conftest import PHONE_TEXT, SECRET_TEXT, Seeded


async def test_csv_xlsx_fhir_are_anonymised_and_logged(seeded: Seeded, tmp_path: Path) -> None:
    store = seeded.store
    # One participant through the bot's path, with a chat id that must never be exported.
    invite = (
        await store.create_invites(seeded.current.id, "client", 1, datetime(2026, 5, 1, tzinfo=UTC))
    )[0]
    response, _ = await store.start_response(
        Chat(987654321),
        invite.code,
        seeded.catalog.questionnaires["client"],
        "v1",
        at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    assert response is not None
    await store.save_answer(response.id, "c_thuis", 3)
    paths = await export(
        store, seeded.catalog, seeded.current, ("csv", "xlsx", "fhir"), tmp_path, "kim"
    )
    assert [p.name for p in paths] == [
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd.csv",
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd.xlsx",
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd-fhir.json",
    ]
    with paths[0].open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    # 18 clients x 5 closed answers, 3 naasten x 2, 6 partners x 2, 5 professionals,
    # 2 peer experts, 7 logged contributions x 3.
    assert len(rows) == 18 * 5 + 3 * 2 + 6 * 2 + 5 + 2 + 7 * 3 + 1
    assert {r["vraag"] for r in rows} >= {"c_thuis", "c_doen", "b_datum"}
    assert not {"c_beter", "c_wens"} & {r["vraag"] for r in rows}
    assert all(r["pseudoniem"].startswith("x-") for r in rows)  # this export's own pseudonyms
    assert {r["antwoord"] for r in rows if r["vraag"] == "c_doen"} == {"sport;koken", "lezen"}
    everything = paths[0].read_text(encoding="utf-8-sig") + paths[2].read_text(encoding="utf-8")
    for secret in (SECRET_TEXT, PHONE_TEXT, "moestuin", "987654321"):
        assert secret not in everything
    sheet = load_workbook(paths[1])
    assert sheet.sheetnames == ["Antwoorden", "Vragen"]
    assert sheet["Antwoorden"].max_row == len(rows) + 1
    audit = [(e[2], e[3]["format"]) for e in await store.audit_entries() if e[2] == "export"]
    assert sorted(audit) == [("export", "csv"), ("export", "fhir"), ("export", "xlsx")]


DATA_COLUMNS = set(COLUMNS) - {"pseudoniem", "antwoordset"}
# Where a QuestionnaireResponse holds data (the same in every export) rather than identifiers.
FHIR_DATA = ("resourceType", "status", "questionnaire", "authored", "item.", "extension.")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    workbook = load_workbook(path, read_only=True)
    try:
        values = list(workbook["Antwoorden"].values)
    finally:
        workbook.close()
    header, *rows = [[str(c) if c is not None else "" for c in r] for r in values]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, value) of a JSON tree; list positions left out of the path."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner, path)
    else:
        yield path, str(value)


def _fhir_responses(path: Path) -> list[dict[str, Any]]:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    return [
        {"fullUrl": e["fullUrl"], **e["resource"]}
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]


async def test_two_research_exports_share_no_identifier(seeded: Seeded, tmp_path: Path) -> None:
    """Only the answers themselves are the same in two exports of one round: no pseudonym,
    no response id, no URL. Within one export the three formats use the same pseudonyms."""
    exports = []
    for name in ("first", "second"):
        paths = await export(
            seeded.store,
            seeded.catalog,
            seeded.current,
            ("csv", "xlsx", "fhir"),
            tmp_path / name,
            "kim",
        )
        exports.append(paths)
    (csv_a, xlsx_a, fhir_a), (csv_b, xlsx_b, fhir_b) = exports
    a, b = _csv_rows(csv_a), _csv_rows(csv_b)
    assert len(a) == len(b) > 100
    for first, second in ((a, b), (_xlsx_rows(xlsx_a), _xlsx_rows(xlsx_b))):
        for column in COLUMNS:
            shared = {row[column] for row in first} & {row[column] for row in second}
            assert not shared or column in DATA_COLUMNS, (column, sorted(shared)[:3])
    assert {column for column in DATA_COLUMNS if {r[column] for r in a} & {r[column] for r in b}}
    # The same grouping in both: a response pseudonym stands for one response, one person.
    for rows in (a, b):
        people = {(r["antwoordset"], r["pseudoniem"]) for r in rows}
        assert len(people) == len({r["antwoordset"] for r in rows}) == 18 + 3 + 6 + 5 + 2 + 7
        assert all(re.fullmatch(r"a-[0-9a-f]{12}", r["antwoordset"]) for r in rows)
    # Each export's formats agree with each other (one key per export).
    for csv_path, xlsx_path, fhir_path in exports:
        in_csv = {(r["pseudoniem"], r["antwoordset"]) for r in _csv_rows(csv_path)}
        assert {(r["pseudoniem"], r["antwoordset"]) for r in _xlsx_rows(xlsx_path)} == in_csv
        in_fhir = {(r["identifier"]["value"], r["id"]) for r in _fhir_responses(fhir_path)}
        assert in_fhir == in_csv
    # FHIR: only data paths carry values found in both exports.
    leaves_a = {leaf for r in _fhir_responses(fhir_a) for leaf in _leaves(r)}
    leaves_b = {leaf for r in _fhir_responses(fhir_b) for leaf in _leaves(r)}
    shared_paths = {path for path, _ in leaves_a & leaves_b}
    assert shared_paths and all(
        p.startswith(FHIR_DATA) or p == "identifier.system" for p in shared_paths
    )
    # Nothing of the database's own identifiers in any file.
    stored = await seeded.store.conn.execute_fetchall("SELECT pseudonym FROM participants")
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in (csv_a, fhir_a, csv_b, fhir_b))
    assert stored and not any(row[0] in everything for row in stored)
