"""Post/Redirect/Get: every action of the participant form answers with a redirect (303) to a
page with its own address; opening that address again shows the same page and changes
nothing; an address from the browser's history moves back (or forward) sensibly."""

from __future__ import annotations

import time

from conversation.screens import Place, Review, Screen, paragraph
from demo.web_visitor import WebVisitor
from questionnaires.model import Catalog
from tests.web.conftest import WebWorld
from web.places import Result, Results, place_of


async def send(person: WebVisitor, path: str, data: list[tuple[str, str]]) -> str:
    """POST like a browser (without following): the address it is sent on to."""
    async with person.session.post(
        person.base_url + path, data=data, allow_redirects=False
    ) as response:
        assert response.status == 303, (path, await response.text())
        return str(response.headers["Location"])


def button(person: WebVisitor, label: str) -> list[tuple[str, str]]:
    """The form data a press of `label` sends."""
    for form in person.page.forms:
        for found in form.buttons:
            if found.label == label:
                return [(h.name, h.value) for h in form.hidden] + [(found.name, found.value)]
    raise AssertionError(f"no {label!r} in {person.labels}")


async def answering(world: WebWorld, person: WebVisitor) -> None:
    """`person` consents with a fresh code and is on their first page."""
    await person.open(f"/v/{await world.invite()}")
    assert await person.press("Ja, ik doe mee") == 200
    assert await person.open("/v") == 200


async def test_every_action_redirects_to_a_page_of_its_own(world: WebWorld) -> None:
    async with world.visitor() as person:
        await person.open(f"/v/{await world.invite()}")
        assert await send(person, "/v/actie", button(person, "Ja, ik doe mee")) == "/v/welkom"
        await person.open("/v/welkom")
        link = next(line for line in person.text.splitlines() if "/v/terug/" in line)
        assert await person.open("/v/welkom") == 200 and link in person.text  # the same link
        await person.open("/v")
        assert person.heading and "Verder »" in person.labels  # the introduction
        first = await send(person, "/v/actie", button(person, "Verder »"))
        assert first.startswith("/v/vraag/")
        await person.open(first)
        question = person.heading
        # A refused answer: back to the same address, saying why; reload says it again.
        data = [(n, v) for n, v in button(person, person.labels[0]) if n != "knop"]
        refused = await send(person, "/v/actie", [*data, ("knop", "tekst"), ("tekst", "zeker")])
        assert refused == first
        for _ in range(2):
            await person.open(refused)
            assert person.heading == question and person.alert
        stored = await world.count("answers")
        answered = await send(person, "/v/actie", button(person, person.labels[0]))
        assert answered.startswith("/v/vraag/") and answered != first
        for _ in range(2):  # reload: the same page with the same confirmation, nothing stored
            await person.open(answered)
            assert person.heading != question and "✓ Je antwoord" in person.text
        assert await world.count("answers") == stored + 1
        # Pausing, language, erasing: redirects too.
        assert await send(person, "/v/pauze", button(person, "Pauzeren")) == "/v/gepauzeerd"
        await person.open("/v/gepauzeerd")
        assert "Je antwoorden zijn bewaard" in person.text and "/v/terug/" in person.text
        # The link from the welcome page stopped working: its button says so on its page.
        old = link[link.index("/v/terug/") :].strip()
        async with world.visitor() as other:
            assert await other.open(old) == 404 and "werkt niet meer" in other.text
            assert await send(other, old, [("csrf", other.csrf())]) == old
        switched = await send(person, "/v/taal", button(person, "English"))
        assert switched == "/v/gepauzeerd"
        await person.open("/v/wissen")
        assert await send(person, "/v/actie", button(person, "Yes, erase everything")) == (
            "/v/bericht"
        )
        await person.open("/v/bericht")
        assert "erased" in person.text.lower()
        assert await world.count("participants") == 0


async def test_history_addresses_move_back_and_forward_never_beyond(world: WebWorld) -> None:
    async with world.visitor() as person:
        await answering(world, person)
        seen = []
        for _ in range(4):
            async with person.session.get(person.base_url + "/v", allow_redirects=False) as r:
                seen.append(r.headers["Location"])
            assert await person.open(seen[-1]) == 200
            label = next(label for label in person.labels if label != "« Terug")
            await person.press(label)
        now = person.heading
        # Three questions back in one jump (a history entry): that question, with its answer.
        await person.open(seen[1])
        back = person.heading
        assert back != now and "Je antwoord" in person.text
        # Back (GET /v shows it is where they are now), then a later answer changed: on to
        # the first open question again.
        async with person.session.get(person.base_url + "/v", allow_redirects=False) as r:
            assert r.headers["Location"] == seen[1]
        await person.open(seen[-1])
        await person.press(next(label for label in person.labels if label != "« Terug"))
        assert person.heading == now
        # An address of a question not reached yet, or none at all: where they are.
        assert await person.open("/v/vraag/00000000") == 200 and person.heading == now
        assert await person.open("/v/overzicht") == 200 and person.heading == now
    # Someone else's browser: the code form.
    async with world.visitor() as stranger:
        assert await stranger.open(seen[1]) == 200 and "Je code" in stranger.text
        assert await stranger.open("/v/bericht") == 200 and "Je code" in stranger.text


def test_results_wait_for_their_own_page_and_are_bounded(catalog: Catalog) -> None:
    asking = Screen([paragraph("?")], place=Place.QUESTION, key="0a1b2c3d")
    assert place_of(asking) == "/v/vraag/0a1b2c3d"
    assert place_of(Screen([paragraph("?")], review=Review((), (), ()))) == "/v/overzicht"
    assert place_of(Screen([paragraph("Dank je wel")], place=Place.ENDED)) == "/v"
    results = Results(keep_seconds=60, most=2)
    results.put("a", Result("/v/bericht", notice="Let op"))
    assert results.get("a", "/v/bericht") is not None and results.get("a", "/v") is None
    results.put("b", Result("/v"))
    results.put("c", Result("/v"))
    assert results.get("a", "/v/bericht") is None  # the oldest session was forgotten
    results.put("d", Result("/v", at=time.monotonic() - 61))
    assert results.get("d", "/v") is None  # kept a while only


def text_form(person: WebVisitor, typed: str) -> list[tuple[str, str]]:
    """The form data 'Antwoord opslaan' sends with `typed` in the text box."""
    [form] = [form for form in person.page.forms if form.text]
    return [(h.name, h.value) for h in form.hidden] + [("tekst", typed), ("knop", "tekst")]


async def test_a_typed_answer_sent_twice_counts_once(world: WebWorld) -> None:
    """A double click sends the form twice: the second must not answer the next question
    (which would take "12" as its answer, typed or named choice)."""
    async with world.visitor() as person:
        await person.open(f"/v/{await world.invite('ervaringsdeskundige')}")
        assert await person.press("Ja, ik doe mee") == 200
        assert await person.open("/v") == 200
        while not person.has_text_box:
            if person.choices:
                await person.tick(person.choices[:1])
            else:
                await person.press(next(label for label in person.labels if "Terug" not in label))
        asked = person.heading
        stored = await world.count("answers")
        twice = text_form(person, "12")
        first, second = await send(person, "/v/actie", twice), await send(person, "/v/actie", twice)
        assert first == second and await world.count("answers") == stored + 1
        await person.open(second)
        assert person.heading != asked and not person.alert  # the next question, nothing said
        # A different text under the earlier question (another tab, a page from the cache):
        # refused, not stored, and not offered again under this question.
        later = [*twice[:-2], ("tekst", "13"), ("knop", "tekst")]
        assert await send(person, "/v/actie", later) == second
        await person.open(second)
        assert "eerdere vraag" in person.alert and 'value="13"' not in person.html
        assert await world.count("answers") == stored + 1
