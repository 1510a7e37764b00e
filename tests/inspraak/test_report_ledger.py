"""`inspraak report` on an open round: a tussenstand, said in the document and on the command
line, and in the publication ledger; the final report after closing is not."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook

from questionnaires.loader import load_catalog
from questionnaires.model import AnswerValue
from storage.store import Store
from tests.inspraak.commands import run
from tests.report.conftest import fill_answers


def _answer(env: Path, location: str, answers: Sequence[Mapping[str, AnswerValue]]) -> None:
    async def go() -> None:
        async with Store.open(env / "db.sqlite3") as store:
            catalog = load_catalog(env / "defs")
            round_ = await store.find_round("Voorjaar")
            assert round_ is not None
            place = next(p for p in await store.list_locations() if p.name == location)
            await fill_answers(
                store, catalog, round_.id, "client", [dict(a) for a in answers], place.id
            )

    asyncio.run(go())


def _ledger(env: Path) -> list[tuple[str, tuple[str, ...], bool]]:
    async def go() -> list[tuple[str, tuple[str, ...], bool]]:
        async with Store.open(env / "db.sqlite3") as store:
            round_ = await store.find_round("Voorjaar")
            assert round_ is not None
            ledger = await store.list_publications(round_.id)
            return [(p.what, p.formats, p.interim) for p in ledger]

    return asyncio.run(go())


def test_an_interim_report_says_so_and_is_remembered(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(capsys, "round create Voorjaar --year 2026 --start 2026-01-01 --end 2099-12-31")[0] == 0
    )
    assert run(capsys, "location add Centrum 'De Wilgen'")[0] == 0
    _answer(env, "Centrum", [{"c_steun": "yes"}] * 19 + [{"c_steun": "no"}] * 11)
    _answer(env, "De Wilgen", [{"c_steun": "yes"}] * 4)

    code, out, err = run(capsys, "report --round Voorjaar --format md --out a")
    assert code == 0 and "Written:" in out
    assert "Tussenstand: round 'Voorjaar' runs until 2099-12-31" in err
    interim = next((env / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "Tussenstand" in interim and "Dit is een tussenstand" in interim
    assert _ledger(env) == [("all", ("md",), True)]

    # One more at De Wilgen (now 5), two at Centrum; the round closes; the final report.
    _answer(env, "De Wilgen", [{"c_steun": "no"}])
    _answer(env, "Centrum", [{"c_steun": "yes"}, {"c_steun": "no"}])
    assert run(capsys, "round close Voorjaar")[0] == 0
    code, _, err = run(capsys, "report --round Voorjaar --format md --out b")
    assert code == 0 and "Tussenstand" not in err
    final = next((env / "b").glob("*.md")).read_text(encoding="utf-8")
    assert "tussenstand" not in final.lower()
    assert _ledger(env) == [("all", ("md",), True), ("all", ("md",), False)]
    # Only 3 people answered in between: the final report keeps what they said to itself
    # (the yes/no question's figures stay out, 35 answers or not), and says why.
    assert "cliëntondersteuner kunt krijgen?’: niet getoond, om een kleine groep" in final
    assert "een verborgen cijfer mee zou kunnen uitrekenen" in final


def test_an_interim_export_says_so_and_the_final_report_keeps_the_interim_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A coordinator sends the tussenstand to the cliëntenraad, later writes the final report
    into the same folder: both files stay, each named for what it is; the public export of the
    open round is marked as a tussenstand in the file and on the command line."""
    run(capsys, "round create Voorjaar --year 2026 --start 2026-01-01 --end 2099-12-31")
    run(capsys, "location add Centrum")
    _answer(env, "Centrum", [{"c_steun": "yes"}] * 6 + [{"c_steun": "no"}] * 4)

    code, out, err = run(capsys, "report --round Voorjaar --format md,docx --out verslag")
    assert code == 0 and "-tussenstand-" in out
    assert "the file name says 'tussenstand'" in err
    # Word: a page printed on its own still says so at its foot; so does the file's title.
    [word] = (env / "verslag").glob("inputsectie-*.docx")
    footer = " ".join(p.text for p in Document(str(word)).sections[0].footer.paragraphs)
    assert "Tussenstand van " in footer and "de cijfers kunnen nog veranderen." in footer
    assert "(tussenstand van " in str(Document(str(word)).core_properties.title)
    code, out, err = run(capsys, "export --round Voorjaar --kind public --out verslag")
    assert code == 0 and "cijfers-openbaar-tussenstand-" in out
    assert "Tussenstand: round 'Voorjaar' runs until 2099-12-31" in err
    assert "sheet 'Over deze cijfers'" in err
    [table] = (env / "verslag").glob("*-cijfers-openbaar-*.csv")
    end = table.read_text(encoding="utf-8-sig").rstrip().splitlines()
    assert end[-4].startswith("Cijfers van de ronde 'Voorjaar'")
    assert end[-3].startswith("Dit is een tussenstand. De ronde 'Voorjaar' loopt nog")
    [workbook] = (env / "verslag").glob("*-cijfers-openbaar-*.xlsx")
    about = load_workbook(workbook)["Over deze cijfers"]
    assert "Dit is een tussenstand" in str(about["A2"].value)

    run(capsys, "round close Voorjaar")
    code, out, err = run(capsys, "report --round Voorjaar --format md,docx --out verslag")
    assert code == 0 and "Written: verslag/inputsectie-voorjaar.md" in out
    assert "Tussenstand" not in err
    final = Document(str(env / "verslag" / "inputsectie-voorjaar.docx"))
    assert "Tussenstand" not in " ".join(p.text for p in final.sections[0].footer.paragraphs)
    names = sorted(path.name for path in (env / "verslag").glob("inputsectie-*.md"))
    assert names[0].startswith("inputsectie-voorjaar-tussenstand-")
    assert names[1] == "inputsectie-voorjaar.md"
    assert "Dit is een tussenstand" in (env / "verslag" / names[0]).read_text(encoding="utf-8")
    assert "tussenstand" not in (env / "verslag" / names[1]).read_text(encoding="utf-8").lower()


def test_quotes_on_the_command_line_name_the_minimum_and_the_reviewer(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review says how small the quote's own group is against the minimum (5, not 'k');
    a control character stored before cleaning existed never reaches the terminal; the list
    names who approved it and when."""
    run(capsys, "round create Voorjaar --year 2026 --start 2026-01-01 --end 2099-12-31")
    run(capsys, "location add Centrum Klein")
    _answer(env, "Centrum", [{"c_beter": "Meer uitjes\x1b[2J graag"}] + [{"c_steun": "yes"}] * 5)
    _answer(env, "Klein", [{"c_beter": "Wij zijn met weinig"}, {"c_steun": "no"}])
    answers = iter(["a", "a"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "quotes --round Voorjaar --reviewer Kim")
    assert code == 0 and "\x1b" not in out
    assert "Antwoord: Meer uitjes[2J graag" in out
    assert "Cliënten · Klein (group of 2)" in out
    assert (
        "Warning: only 2 people of this quote's own group (Cliënten · Klein) answered, fewer "
        "than 5: this quote will not be in any report, even when approved." in out
    )
    code, out, _ = run(capsys, "quotes list --round Voorjaar")
    assert code == 0 and "(group of 2; NOT in any report: group below 5)" in out
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the organisation's day
    assert f"Approved by Kim on {today.isoformat()}" in out


def test_a_wrong_out_folder_stops_before_anything_is_published(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out` naming a file, or a folder that cannot be made, is one line; nothing enters the
    publication ledger, since nothing went out."""
    run(capsys, "round create Voorjaar --year 2026 --start 2026-01-01 --end 2099-12-31")
    (env / "verslag.docx").write_bytes(b"")
    code, _, err = run(capsys, "report --round Voorjaar --out verslag.docx")
    assert code == 2 and "--out verslag.docx is a file, not a folder" in err
    code, _, err = run(capsys, "export --round Voorjaar --kind public --out /proc/nee")
    assert code == 2 and "cannot write files to --out /proc/nee" in err
    assert "Traceback" not in err and _ledger(env) == []
