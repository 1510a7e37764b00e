"""Typed text that means a button: its label (case, accents and punctuation ignored), or the
number of an answer option ("1" for the first). Typing counts as pressing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from conversation.choices import PressKind
from conversation.screens import Choice

# At an info screen these mean "go on" as well as the label of its only button.
GO_ON = frozenset(
    ["ok", "oke", "okay", "ja", "yes", "verder", "volgende", "door", "ga door", "next", "goed"]
)
OPTIONS = frozenset([PressKind.ANSWER, PressKind.TOGGLE])
# Buttons the conversation handles itself. Erasing and the language menu are the edge's, and
# erasing must never follow from loosely typed text.
TYPEABLE = frozenset(PressKind) - {PressKind.ERASE, PressKind.LANGUAGE}


def normalise(text: str) -> str:
    """Lower case, no accents, marks or punctuation, single spaces: 'Één »' -> 'een'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain.casefold()).split())


def typed_button(text: str, choices: Sequence[Choice]) -> Choice | None:
    """The choice that `text` names; None when it names none or several."""
    wanted = normalise(text)
    if not wanted:
        return None
    pressable = [(normalise(c.label), c) for c in choices if c.kind in TYPEABLE]
    # Numbers pick an answer option; on screens without options (consent, overview) a button.
    options = [c for _, c in pressable if c.kind in OPTIONS] or [
        c for _, c in pressable if c.kind not in {PressKind.BACK, PressKind.SKIP}
    ]
    if wanted.isdigit():
        number = int(wanted)
        return options[number - 1] if 1 <= number <= len(options) else None
    exact = [c for label, c in pressable if label == wanted]
    # "ja" for "Ja, ik doe mee"; "helemaal" fits two: better to ask again.
    start = [c for label, c in pressable if label.startswith(wanted + " ")]
    for named in (exact, start):
        if named:
            return named[0] if len(named) == 1 else None
    onward = [c for _, c in pressable if c.kind is PressKind.NEXT]
    if wanted in GO_ON and len(onward) == 1:
        return onward[0]
    return None
