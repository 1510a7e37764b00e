"""How a simulated person answers one question screen, whatever the channel: from what it
shows (the Dutch typing hints, its buttons), never from the questionnaire itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

NAVIGATION = {"« Terug", "Sla over", "« Back", "Skip"}
Move = tuple[Literal["type", "press"], str]


def answer(
    shown: str, labels: Sequence[str], variant: int, text: str | None, *, text_box: bool
) -> Move | None:
    """Type a number, a date or a text, or press a button (`variant` picks another option on
    another run); None when nothing on the screen answers it."""
    if hint := re.search(r"Typ een getal van (\d+) tot en met (\d+)", shown):
        low, high = int(hint[1]), int(hint[2])
        return "type", str(min(high, low + variant))
    if "Typ een datum" in shown:
        return "type", "gisteren"
    if text_box:
        return "type", text or f"Antwoord {variant}: het contact met de begeleiding is fijn."
    if "Verder »" in labels:
        return "press", "Verder »"
    options = [label for label in labels if label not in NAVIGATION]
    return ("press", options[variant % len(options)]) if options else None
