"""Turn screens into Telegram messages: keyboards, HTML, and splitting long texts."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversation.screens import Screen

MAX_MESSAGE = 4096


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in screen.buttons
        ]
    )


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at line breaks so that no part exceeds Telegram's limit (and no tag is cut)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one enormous line: cut hard, it is plain text
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
