"""Screens as WhatsApp messages, within WhatsApp's limits (checked by the local Cloud API's own
rules, so the product and the fake agree)."""

from __future__ import annotations

from typing import Any

from conversation.choices import Press, PressKind
from conversation.screens import (
    Block,
    BlockKind,
    Choice,
    Emphasis,
    Screen,
    Span,
    heading,
    paragraph,
)
from localwhatsapp.limits import check_message
from whatsapp.render import plain, render


def checked(screen: Screen) -> list[Any]:
    messages = [o.message for o in render(screen, "nl")]
    for message in messages:
        check_message({"messaging_product": "whatsapp", "to": "31612345678", **message})
    return messages


def option(label: str, index: int = 0) -> list[Choice]:
    return [Choice(label, Press(PressKind.ANSWER, "1", "q", str(index)))]


def test_emphasis_becomes_whatsapp_marks() -> None:
    screen = Screen(
        [
            Block((Span("Vraag 1 van 5 · Wonen", Emphasis.SOFT),), BlockKind.PROGRESS),
            heading("Ik voel me thuis & veilig."),
            Block((Span(" x\ny ", Emphasis.STRONG),)),
        ]
    )
    assert plain(screen) == "_Vraag 1 van 5 · Wonen_\n\n*Ik voel me thuis & veilig.*\n\n *x*\n*y*"


def test_three_short_choices_are_reply_buttons() -> None:
    screen = Screen([paragraph("Vraag")], [option("Ja", 0) + option("Nee", 1)])
    [message] = checked(screen)
    assert message["type"] == "interactive"
    assert message["interactive"]["type"] == "button"


def test_long_labels_and_many_choices_are_lists_of_ten() -> None:
    long = [option("Helemaal mee eens, zonder enige twijfel")]
    [message] = checked(Screen([paragraph("Vraag")], long))
    row = message["interactive"]["action"]["sections"][0]["rows"][0]
    assert row["title"] == "Helemaal mee eens, zond…" and len(row["title"]) == 24
    assert row["description"] == "Helemaal mee eens, zonder enige twijfel"
    many = [option(f"Vraag {n}", n) for n in range(23)]
    messages = checked(Screen([paragraph("Welke vraag?")], many))
    assert [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in messages] == [
        10,
        10,
        3,
    ]


def test_long_text_goes_first_and_in_pieces() -> None:
    text = "\n".join(f"Regel {n}: " + "x" * 90 for n in range(100))  # about 10,000 characters
    onward = [
        [
            Choice(
                "Verder »",
                Press(PressKind.NEXT, "1", "q"),
            )
        ]
    ]
    messages = checked(Screen([paragraph(text)], onward))
    assert [m["type"] for m in messages] == ["text", "text", "text", "interactive"]
    bodies = [m["text"]["body"] for m in messages[:3]]
    assert "\n".join(bodies) == text and all(len(b) <= 4096 for b in bodies)
    assert messages[3]["interactive"]["body"]["text"] == "Kies hieronder."
