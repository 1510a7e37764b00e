"""A whole path through WhatsApp against the local Cloud API: invite, consent, questions,
hand-in, my data and erase; what the person's phone shows at every step."""

from __future__ import annotations

from inspraak.answering import answer
from localwhatsapp import Person, Sent
from tests.whatsapp.conftest import WhatsAppWorld


async def answer_all(person: Person, replies: list[Sent]) -> list[Sent]:
    """Answer every question as a person would, until the overview offers 'Versturen'."""
    for step in range(80):
        last = replies[-1]
        if "Versturen" in last.choices:
            return replies
        labels = last.choices
        move = answer(last.text, labels, step, None, text_box="Typ je antwoord" in last.text)
        assert move is not None, f"nothing answers: {last}"
        kind, value = move
        if kind == "type":
            replies = await person.send_text(value)
        elif "Klaar" in labels:  # several choices: pick one, then done
            await person.choose(value)
            replies = await person.choose("Klaar")
        else:
            replies = await person.choose(value)
        assert replies, f"no reply after {move}"
    raise AssertionError("no end in sight")


async def test_invite_to_hand_in_to_erase(world: WhatsAppWorld) -> None:
    code = await world.invite("naaste")
    anna = world.person()
    consent = await anna.send_text(f"Hallo! Ik doe mee. Mijn code is {code}")
    assert [m.kind for m in consent] == ["buttons"]
    assert "Ja, ik doe mee" in consent[0].choices
    assert anna.read_marks == anna.sent_ids  # blue ticks

    first = await anna.press("Ja, ik doe mee")
    assert "Je doet mee" in first[0].text or first[0].text  # the intro comes first
    assert first[-1].choices or "Typ" in first[-1].text  # and ends on the first question

    overview = await answer_all(anna, first)
    assert "Klopt alles?" in overview[-1].text or "Versturen" in overview[-1].choices

    end = await anna.press("Versturen")
    assert "Dank je wel" in end[0].text
    assert all(not m.choices for m in end), "the end offers no live choices"
    assert await world.count("responses WHERE status = 'submitted'") == 1

    after = await anna.send_text("hallo")
    assert len(after) == 1 and not after[0].choices
    assert "geen vragenlijst" in after[0].text

    data = await anna.send_text("/mijngegevens")
    assert "Versturen" not in data[-1].choices
    assert "verstuurd" in data[0].text.lower()

    ask = await anna.send_text("/verwijder")
    assert "Ja, wis alles" in ask[-1].choices
    erased = await anna.press("Ja, wis alles")
    assert "gewist" in erased[0].text
    assert await world.count("responses") == 0
    assert await world.count("whatsapp_links") == 0
