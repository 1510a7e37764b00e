"""The reflection round: after a round closes, a council member reads its results per pillar in
the real bot and answers; approved answers fill reflectie and vooruitblik in the report."""

from __future__ import annotations

from datetime import date

from demo.respondent import answer_everything
from questionnaires.model import Kind
from report.document import build_document
from report.markdown import render_markdown
from report.publishing import audited_section
from report.quotes import approve, review_queue
from tests.bot.conftest import BotWorld


async def test_council_reflects_on_a_closed_round(world: BotWorld) -> None:
    store, catalog = world.store, world.catalog
    await world.invite("client")  # makes the round
    [round_] = await store.list_rounds()
    clients = catalog.for_role("client")
    assert clients is not None
    ids = await store.bulk_responses(round_.id, "client", clients, 6, None)
    await store.bulk_answers(
        (rid, "client_wonen_thuis", 5 if i < 4 else 2) for i, rid in enumerate(ids)
    )
    survey_code = await world.invite("client")
    await store.close_round(round_.id)

    # The survey is over: its codes no longer start anything.
    late = world.user(4000)
    await late.command("start", survey_code)
    assert "Ja, ik doe mee" not in str(late.buttons)

    code = await world.invite("clientenraad", kind="reflection", max_uses=None, days=21)
    member = world.user(4001)
    await member.command("start", code)
    assert "Kijk mee naar de resultaten" in member.last_text
    await member.press("Ja, ik doe mee")
    seen = []
    for _ in range(12):
        seen.append(member.last_text)
        if "pijler 1: Cliënten" in member.last_text and "Wat valt je op?" not in member.last_text:
            break
        labels = [label for row in member.buttons for label in row]
        if "Verder »" in labels:
            await member.press("Verder »")
        else:
            await member.press("Sla over")
    results = member.last_text
    assert "Dit vonden de mensen over pijler 1: Cliënten:" in results, seen
    # The results: sentences written from the (suppressed) figures of the closed round.
    assert "Cliënten:" in results and "67% (helemaal) eens" in results
    await member.press("Verder »")
    assert "Wat valt je op?" in member.last_text
    await member.send_text("Twee op de drie cliënten voelen zich thuis. Dat is te weinig.")
    assert "Wat moet er beter?" in member.last_text
    await member.send_text("Elke nieuwe cliënt een eigen vaste begeleider.")
    await answer_everything(member, 0, "Goed dat we mochten meekijken.")

    # Four more members answer (a council of five: quotes of a group below k stay out).
    reflection = catalog.for_role("clientenraad", Kind.REFLECTION)
    assert reflection is not None
    others = await store.bulk_responses(round_.id, "clientenraad", reflection, 4, None)
    await store.bulk_answers(
        (rid, "refl_p2_opvalt", f"Naasten doen meer mee ({i}).") for i, rid in enumerate(others)
    )
    for item in await review_queue(store, catalog, round_.id):
        await approve(store, item, "test")
    audited = await audited_section(
        store, catalog, round_, min_group_size=5, organisation="T", today=date.today()
    )
    document = build_document(audited.section, catalog)
    md = render_markdown(document)
    pillar = md.split("## Pijler 1: Cliënten")[1].split("\n## ")[0]
    reflectie = pillar.split("### Reflectie op de resultaten")[1].split("### Vooruitblik")[0]
    assert "#### Uit de reflectieronde" in reflectie
    assert "Twee op de drie cliënten voelen zich thuis" in reflectie
    assert "— Cliëntenraad, bij de vraag: Wat valt je op?" in reflectie
    vooruitblik = pillar.split("### Vooruitblik")[1]
    assert "Elke nieuwe cliënt een eigen vaste begeleider." in vooruitblik
    # The council's answers come first; the organisation's own reflectie stays to be written.
    assert reflectie.index("Uit de reflectieronde") < reflectie.index("Hier komt de tekst")
    assert "pijler-1-reflectie" in dict(document.placeholders())
    assert catalog.for_role("familieraad", Kind.REFLECTION) is not None
