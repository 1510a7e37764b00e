"""Turn screens into Telegram messages: Telegram's HTML subset, inline keyboards, and splitting
long texts. Only `bot/` knows these: a choice's id becomes the callback data, a ticked option
gets a tick mark in its label."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversation.screens import Block, Emphasis, Screen

MAX_MESSAGE = 4096
MAX_CALLBACK = 64  # bytes of callback data
TICK = "✅ "
TAGS = {Emphasis.STRONG: "b", Emphasis.SOFT: "i"}


def escape(text: str) -> str:
    """Only <, > and & are escaped (quotes stay quotes, so nobody ever sees '&#x27;')."""
    return html.escape(text, quote=False)


def block_html(block: Block) -> str:
    parts = []
    for span in block.spans:
        tag = TAGS.get(span.emphasis)
        parts.append(f"<{tag}>{escape(span.text)}</{tag}>" if tag else escape(span.text))
    return "".join(parts)


def message_text(screen: Screen) -> str:
    """The screen's text as Telegram HTML: paragraphs apart by an empty line."""
    return "\n\n".join(block_html(block) for block in screen.blocks)


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.choices:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    (TICK if choice.selected else "") + choice.label,
                    callback_data=callback_data(choice.id),
                )
                for choice in row
            ]
            for row in screen.choices
        ]
    )


def callback_data(choice_id: str) -> str:
    if len(choice_id.encode()) > MAX_CALLBACK:
        raise ValueError(f"callback data too long: {len(choice_id.encode())} bytes")
    return choice_id


def ticked(markup: InlineKeyboardMarkup | None) -> list[str]:
    """The choice ids of the ticked options of a message's keyboard."""
    if markup is None:
        return []
    return [
        str(button.callback_data)
        for row in markup.inline_keyboard
        for button in row
        if button.text.startswith(TICK) and button.callback_data is not None
    ]


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at paragraphs, else lines, so that no part exceeds Telegram's limit."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one enormous line: cut hard
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
