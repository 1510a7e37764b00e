"""`inspraak report` on an open round: a tussenstand, said in the document and on the command
line, and in the publication ledger; the final report after closing is not."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

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
