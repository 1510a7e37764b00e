"""The quote rule: a quote is published only when its own group (role x location, a
questionnaire such as the reflection round apart) has at least k people; location names are
masked; an approval can be listed and withdrawn; a pasted control character breaks no renderer."""

import re
from pathlib import Path

import docx
import pytest

from coordination import quotes as quote_ops
from coordination.problems import Problem
from report.document import build_document
from report.docx import write_docx
from report.markdown import render_markdown
from report.quotes import approve, review_queue
from tests.report.conftest import Seeded
from tests.report.test_render import docx_text


async def _pending(seeded: Seeded, question_id: str, text: str, location: str | None) -> None:
    """One more client (or peer expert) answering only `question_id`, at `location`."""
    store, catalog = seeded.store, seeded.catalog
    qn = next(
        q
        for q in catalog.questionnaires.values()
        if any(question.id == question_id for question in q.questions)
    )
    places = {p.name: p.id for p in await store.list_locations()}
    [response] = await store.bulk_responses(
        seeded.current.id, qn.role, qn, 1, places[location] if location else None
    )
    await store.bulk_answers([(response, question_id, text)])


async def _report(seeded: Seeded) -> str:
    """The report as Markdown, its escapes taken out: the text a reader sees."""
    md = render_markdown(build_document(await seeded.section(), seeded.catalog))
    return re.sub(r"\\(.)", r"\1", md)


async def _approve_all(seeded: Seeded) -> None:
    for item in await review_queue(seeded.store, seeded.catalog, seeded.current.id, 5):
        await approve(seeded.store, item, "kim")


async def test_quotes_of_a_small_own_group_are_never_published(seeded: Seeded) -> None:
    # Het Anker has 4 clients (5 with this one: just enough); Zonnehof 6; peer experts: 2 in
    # their survey, 7 in their log (a questionnaire of its own, so a group of its own).
    await _pending(seeded, "c_wens", "In Zonnehof voel ik me veilig.", "Zonnehof")
    await _pending(seeded, "ed_opbrengst", "Ik ben daar de enige van ons.", None)
    queue = await review_queue(seeded.store, seeded.catalog, seeded.current.id, 5)
    by_text = {item.text: item for item in queue}
    zonnehof = by_text["In [locatie] voel ik me veilig."]
    assert zonnehof.group == "Cliënten · Zonnehof" and zonnehof.group_people == 7
    assert not zonnehof.small_group
    alone = by_text["Ik ben daar de enige van ons."]
    assert alone.group == "Ervaringsdeskundigen" and alone.group_people == 3
    assert alone.small_group
    await _approve_all(seeded)
    md = await _report(seeded)
    assert "In [locatie] voel ik me veilig." in md and "Zonnehof voel" not in md
    assert "de enige van ons" not in md  # approved, and still not published
    assert "We laten 1 citaat uit een te kleine groep weg." in md


async def test_a_small_location_keeps_its_quotes_out(seeded: Seeded) -> None:
    """Het Anker's 4 clients: the role has 18 people, the quote's own group only 4."""
    store = seeded.store
    places = {p.name: p.id for p in await store.list_locations()}
    row = list(
        await store.conn.execute_fetchall(
            "SELECT id FROM responses WHERE location_id = ? LIMIT 1", (places["Het Anker"],)
        )
    )
    await store.bulk_answers([(row[0][0], "c_wens", "Op locatie Het Anker ben ik de enige.")])
    queue = await review_queue(store, seeded.catalog, seeded.current.id, 5)
    anker = next(i for i in queue if i.location == "Het Anker")
    assert anker.text == "Op locatie [locatie] ben ik de enige."
    assert anker.group == "Cliënten · Het Anker" and anker.group_people == 4 and anker.small_group
    await _approve_all(seeded)
    listed = await quote_ops.approved_quotes(store, seeded.catalog, seeded.current, 5)
    assert [a.published for a in listed if a.quote.location == "Het Anker"] == [False]
    md = await _report(seeded)
    assert "ben ik de enige" not in md


async def test_list_withdraw_and_a_control_character_in_word(
    seeded: Seeded, tmp_path: Path
) -> None:
    store, catalog, round_ = seeded.store, seeded.catalog, seeded.current
    await _pending(seeded, "c_wens", "Eerste regel\vtweede regel\fnieuwe bladzijde", "Zonnehof")
    [item] = [
        q
        for q in await quote_ops.quotes_to_review(store, catalog, round_, 5)
        if q.item.location == "Zonnehof"
    ]
    assert "\v" not in item.item.text and "\f" not in item.item.text  # normalised when read
    # An approval typed with a pasted page break, and one stored before normalisation existed.
    await quote_ops.approve_quote(store, "kim", item, "Eerste regel\vtweede regel\fklaar")
    await store.conn.execute(
        "UPDATE quotes SET text = ? WHERE question_id = 'c_beter'",
        ("Oud\v citaat\x0c met \x00 tekens",),
    )
    approved = await quote_ops.approved_quotes(store, catalog, round_, 5)
    stored = {a.quote.question_id: a.quote.text for a in approved}
    assert stored["c_wens"] == "Eerste regel\ntweede regel\nklaar"
    section = await seeded.section()
    path = write_docx(build_document(section, catalog), tmp_path / "verslag.docx")
    text = docx_text(path)
    assert "Eerste regel" in text and "Oud" in text and "citaat" in text
    assert docx.Document(str(path)) is not None
    # Withdraw: gone from the next report, and waiting for review again.
    wens = next(a for a in approved if a.quote.question_id == "c_wens")
    assert wens.published and wens.group == "Cliënten · Zonnehof"
    withdrawn = await quote_ops.withdraw_quote(store, catalog, round_, "kim", wens.key, 5)
    assert withdrawn.quote.text == "Eerste regel\ntweede regel\nklaar"
    md = await _report(seeded)
    assert "Eerste regel" not in md
    waiting = await quote_ops.quotes_to_review(store, catalog, round_, 5)
    assert any(q.key == wens.key for q in waiting)
    actions = [e[2] for e in await store.audit_entries()]
    assert "quote_withdrawn" in actions
    with pytest.raises(Problem) as again:
        await quote_ops.withdraw_quote(store, catalog, round_, "kim", wens.key, 5)
    assert "niet (meer) goedgekeurd" in again.value.nl
