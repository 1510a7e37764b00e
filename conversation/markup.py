"""Participant texts as blocks: the texts mark emphasis with <b> and <i>; this reads those marks
into spans. Values filled in (a title, the organisation's name, an answer) are never read as
marks: they enter a span as they are, whatever they contain."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from conversation.screens import Block, BlockKind, Emphasis, Span, joined_spans
from conversation.texts import t
from questionnaires.model import Lang, Text

MARK = re.compile(r"</?[bi]>")
OPENS = {"<b>": Emphasis.STRONG, "<i>": Emphasis.SOFT}
SLOT = re.compile("\x00(\\d+)\x00")


# How texts are looked up: conversation.texts.t, or an edge's own (bot.texts.t).
Lookup = Callable[..., str]


class EdgeTexts:
    """The `t` of an edge (the bot, WhatsApp): its own texts first, else the conversation's
    (counted ones take `n`), in the language, values filled in."""

    def __init__(self, own: Mapping[str, Text]) -> None:
        self.own = own

    def __call__(self, key: str, lang: Lang, n: int | None = None, **values: object) -> str:
        if key not in self.own:
            return t(key, lang, n, **values)
        text = self.own[key].get(lang)
        return text.format(**values) if values else text


def rich(key: str, lang: Lang, *, lookup: Lookup = t, **values: object) -> list[Block]:
    """The text `key` with `values` filled in, as paragraphs. Text values are filled in after
    the marks are read; other values (numbers, for plural forms) go to the text as they are."""
    kept = [value for value in values.values() if isinstance(value, str)]
    slots: dict[str, object] = {}
    for name, value in values.items():
        slots[name] = f"\x00{kept.index(value)}\x00" if isinstance(value, str) else value
    return blocks(lookup(key, lang, **slots), kept)


def blocks(marked: str, values: list[str] | None = None) -> list[Block]:
    """Paragraphs (apart by an empty line) of marked text; a paragraph that is wholly strong is
    a title."""
    result = []
    for paragraph in re.split(r"\n\s*\n", marked.strip("\n")):
        spans = _spans(paragraph.strip("\n"), values or [])
        if not spans:
            continue
        title = len(spans) == 1 and spans[0].emphasis is Emphasis.STRONG
        result.append(Block(spans, BlockKind.TITLE if title else BlockKind.TEXT))
    return result


def _spans(paragraph: str, values: list[str]) -> tuple[Span, ...]:
    spans: list[Span] = []
    emphasis = Emphasis.PLAIN
    last = 0
    for match in MARK.finditer(paragraph):
        spans.append(Span(_filled(paragraph[last : match.start()], values), emphasis))
        emphasis = OPENS.get(match.group(0), Emphasis.PLAIN)
        last = match.end()
    spans.append(Span(_filled(paragraph[last:], values), emphasis))
    return joined_spans(spans)


def _filled(piece: str, values: list[str]) -> str:
    return SLOT.sub(lambda m: values[int(m.group(1))], piece)
