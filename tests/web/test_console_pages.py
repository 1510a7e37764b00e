"""Console pages over plain HTTP: the two kinds of export, renaming a location, and progress
that names the groups too small for the report."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from report.labels import nl_date
from tests.web.console_world import ConsoleWorld, signed_in


async def answered(world: ConsoleWorld, round_id: int, people: int, location: str | None) -> None:
    """`people` clients of `location` who answered the first choice question."""
    store = world.store
    location_id = (await store.add_location(location)).id if location else None
    questionnaire = world.bot.catalog.questionnaires["client"]
    ids = await store.bulk_responses(round_id, "client", questionnaire, people, location_id)
    question = next(q for q in questionnaire.questions if q.choices())
    token = question.choices()[0].token
    await store.bulk_answers((response_id, question.id, token) for response_id in ids)


async def test_both_kinds_of_export_are_offered_and_logged(console: ConsoleWorld) -> None:
    round_id = await console.open_round()
    await answered(console, round_id, 6, "Team Noord")
    await answered(console, round_id, 2, "Team Zuid")
    client = await signed_in(console)
    page = f"/beheer/rondes/{round_id}/export"
    assert (await client.get(page)).status == 200
    shown = client.last
    public = shown.index(f'href="{page}/openbaar.csv"')
    warning = shown.index("Dit zijn persoonsgegevens")
    research = shown.index(f'href="{page}/onderzoek.csv"')
    assert public < warning < research  # the shareable kind first, research after its warning
    assert "Groepen met minder dan 5 mensen zijn weggelaten" in shown
    # The round is open: the figures are a tussenstand, and going out they are remembered.
    assert "<strong>Tussenstand.</strong> Deze ronde loopt nog tot en met" in shown
    assert "Elke download van deze cijfers komt in het publicatieregister" in shown

    response = await client.get(page + "/openbaar.csv")
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    day = console.bot.settings.local_date().isoformat()
    assert f"cijfers-openbaar-tussenstand-{day}.csv" in response.headers["Content-Disposition"]
    last_lines = client.last.rstrip().splitlines()[-4:]
    assert last_lines[0].startswith("Cijfers van de ronde 'Najaar'")
    assert last_lines[1].startswith("Dit is een tussenstand. De ronde 'Najaar' loopt nog")
    table = csv.DictReader(io.StringIO(client.last.lstrip("\ufeff")), delimiter=";")
    rows = [row for row in table if row["vraag"] not in ("", "Deelname")]
    # Team Zuid's 2 clients are left out, as in the report: the figure rests on Noord's 6.
    assert {row["n"] for row in rows if row["aantal"]} == {"6"}
    assert "Team Zuid" not in client.last
    assert "pseudoniem" not in client.last
    assert (await client.get(page + "/openbaar.xlsx")).status == 200
    assert (await client.get(page + "/openbaar.fhir")).status == 404  # research only

    response = await client.get(page + "/onderzoek.csv")
    assert response.status == 200 and client.last.lstrip("\ufeff").startswith("pseudoniem;")
    assert (await client.get(page + "/onderzoek.fhir")).status == 200

    exports = [e for e in await console.store.audit_entries(20) if e[2] == "export"]
    kinds = [(e[3]["kind"], e[3]["format"]) for e in reversed(exports)]
    assert kinds == [
        ("public", "csv"),
        ("public", "xlsx"),
        ("research", "csv"),
        ("research", "fhir"),
    ]
    assert all(e[1] == "beheer telegram:900" for e in exports)
    assert "disclosure_audit" in exports[-1][3]  # the public one: checked like the report
    await client.get("/beheer/logboek")
    assert "soort: openbaar (anoniem)" in client.last
    assert "soort: onderzoek (persoonsgegevens)" in client.last


async def test_the_report_page_says_tussenstand_first(console: ConsoleWorld) -> None:
    """While the round runs, the first thing under the title is that it is a tussenstand (the
    list of parts still to write comes after it), and the file name says so too."""
    round_id = await console.open_round()
    await answered(console, round_id, 6, "Team Noord")
    client = await signed_in(console)
    await client.get(f"/beheer/rondes/{round_id}/verslag")
    page = client.last
    interim = page.index("<strong>Tussenstand.</strong> Deze ronde loopt nog tot en met")
    assert interim < page.index("Nog te doen voor je het verslag publiceert")
    assert "heet bovenaan ‘tussenstand’, en de bestandsnaam ook." in page
    assert "Het voorbeeld onder aan deze pagina telt niet" in page
    response = await client.get(f"/beheer/rondes/{round_id}/verslag/all.md")
    day = console.bot.settings.local_date().isoformat()
    assert f"inputsectie-najaar-tussenstand-{day}.md" in response.headers["Content-Disposition"]
    assert "Dit is een tussenstand." in client.last


async def test_progress_names_the_groups_too_small_for_the_report(console: ConsoleWorld) -> None:
    round_id = await console.open_round()
    await answered(console, round_id, 5, "Team Noord")
    await answered(console, round_id, 3, "Team Zuid")
    client = await signed_in(console)
    await client.get(f"/beheer/rondes/{round_id}/voortgang")
    page = client.last
    assert "1 groep heeft nog te weinig mensen voor het verslag" in page
    assert "<strong>3 (te weinig voor het verslag, minimaal 5)</strong>" in page
    assert page.count("te weinig voor het verslag, minimaal 5") == 1  # Noord's 5 are enough
    assert "Vraag meer mensen van die groep om mee te doen." in page
    await client.get(f"/beheer/rondes/{round_id}")
    assert "1 groep heeft te weinig mensen voor het verslag" in client.last


async def test_a_location_is_renamed_and_its_figures_follow_it(console: ConsoleWorld) -> None:
    store = console.store
    today = date.today()
    earlier = await store.create_round("Voorjaar", 2026, today, today + timedelta(days=9))
    await answered(console, earlier.id, 6, "Team Noord")
    await answered(console, earlier.id, 6, "Team Zuid")
    noord, zuid = await store.list_locations()
    client = await signed_in(console)
    await client.get("/beheer/locaties")
    assert f'href="/beheer/locaties/{noord.id}"' in client.last
    assert 'Naam wijzigen<span class="verborgen"> van Team Noord</span>' in client.last
    path = f"/beheer/locaties/{noord.id}"
    assert (await client.get(path)).status == 200
    assert 'value="Team Noord"' in client.last
    tokens = client.tokens()

    # Mistakes: the page says what to do, keeps what was typed, and changes nothing.
    for typed, says in [
        ("  ", "Vul een naam in voor de locatie."),
        ("team zuid", "Er is al een locatie &#39;Team Zuid&#39;. Kies een andere naam."),
        ("Team Noord", "De locatie heet al &#39;Team Noord&#39;. Typ een nieuwe naam."),
    ]:
        response = await client.post(path, {**tokens, "name": typed})
        assert response.status == 400 and says in client.last, client.last
        assert f'value="{typed.strip()}"' in client.last
    assert [loc.name for loc in await store.list_locations()] == ["Team Noord", "Team Zuid"]
    assert (await client.get("/beheer/locaties/999")).status == 404

    response = await client.post(path, {**tokens, "name": "Noord-Oost"})
    assert response.status == 303
    assert response.headers["Location"] == f"/beheer/locaties?hernoemd={noord.id}"
    await client.get(response.headers["Location"])
    assert "De naam is gewijzigd. De locatie heet nu &#39;Noord-Oost&#39;." in client.last

    # The earlier round's figures now carry the new name: the same location, the same 6.
    await client.get(f"/beheer/rondes/{earlier.id}/voortgang")
    assert "Noord-Oost" in client.last and "Team Noord" not in client.last
    await client.get(f"/beheer/rondes/{earlier.id}/export/openbaar.csv")
    table = csv.DictReader(io.StringIO(client.last.lstrip("\ufeff")), delimiter=";")
    places = {row["locatie"]: row["n"] for row in table if row["locatie"]}
    assert places == {"Noord-Oost": "6", "Team Zuid": "6"}

    [entry] = [e for e in await store.audit_entries(30) if e[2] == "location_renamed"]
    assert entry[1] == "beheer telegram:900"
    assert entry[3] == {"location": "Noord-Oost", "previous": "Team Noord"}
    assert zuid.name == "Team Zuid"


async def test_approved_quotes_are_listed_and_withdrawn(console: ConsoleWorld) -> None:
    store = console.store
    round_id = await console.open_round()
    noord = await store.add_location("Team Noord")
    questionnaire = console.bot.catalog.questionnaires["client"]
    ids = await store.bulk_responses(round_id, "client", questionnaire, 6, noord.id)
    question = next(q for q in questionnaire.questions if q.choices())
    await store.bulk_answers((i, question.id, question.choices()[0].token) for i in ids)
    await store.bulk_answers(
        [(ids[0], "c_beter", "Bij Team Noord\vis het fijn"), (ids[1], "c_beter", "Rustig")]
    )
    # Team Zuid: one client wrote something, a quote that can be approved, never published.
    zuid = await store.add_location("Team Zuid")
    few = await store.bulk_responses(round_id, "client", questionnaire, 2, zuid.id)
    await store.bulk_answers([(few[0], "c_beter", "Wij zijn maar met z'n tweeën")])
    client = await signed_in(console)
    # The review names the quote's own group and its size; Team Noord is masked.
    await client.get(f"/beheer/rondes/{round_id}/citaten")
    assert "Cliënten · Team Noord · eigen groep: 6 mensen" in client.last
    assert "Bij [locatie]\nis het fijn" in client.last
    tokens = client.tokens()
    for _ in range(3):
        await client.get(f"/beheer/rondes/{round_id}/citaten")
        key = client.last.split('name="key" value="')[1].split('"')[0]
        await client.post(
            f"/beheer/rondes/{round_id}/citaten",
            {**tokens, "key": key, "positie": "0", "besluit": "goedkeuren"},
        )
    page = f"/beheer/rondes/{round_id}/citaten/goedgekeurd"
    await client.get(page)
    assert "“Bij [locatie]\nis het fijn”" in client.last and "“Rustig”" in client.last
    assert client.last.count("Staat in het verslag.") == 2
    # Who approved it, by name, on the organisation's day (not the audit log's key).
    today = nl_date(console.bot.settings.local_date())
    assert f"Goedgekeurd door Telegram-gebruiker 900 op {today}." in client.last
    assert "beheer telegram" not in client.last
    small = client.last.split("“Wij zijn maar met z&#39;n tweeën”")[1].split("</article>")[0]
    assert "Staat niet in het verslag: de eigen groep is kleiner dan 5 mensen." in small
    assert "Cliënten · Team Zuid · eigen groep: 1 persoon" in client.last
    key = client.last.split('name="key" value="')[1].split('"')[0]
    response = await client.post(
        f"/beheer/rondes/{round_id}/citaten/intrekken", {**tokens, "key": key}
    )
    assert response.status == 303 and response.headers["Location"] == page + "?klaar=1"
    await client.get(response.headers["Location"])
    assert "Ingetrokken. Het citaat staat niet in verslagen die je vanaf nu maakt." in client.last
    assert "Een verslag dat je al gedownload hebt, blijft zoals het was." in client.last
    assert "is het fijn" not in client.last
    # Withdrawing it again (a second tab): a clear message, nothing changes.
    response = await client.post(
        f"/beheer/rondes/{round_id}/citaten/intrekken", {**tokens, "key": key}
    )
    assert "niet (meer) goedgekeurd" in client.last and "“Rustig”" in client.last
    [entry] = [e for e in await store.audit_entries(30) if e[2] == "quote_withdrawn"]
    assert entry[1] == "beheer telegram:900"
    await client.get("/beheer/logboek")
    assert "goedkeuring van een citaat ingetrokken" in client.last
