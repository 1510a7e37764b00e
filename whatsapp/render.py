"""A conversation screen as WhatsApp messages, within WhatsApp's limits.

- Text: bold and italic as WhatsApp writes them (*bold*, _italic_), at most 4,096 characters a
  message (longer text goes in several).
- Up to 3 choices whose labels fit in 20 characters: reply buttons under the text.
- More, or longer labels: a list message (a button that opens the choices), at most 10 rows of
  24 characters, the whole label as the row's description when it is longer; more than 10
  choices take several list messages.
- The body of a message with buttons holds at most 1,024 characters: longer text goes first as
  a text message of its own.

Each choice's id is the conversation's button data, so a press comes back as the same action as
in Telegram; typed answers work as well (number or label).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from conversation.screens import Screen, shorten
from questionnaires.model import Lang
from whatsapp.texts import t

Json = dict[str, Any]
TEXT_MAX = 4096
BODY_MAX = 1024
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
_EMPHASIS = re.compile(r"<(b|i)>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"</?[a-z][^>]*>")
_MARK = {"b": "*", "i": "_"}


@dataclass(frozen=True)
class Outgoing:
    """One message to send, and the choices (label, data) it offers."""

    message: Json
    choices: tuple[tuple[str, str], ...] = ()


def plain(text: str) -> str:
    """Screen text (<b>, <i>, escaped &<>) as WhatsApp text with *bold* and _italic_."""

    def mark(match: re.Match[str]) -> str:
        sign = _MARK[match.group(1)]
        lines = []
        for line in _TAG.sub("", match.group(2)).split("\n"):
            core = line.strip()
            if not core:
                lines.append(line)
                continue
            start = line[: len(line) - len(line.lstrip())]
            end = line[len(line.rstrip()) :]
            lines.append(f"{start}{sign}{core}{sign}{end}")
        return "\n".join(lines)

    return html.unescape(_TAG.sub("", _EMPHASIS.sub(mark, text))).strip()


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Text in pieces of at most `limit` characters, cut at a line break where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces


def _text_message(body: str) -> Outgoing:
    return Outgoing({"type": "text", "text": {"body": body, "preview_url": False}})


def render(screen: Screen, lang: Lang) -> list[Outgoing]:
    """The messages that show `screen`."""
    text = plain(screen.text) or "…"
    choices = [(b.label, b.data) for row in screen.buttons for b in row]
    if not choices:
        return [_text_message(piece) for piece in split_text(text)]
    out: list[Outgoing] = []
    if len(text) > BODY_MAX:
        out += [_text_message(piece) for piece in split_text(text)]
        text = t("choose_below", lang)
    if len(choices) <= BUTTONS_MAX and all(len(label) <= BUTTON_TITLE_MAX for label, _ in choices):
        buttons = [
            {"type": "reply", "reply": {"id": data, "title": label}} for label, data in choices
        ]
        interactive = {"type": "button", "body": {"text": text}, "action": {"buttons": buttons}}
        return [*out, Outgoing({"type": "interactive", "interactive": interactive}, tuple(choices))]
    for start in range(0, len(choices), ROWS_MAX):
        part = choices[start : start + ROWS_MAX]
        rows = [_row(label, data) for label, data in part]
        interactive = {
            "type": "list",
            "body": {"text": text if start == 0 else t("more_choices", lang)},
            "action": {"button": t("list_button", lang), "sections": [{"rows": rows}]},
        }
        out.append(Outgoing({"type": "interactive", "interactive": interactive}, tuple(part)))
    return out


def _row(label: str, data: str) -> Json:
    row: Json = {"id": data, "title": shorten(label, ROW_TITLE_MAX)}
    if len(label) > ROW_TITLE_MAX:
        row["description"] = shorten(label, ROW_DESCRIPTION_MAX)
    return row
