"""A conversation screen as WhatsApp messages, within WhatsApp's limits.

- Text: the screen's emphasis as WhatsApp writes it (*bold*, _italic_), at most 4,096 characters a
  message (longer text goes in several).
- Up to 3 choices whose labels fit in 20 characters: reply buttons under the text.
- More, or longer labels: a list message (a button that opens the choices), at most 10 rows of
  24 characters, the whole label as the row's description when it is longer; more than 10
  choices take several list messages.
- The body of a message with buttons holds at most 1,024 characters: longer text goes first as
  a text message of its own.

Each choice's id is the conversation's choice id, so a press comes back as the same action as
in Telegram; typed answers work as well (number or label).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conversation.layout import shorten
from conversation.screens import Block, Choice, Emphasis, Screen
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
_MARK = {Emphasis.STRONG: "*", Emphasis.SOFT: "_"}
TICK = "✅ "


@dataclass(frozen=True)
class Outgoing:
    """One message to send, and the choices it offers."""

    message: Json
    choices: tuple[Choice, ...] = ()


def block_text(block: Block) -> str:
    """A paragraph as WhatsApp text: *bold* and _italic_ around each line of a span."""
    parts = []
    for span in block.spans:
        sign = _MARK.get(span.emphasis)
        parts.append(_marked(span.text, sign) if sign else span.text)
    return "".join(parts)


def _marked(text: str, sign: str) -> str:
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        start = line[: len(line) - len(line.lstrip())]
        end = line[len(line.rstrip()) :]
        lines.append(f"{start}{sign}{core}{sign}{end}")
    return "\n".join(lines)


def plain(screen: Screen) -> str:
    """The screen's text as WhatsApp writes it, paragraphs apart by an empty line."""
    return "\n\n".join(block_text(block) for block in screen.blocks).strip()


def label(choice: Choice) -> str:
    """A choice's title; a ticked option of several choices is marked."""
    return (TICK if choice.selected else "") + choice.label


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
    text = plain(screen) or "…"
    choices = screen.flat_choices
    if not choices:
        return [_text_message(piece) for piece in split_text(text)]
    out: list[Outgoing] = []
    if len(text) > BODY_MAX:
        out += [_text_message(piece) for piece in split_text(text)]
        text = t("choose_below", lang)
    if len(choices) <= BUTTONS_MAX and all(len(label(c)) <= BUTTON_TITLE_MAX for c in choices):
        buttons = [{"type": "reply", "reply": {"id": c.id, "title": label(c)}} for c in choices]
        interactive = {"type": "button", "body": {"text": text}, "action": {"buttons": buttons}}
        return [*out, Outgoing({"type": "interactive", "interactive": interactive}, tuple(choices))]
    for start in range(0, len(choices), ROWS_MAX):
        part = choices[start : start + ROWS_MAX]
        rows = [_row(label(choice), choice.id) for choice in part]
        interactive = {
            "type": "list",
            "body": {"text": text if start == 0 else t("more_choices", lang)},
            "action": {"button": t("list_button", lang), "sections": [{"rows": rows}]},
        }
        out.append(Outgoing({"type": "interactive", "interactive": interactive}, tuple(part)))
    return out


def _row(title: str, choice_id: str) -> Json:
    row: Json = {"id": choice_id, "title": shorten(title, ROW_TITLE_MAX)}
    if len(title) > ROW_TITLE_MAX:
        row["description"] = shorten(title, ROW_DESCRIPTION_MAX)
    return row
