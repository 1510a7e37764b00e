"""Screens as WhatsApp messages, within WhatsApp's limits (checked by the local Cloud API's own
rules, so the product and the fake agree)."""

from __future__ import annotations

from typing import Any

from conversation.screens import Button, Screen
from localwhatsapp.limits import check_message
from whatsapp.render import plain, render


def checked(screen: Screen) -> list[Any]:
    messages = [o.message for o in render(screen, "nl")]
    for message in messages:
        check_message({"messaging_product": "whatsapp", "to": "31612345678", **message})
    return messages


def test_emphasis_becomes_whatsapp_marks() -> None:
    html = "<i>Vraag 1 van 5 · Wonen</i>\n\n<b>Ik voel me thuis &amp; veilig.</b>\n<b> x\ny </b>"
    assert plain(html) == "_Vraag 1 van 5 · Wonen_\n\n*Ik voel me thuis & veilig.*\n *x*\n*y*"


def test_three_short_choices_are_reply_buttons() -> None:
    screen = Screen("Vraag", [[Button("Ja", "a:1:q:0"), Button("Nee", "a:1:q:1")]])
    [message] = checked(screen)
    assert message["type"] == "interactive"
    assert message["interactive"]["type"] == "button"


def test_long_labels_and_many_choices_are_lists_of_ten() -> None:
    long = [[Button("Helemaal mee eens, zonder enige twijfel", "a:1:q:0")]]
    [message] = checked(Screen("Vraag", long))
    row = message["interactive"]["action"]["sections"][0]["rows"][0]
    assert row["title"] == "Helemaal mee eens, zond…" and len(row["title"]) == 24
    assert row["description"] == "Helemaal mee eens, zonder enige twijfel"
    many = [[Button(f"Vraag {n}", f"g:1:q{n}")] for n in range(23)]
    messages = checked(Screen("Welke vraag?", many))
    assert [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in messages] == [
        10,
        10,
        3,
    ]


def test_long_text_goes_first_and_in_pieces() -> None:
    text = "\n".join(f"Regel {n}: " + "x" * 90 for n in range(100))  # about 10,000 characters
    messages = checked(Screen(text, [[Button("Verder »", "n:1:q")]]))
    assert [m["type"] for m in messages] == ["text", "text", "text", "interactive"]
    bodies = [m["text"]["body"] for m in messages[:3]]
    assert "\n".join(bodies) == text and all(len(b) <= 4096 for b in bodies)
    assert messages[3]["interactive"]["body"]["text"] == "Kies hieronder."
