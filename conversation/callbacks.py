"""Callback data: short, at most 64 bytes, and only ever trusted after a lookup.

A button carries what it is for (`kind`), the response it belongs to and a short hash of the
question id. The flow checks both against the participant's own current state, so a forged or
stale press changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64


class Kind(StrEnum):
    ANSWER = "a"  # arg: choice index
    TOGGLE = "m"  # arg: choice index (multi)
    DONE = "d"  # finish a multi selection
    SKIP = "s"
    BACK = "b"
    NEXT = "n"  # past an info screen
    SUBMIT = "f"
    CHANGE_MENU = "x"
    GOTO = "g"  # change a given answer from the overview
    CONSENT = "c"  # response: invite code, arg: y/n
    ERASE = "e"  # arg: y/n
    LANGUAGE = "l"  # arg: nl/en


@dataclass(frozen=True)
class Callback:
    kind: Kind
    ref: str = ""  # response id, or an invite code for consent
    question: str = ""  # question hash
    arg: str = ""

    def encode(self) -> str:
        data = ":".join((self.kind.value, self.ref, self.question, self.arg)).rstrip(":")
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long: {len(data.encode())} bytes")
        return data

    @property
    def response_id(self) -> int | None:
        return int(self.ref) if self.ref.isdigit() else None


def question_hash(question_id: str) -> str:
    return hashlib.blake2s(question_id.encode(), digest_size=4).hexdigest()


def decode(data: str | None) -> Callback | None:
    """Parse callback data; None for anything malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) > 4:
        return None
    code, ref, question, arg = parts + [""] * (4 - len(parts))
    try:
        kind = Kind(code)
    except ValueError:
        return None
    return Callback(kind, ref, question, arg)
