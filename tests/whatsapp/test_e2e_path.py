"""A whole path through WhatsApp against the local Cloud API: invite, consent, questions,
hand-in, my data and erase; what the person's phone shows at every step."""

from __future__ import annotations

from demo.channels import answer_on_whatsapp
from tests.whatsapp.conftest import WhatsAppWorld


async def test_invite_to_hand_in_to_erase(world: WhatsAppWorld) -> None:
    code = await world.invite("naaste")
    anna = world.person()
    seen: list[str] = []
    end = await answer_on_whatsapp(anna, code, 0, seen)
    consent = seen[1]  # what the message with the code brought
    assert "[Ja, ik doe mee]" in consent and "[Nee, liever niet]" in consent
    assert anna.read_marks == anna.sent_ids  # every message of hers got blue ticks
    before = seen[: seen.index("> [Versturen]")]
    assert "[Versturen]" in before[-1]  # the overview ends on its choices
    assert "Klopt alles?" in "\n".join(before[-4:])
    assert "Dank je wel" in end[0].text
    assert all(not m.choices for m in end), "the end offers no live choices"
    assert await world.count("responses WHERE status = 'submitted'") == 1

    after = await anna.send_text("hallo")
    assert len(after) == 1 and not after[0].choices
    assert "al verstuurd" in after[0].text and "/mijngegevens" in after[0].text

    data = await anna.send_text("/mijngegevens")
    assert "Versturen" not in data[-1].choices
    assert "verstuurd" in data[0].text.lower()

    ask = await anna.send_text("/verwijder")
    assert "Ja, wis alles" in ask[-1].choices
    erased = await anna.press("Ja, wis alles")
    assert "gewist" in erased[0].text
    assert await world.count("responses") == 0
    assert await world.count("whatsapp_links") == 0
