"""The coordinator operations the CLI and the web console share."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest

from coordination import invites, quotes, rounds
from coordination.audit_log import entries
from coordination.problems import Problem
from coordination.progress import progress
from coordination.reports import export_files, report_files
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Round, Store

ACTOR = "kim (test)"


async def a_round(store: Store) -> Round:
    return await rounds.create_round(
        store, ACTOR, "  Najaar   2026 ", 2026, date(2026, 9, 1), date(2026, 11, 30)
    )


async def test_rounds_are_checked_and_logged(store: Store) -> None:
    made = await a_round(store)
    assert made.name == "Najaar 2026"
    with pytest.raises(Problem, match="already exists") as dup:
        await a_round(store)
    assert "Er is al een ronde" in dup.value.nl
    with pytest.raises(Problem) as backwards:
        await rounds.set_dates(store, ACTOR, made, date(2026, 9, 1), date(2026, 8, 1))
    assert "einddatum" in backwards.value.nl
    moved = await rounds.set_dates(store, ACTOR, made, date(2026, 9, 15), date(2026, 12, 15))
    assert (moved.starts_on, moved.ends_on) == (date(2026, 9, 15), date(2026, 12, 15))
    closed = await rounds.close_round(store, ACTOR, moved)
    assert closed.closed_at is not None
    with pytest.raises(Problem, match="closed"):
        await rounds.set_dates(store, ACTOR, closed, date(2026, 9, 1), date(2026, 12, 1))
    with pytest.raises(Problem) as unknown:
        rounds.parse_date("1 september", "Begindatum", "--start")
    assert "jjjj-mm-dd" in unknown.value.nl
    logged = [entry.action for entry in await entries(store, "Europe/Amsterdam")]
    assert logged == ["round_closed", "round_dates", "round_created"]


async def test_a_change_and_its_audit_entry_go_together(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator's operation is one transaction: a change whose audit entry cannot be
    written is not made."""

    class Full(Exception):
        pass

    async def cannot_log(*args: Any, **kwargs: Any) -> None:
        raise Full

    monkeypatch.setattr(store, "audit", cannot_log)
    with pytest.raises(Full):
        await a_round(store)
    assert await store.list_rounds() == []
    monkeypatch.undo()
    made = await a_round(store)
    assert [r.name for r in await store.list_rounds()] == [made.name]


async def test_invites_create_sheet_and_revoke(store: Store, catalog: Catalog) -> None:
    round_ = await a_round(store)
    await rounds.add_locations(store, ACTOR, ["De Linde", "Het Anker"])
    made = await invites.create_invites(
        store, catalog, ACTOR, round_, "client", 3, timezone="Europe/Amsterdam", location="De Linde"
    )
    assert [i.location_name for i in made] == ["De Linde"] * 3
    assert made[0].expires_at.startswith("2026-11-30T22:59:59")  # end of the last day, local
    team = await invites.create_invites(
        store,
        catalog,
        ACTOR,
        round_,
        "professional",
        1,
        timezone="Europe/Amsterdam",
        max_uses=invites.parse_uses("onbeperkt"),
    )
    assert team[0].max_uses is None
    wrongs: list[tuple[dict[str, Any], str]] = [
        ({"role": "klant"}, "Onbekende groep"),
        ({"location": "Nergens"}, "Er is geen locatie"),
        ({"count": 0}, "aantal codes"),
        ({"role": "partner", "kind": "contribution"}, "geen vragenlijst"),
    ]
    for wrong, nl in wrongs:
        args: dict[str, Any] = {"role": "client", "count": 1, **wrong}
        with pytest.raises(Problem) as problem:
            await invites.create_invites(
                store,
                catalog,
                ACTOR,
                round_,
                str(args.pop("role")),
                int(args.pop("count")),
                timezone="Europe/Amsterdam",
                **args,
            )
        assert nl in problem.value.nl
    archive = zipfile.ZipFile(
        io.BytesIO(invites.qr_zip(made, "inspraak_bot", "https://inspraak.zorg.nl"))
    )
    expected = [f"qr-{i.code}{kind}.png" for i in made for kind in ("", "-web")]
    assert sorted(archive.namelist()) == sorted(expected)
    assert archive.read(archive.namelist()[0]).startswith(b"\x89PNG")
    codes = invites.codes_in([f"https://t.me/inspraak_bot?start={made[0].code}", made[1].code])
    result = await invites.revoke(store, ACTOR, [*codes, "zzzzzzzzzzzz"])
    assert result.revoked == [made[0].code, made[1].code]
    assert result.unknown == ["zzzzzzzzzzzz"]
    again = await invites.revoke(store, ACTOR, [made[0].code])
    assert again.revoked == [] and again.already[0][0] == made[0].code


async def _answers(
    store: Store, catalog: Catalog, round_: Round, texts: list[str], location: int | None
) -> list[int]:
    qn = catalog.questionnaires["client"]
    ids = await store.bulk_responses(round_.id, "client", qn, len(texts), location)
    await store.bulk_answers(
        (rid, "client_wens", text) for rid, text in zip(ids, texts, strict=True)
    )
    return ids


async def test_quote_review_masks_warns_and_logs(store: Store, catalog: Catalog) -> None:
    round_ = await a_round(store)
    [linde] = await rounds.add_locations(store, ACTOR, ["De Linde"])
    await _answers(
        store, catalog, round_, ["Bel mij op 06-12345678 of mail a@b.nl", "Meer uitjes"], linde.id
    )
    await _answers(store, catalog, round_, [f"Tekst {n}" for n in range(5)], None)
    queue = await quotes.quotes_to_review(store, catalog, round_, 5)
    assert len(queue) == 7
    first = queue[0]
    assert first.item.text == "Bel mij op [telefoonnummer] of mail [e-mailadres]"
    assert first.masked == (("e-mailadres", 1), ("telefoonnummer", 1))
    assert first.small_group and first.group_size == 2
    assert not queue[-1].small_group and queue[-1].group_size == 5
    stored = await quotes.approve_quote(store, ACTOR, first, "Bel mij: 06 12345678")
    assert stored == "Bel mij: [telefoonnummer]"  # an edit cannot bring a number back
    with pytest.raises(Problem, match="empty"):
        await quotes.approve_quote(store, ACTOR, queue[1], "   ")
    await quotes.reject_quote(store, ACTOR, queue[1])
    with pytest.raises(Problem) as gone:
        await quotes.find_quote(store, catalog, round_, first.key, 5)
    assert "wacht niet meer" in gone.value.nl
    assert len(await quotes.quotes_to_review(store, catalog, round_, 5)) == 5
    logged = await entries(store, "Europe/Amsterdam")
    assert [e.action for e in logged[:2]] == ["quote_rejected", "quote_approved"]
    assert logged[1].actor == ACTOR and logged[1].details["edited"] is True


async def test_progress_report_and_export(store: Store, catalog: Catalog) -> None:
    round_ = await a_round(store)
    [linde] = await rounds.add_locations(store, ACTOR, ["De Linde"])
    await invites.create_invites(
        store, catalog, ACTOR, round_, "client", 4, timezone="Europe/Amsterdam", location="De Linde"
    )
    await _answers(store, catalog, round_, ["a", "b"], linde.id)
    seen = await progress(store, round_, 5)
    [line] = seen.lines
    assert (line.invited, line.started, line.completed) == (4, 2, 2)
    assert seen.small(line) and seen.answered(line) == 2 and seen.too_small == [line]
    assert seen.people_text(line) == "2 (te weinig voor het verslag, minimaal 5)"
    assert seen.people_text(line, "en") == "2 (too few for the report, at least 5)"
    settings = Settings(INSPRAAK_ORGANISATION="Zorggroep", INSPRAAK_MIN_GROUP_SIZE=5)
    files = await report_files(
        store, catalog, round_, ["md", "html", "docx"], "all", settings, actor=ACTOR
    )
    assert [f.name for f in files] == [
        "inputsectie-najaar-2026.md",
        "inputsectie-najaar-2026.html",
        "inputsectie-najaar-2026.docx",
    ]
    assert files[2].content.startswith(b"PK") and files[2].media_type.endswith("document")
    art = await report_files(store, catalog, round_, ["md"], "art", settings, actor=ACTOR)
    assert art[0].name == "art-aanvulling-najaar-2026.md"
    with pytest.raises(Problem) as wrong:
        await report_files(store, catalog, round_, ["pdf"], "all", settings, actor=ACTOR)
    assert "Kies een of meer van: md, html, docx" in wrong.value.nl
    exported = await export_files(store, catalog, round_, ["csv"], ACTOR, settings)
    assert exported[0].name.endswith(".csv") and b"pseudoniem" in exported[0].content
    actions = [e.action for e in await entries(store, "Europe/Amsterdam")]
    assert actions[:3] == ["export", "report", "report"]


async def test_progress_counts_the_people_the_report_counts(store: Store, catalog: Catalog) -> None:
    """Who gave an answer counts, finished or not; who only started does not; k itself is
    enough; codes without a location are a group of their own."""
    round_ = await a_round(store)
    [linde] = await rounds.add_locations(store, ACTOR, ["De Linde"])
    qn = catalog.questionnaires["client"]
    done = await store.bulk_responses(round_.id, "client", qn, 3, linde.id)
    busy = await store.bulk_responses(round_.id, "client", qn, 2, linde.id, submitted=False)
    await store.bulk_responses(round_.id, "client", qn, 1, linde.id, submitted=False)  # no answer
    await store.bulk_answers((rid, "client_wens", "Meer uitjes") for rid in done + busy)
    await invites.create_invites(
        store, catalog, ACTOR, round_, "naaste", 3, timezone="Europe/Amsterdam"
    )
    seen = await progress(store, round_, 5)
    client, naaste = seen.lines
    assert (client.location, client.started, client.completed) == ("De Linde", 6, 3)
    assert seen.answered(client) == 5 and not seen.small(client)
    assert seen.people_text(client) == "5"
    assert seen.location(naaste) is None and seen.answered(naaste) == 0
    assert seen.too_small == [naaste]
    assert seen.people_text(naaste) == "0 (te weinig voor het verslag, minimaal 5)"
    assert seen.answered_total == 5
    assert (await progress(store, round_, 6)).people_text(client) == (
        "5 (te weinig voor het verslag, minimaal 6)"
    )


async def test_locations_are_renamed_checked_and_logged(store: Store, catalog: Catalog) -> None:
    round_ = await a_round(store)
    linde, anker = await rounds.add_locations(store, ACTOR, ["De Linde", "Het Anker"])
    await _answers(store, catalog, round_, ["a", "b", "c"], linde.id)
    for wrong, nl, en in [
        ("   ", "Vul een naam in voor de locatie", "give the location a name"),
        ("De  Linde", "De locatie heet al 'De Linde'", "already has that name"),
        ("Het Anker", "Er is al een locatie 'Het Anker'", "already named 'Het Anker'"),
        ("het anker", "Er is al een locatie 'Het Anker'", "already named 'Het Anker'"),
        ("x" * 81, "te lang", "too long"),
    ]:
        with pytest.raises(Problem) as problem:
            await rounds.rename_location(store, ACTOR, linde, wrong)
        assert nl in problem.value.nl and en in problem.value.en
    assert [loc.name for loc in await store.list_locations()] == ["De Linde", "Het Anker"]

    renamed = await rounds.rename_location(store, ACTOR, linde, "  Linde-Oost ")
    assert (renamed.id, renamed.name) == (linde.id, "Linde-Oost")
    # Only the capitals of its own name: allowed.
    assert (await rounds.rename_location(store, ACTOR, renamed, "linde-oost")).name == "linde-oost"
    # What refers to the location follows it: progress, invites by name.
    [line] = (await progress(store, round_, 5)).lines
    assert (line.location, line.completed) == ("linde-oost", 3)
    made = await invites.create_invites(
        store,
        catalog,
        ACTOR,
        round_,
        "client",
        1,
        timezone="Europe/Amsterdam",
        location="linde-oost",
    )
    assert made[0].location_name == "linde-oost"
    with pytest.raises(Problem, match="unknown location 'De Linde'"):
        await rounds.find_location(store, "De Linde")

    assert (await rounds.location_by_name_or_id(store, "Het Anker")).id == anker.id
    assert (await rounds.location_by_name_or_id(store, str(anker.id))).name == "Het Anker"
    with pytest.raises(Problem, match="unknown location '99'"):
        await rounds.location_by_name_or_id(store, "99")
    logged = [e for e in await entries(store, "Europe/Amsterdam") if e.action == "location_renamed"]
    assert [(e.details["previous"], e.details["location"]) for e in logged] == [
        ("Linde-Oost", "linde-oost"),
        ("De Linde", "Linde-Oost"),
    ]
    assert logged[1].what == "locatie hernoemd" and logged[1].actor == ACTOR
    assert logged[1].detail_text == "locatie: Linde-Oost; heette: De Linde"
