"""The report as one document tree: chapters, paragraphs, charts, tables, quotes and notes.

`report.document` builds this tree once from the (suppressed, audited) input section; the
Markdown, HTML and Word renderers only walk it. A new chapter is a change in the builder alone.
Heading levels follow the nesting of `Chapter`s (a chapter inside one is its subsection).
Named apart from what they are elsewhere: `StyledText` (conversation.screens.Span is a screen's
text), `QuoteBlock` (storage.quotes.Quote is a stored quote), `Chapter`
(questionnaires.model.Section is a part of a questionnaire).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from report.charts import StackedChart


@dataclass(frozen=True)
class StyledText:
    text: str
    bold: bool = False
    italic: bool = False


Inline = str | StyledText


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    style: Literal["body", "muted", "lead"] = "body"

    @classmethod
    def of(cls, *parts: Inline, style: Literal["body", "muted", "lead"] = "body") -> Paragraph:
        return cls(tuple(parts), style)

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass(frozen=True)
class Note:
    """A boxed remark. `placeholder` marks a place where the organisation's own text belongs."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    kind: Literal["info", "placeholder"] = "info"


@dataclass(frozen=True)
class QuoteBlock:
    text: str
    source: str


@dataclass(frozen=True)
class Chart:
    chart: StackedChart


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    caption: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    title: str
    anchor: str
    children: tuple[Block, ...]
    new_page: bool = False  # print and Word: start on a new page (the appendix)
    boxed: bool = False  # HTML: a framed part that can be used on its own (ART)
    folded: bool = False  # HTML: closed until the reader opens it (the appendix's parts)


Block = Paragraph | Note | QuoteBlock | Chart | Table | BulletList | Chapter


@dataclass(frozen=True)
class Attention:
    """Something the organisation must check or do before publishing: shown to the
    coordinator (`inspraak report`, the console), never printed in the report itself."""

    nl: str
    en: str


@dataclass(frozen=True)
class Document:
    title: str
    meta: str
    children: tuple[Block, ...]
    language: str = "nl-NL"
    author: str = ""
    short_title: str = ""
    notes: tuple[Attention, ...] = ()  # for the coordinator only, never rendered
    made_on: date | None = None
    subject: str = ""
    # A tussenstand's mark for every page and the file's title ('Tussenstand van 5 december
    # 2026'); empty for a final report.
    stamp: str = ""

    def walk(self) -> Iterator[tuple[tuple[str, ...], Block]]:
        """Every block with the titles of the sections above it."""

        def visit(
            blocks: tuple[Block, ...], path: tuple[str, ...]
        ) -> Iterator[tuple[tuple[str, ...], Block]]:
            for block in blocks:
                yield path, block
                if isinstance(block, Chapter):
                    yield from visit(block.children, (*path, block.title))

        yield from visit(self.children, ())

    def placeholders(self) -> list[tuple[str, str]]:
        """Where the organisation still has to write its own text: the section's id (the key
        of `--texts`) and where it is, as 'Section > Part'."""
        found = []
        anchors: dict[tuple[str, ...], str] = {}
        for path, block in self.walk():
            if isinstance(block, Chapter):
                anchors[(*path, block.title)] = block.anchor
            elif isinstance(block, Note) and block.kind == "placeholder":
                found.append((anchors.get(path, ""), " > ".join(path)))
        return found

    def attention(self) -> list[Attention]:
        """Everything the coordinator must see before publishing: the notes, then every
        placeholder still waiting for the organisation's own text."""
        return [
            *self.notes,
            *(
                Attention(
                    f"Nog te schrijven door de organisatie: {where} (in --texts: {anchor}).",
                    f"no text yet for {where} (--texts key {anchor!r}): the report shows a "
                    "placeholder there",
                )
                for anchor, where in self.placeholders()
            ),
        ]
