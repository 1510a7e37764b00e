"""What a choice on a screen does, and its stable id: short, and only ever trusted after a lookup.

A choice carries what it is for (`kind`), the response it belongs to and a short hash of the
question id. The flow checks both against the participant's own current state, so a forged or
stale press changes nothing.

Channels never read an id: they show a choice's label and send its id back unchanged when the
person picks it (Telegram as callback data, the web form as a button value, WhatsApp as a reply
id). An id is at most 64 bytes, the smallest limit of the channels (Telegram's callback data).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64


class PressKind(StrEnum):
    ANSWER = "a"  # arg: choice index
    TOGGLE = "m"  # arg: choice index (several choices)
    DONE = "d"  # finish a selection of several choices
    SKIP = "s"
    BACK = "b"
    NEXT = "n"  # past an info screen
    SUBMIT = "f"
    CHANGE_MENU = "x"
    GOTO = "g"  # change a given answer from the overview
    CONSENT = "c"  # ref: invite code, arg: y/n
    ERASE = "e"  # arg: y/n
    LANGUAGE = "l"  # arg: nl/en; ref: the invite code of a consent screen


@dataclass(frozen=True)
class Press:
    """What picking a choice means, as data."""

    kind: PressKind
    ref: str = ""  # response id, or an invite code for consent
    question: str = ""  # question hash
    arg: str = ""

    @property
    def id(self) -> str:
        """The stable id a channel sends back for this choice."""
        data = ":".join((self.kind.value, self.ref, self.question, self.arg)).rstrip(":")
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"choice id too long: {len(data.encode())} bytes")
        return data

    @property
    def response_id(self) -> int | None:
        return int(self.ref) if self.ref.isdigit() else None


def question_hash(question_id: str) -> str:
    return hashlib.blake2s(question_id.encode(), digest_size=4).hexdigest()


def parse(choice_id: str | None) -> Press | None:
    """A choice id back as what it means; None for anything malformed."""
    if not choice_id or len(choice_id.encode()) > MAX_BYTES:
        return None
    parts = choice_id.split(":")
    if len(parts) > 4:
        return None
    code, ref, question, arg = parts + [""] * (4 - len(parts))
    try:
        kind = PressKind(code)
    except ValueError:
        return None
    return Press(kind, ref, question, arg)
