"""Charts as plain data, laid out once: SVG for the HTML report, PNG for Word.

A chart is described by plain data (`StackedChart`: rows of percentages per answer category),
built from figures that were already suppressed and audited; this module lays it out as boxes
and words (report/drawing.py draws them). One layout function serves both formats, so the web
page and the Word file show the same picture; a chart drawn once is kept (the same figures,
e.g. in the whole report and the ART part, or a report made again, draw once).

The SVG draws its text as outlines (no font needed in the browser) and is sized so that its
text is at least 12 px on a 390 px wide phone (see `HTML_WIDTH_PT` and `HTML_FONT_PT`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

from report.drawing import (
    CENTRE_TO_BASELINE,
    LINE_SPACING,
    MIDDLE_TO_BASELINE,
    TOP_TO_BASELINE,
    Box,
    Drawing,
    Words,
    png,
    svg,
)

# Colours that stay apart for colour-blind readers and in greyscale print: red to blue.
NEGATIVE_STRONG = "#b2182b"
NEGATIVE = "#ef8a62"
NEUTRAL = "#d4d4d4"
POSITIVE = "#67a9cf"
POSITIVE_STRONG = "#2166ac"
UNKNOWN = "#ffffff"
SCALE_COLOURS = (NEGATIVE_STRONG, NEGATIVE, NEUTRAL, POSITIVE, POSITIVE_STRONG)
DARK = {NEGATIVE_STRONG, POSITIVE_STRONG}
INK = "#1d2630"
EDGE = "#8a949c"

# HTML: 5.2 inch wide at 13.5 pt; shown at most 28rem (448 px) wide and at least ~335 px on a
# 390 px phone (inside the framed ART part), the text stays between 12.1 and 16.2 px.
HTML_WIDTH_PT = 374.0
HTML_FONT_PT = 13.5
# Word: the text width of A4 with 2.5 cm margins (16 cm); labels beside the bars, 8 pt.
WORD_WIDTH_PT = 453.5
WORD_FONT_PT = 8.0
SIDE_LABEL = 0.42  # share of the width for the labels left of the bars (Word)


@dataclass(frozen=True)
class Category:
    """One answer category of a stacked bar: its legend label and colour."""

    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str  # the question, short enough to read under the chart's width
    percents: tuple[float, ...]  # one per category of the block, adding up to about 100
    note: str = ""  # e.g. "n = 34", shown after the label


@dataclass(frozen=True)
class BarGroup:
    """Bars that share one answer scale (and so one legend)."""

    categories: tuple[Category, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class StackedChart:
    title: str  # also the accessible name of the image
    blocks: tuple[BarGroup, ...]

    @property
    def description(self) -> str:
        """What the chart shows, in words: per question how its answers are divided (the
        image's text alternative, for screen readers and in Word's alt text)."""
        lines = [f"Staafdiagram, {self.title}. Per vraag hoe de antwoorden verdeeld zijn."]
        for block in self.blocks:
            for bar in block.bars:
                parts = [
                    f"{category.label.lower()} {int(share + 0.5)}%"
                    for category, share in zip(block.categories, bar.percents, strict=True)
                    if share > 0
                ]
                note = f" ({bar.note})" if bar.note else ""
                lines.append(f"{bar.label.rstrip('.')}{note}: {', '.join(parts)}.")
        return " ".join(lines)


def _wrap(text: str, width_pt: float, font_pt: float) -> list[str]:
    """Lines of at most the width; a no-break space (as in 'n = 5') keeps words together."""
    chars = max(20, int(width_pt / (font_pt * 0.56)))
    glue = "\ue000"
    lines = textwrap.wrap(text.replace("\u00a0", glue), chars) or [""]
    return [line.replace(glue, " ") for line in lines]


class _Layout:
    """The boxes and words of one chart, laid out top-down in points."""

    def __init__(self, width_pt: float, font_pt: float, side: bool) -> None:
        self.width, self.font, self.side = width_pt, font_pt, side
        self.line = font_pt * 1.3
        self.bar_height = font_pt * (1.3 if side else 1.45)
        self.gap = font_pt * 0.7
        self.boxes: list[Box] = []
        self.words: list[Words] = []

    def text(self, x: float, top: float, lines: list[str]) -> None:
        """Lines of text from `top` down, left-aligned at `x`."""
        for i, line in enumerate(lines):
            baseline = top + self.font * (TOP_TO_BASELINE + i * LINE_SPACING)
            self.words.append(Words(x, baseline, line, self.font, INK))

    def legend(self, y: float, categories: tuple[Category, ...]) -> float:
        """A swatch and the label of each category, in rows; the height used."""
        rows = _legend_rows(categories, self.width, self.font)
        for row_index, row in enumerate(rows):
            x = 0.0
            base = y + row_index * self.line
            for category in row:
                swatch = self.font * 0.9
                self.boxes.append(
                    Box(x, base + self.line * 0.15, swatch, swatch, category.colour, EDGE)
                )
                middle = base + self.line * 0.5
                self.words.append(
                    Words(
                        x + self.font * 1.2,
                        middle + self.font * MIDDLE_TO_BASELINE,
                        category.label,
                        self.font,
                        INK,
                    )
                )
                x += _legend_width(category, self.font)
        return self.line * len(rows)

    def bar(self, bar: Bar, categories: tuple[Category, ...], top: float) -> None:
        """One 100% bar: a box per category, its percentage inside when it fits."""
        left = self.width * (SIDE_LABEL + 0.02) if self.side else 0.0
        usable = self.width - left - 1.5
        total = sum(bar.percents) or 1.0
        x = left + 0.5
        for percent, category in zip(bar.percents, categories, strict=True):
            span = usable * percent / max(total, 100.0)
            if span <= 0:
                continue
            edge = EDGE if category.colour == UNKNOWN else "#ffffff"
            self.boxes.append(Box(x, top, span, self.bar_height, category.colour, edge))
            text = f"{int(percent + 0.5)}%"
            if span >= self.font * 0.62 * (len(text) + 0.8):
                colour = "#ffffff" if category.colour in DARK else INK
                baseline = top + self.bar_height / 2 + self.font * CENTRE_TO_BASELINE
                self.words.append(Words(x + span / 2, baseline, text, self.font, colour, True))
            x += span

    def chart(self, chart: StackedChart) -> Drawing:
        """Per block a legend, then per bar its label and the bar: beside it (`side`, compact,
        for print) or above it (narrow screens)."""
        y = 0.0
        for block in chart.blocks:
            y += self.legend(y, block.categories) + self.gap * 0.6
            for bar in block.bars:
                label = bar.label + (f" ({bar.note})" if bar.note else "")
                if self.side:
                    lines = _wrap(label, self.width * SIDE_LABEL, self.font)
                    row = max(self.line * len(lines), self.bar_height)
                    self.text(0, y + (row - self.line * len(lines)) / 2, lines)
                    self.bar(bar, block.categories, y + (row - self.bar_height) / 2)
                    y += row + self.gap * 0.6
                else:
                    lines = _wrap(label, self.width, self.font)
                    self.text(0, y, lines)
                    y += self.line * len(lines) + 2
                    self.bar(bar, block.categories, y)
                    y += self.bar_height + self.gap
        return Drawing(self.width, y + 2, tuple(self.boxes), tuple(self.words))


def layout(chart: StackedChart, width_pt: float, font_pt: float, side: bool) -> Drawing:
    """The chart's boxes and words at a width and font size (see `_Layout.chart`)."""
    return _Layout(width_pt, font_pt, side).chart(chart)


def _legend_width(category: Category, font_pt: float) -> float:
    return font_pt * (1.2 + 0.6 * len(category.label) + 1.2)


def _legend_rows(
    categories: tuple[Category, ...], width_pt: float, font_pt: float
) -> list[list[Category]]:
    rows: list[list[Category]] = [[]]
    used = 0.0
    for category in categories:
        wide = _legend_width(category, font_pt)
        if rows[-1] and used + wide > width_pt:
            rows.append([])
            used = 0.0
        rows[-1].append(category)
        used += wide
    return rows


@lru_cache(maxsize=64)
def chart_svg(chart: StackedChart) -> str:
    """The chart as inline SVG that scales with its container, with the title as its name
    and the description for screen readers. Kept per chart: the same figures draw once."""
    drawing = layout(chart, HTML_WIDTH_PT, HTML_FONT_PT, side=False)
    return svg(drawing, chart.title, chart.description)


@lru_cache(maxsize=64)
def chart_png(chart: StackedChart, dpi: int = 160) -> tuple[bytes, float]:
    """The chart as PNG for Word, and its width in points (to place it at its true size).
    160 dpi prints sharp enough for flat bars and 8 pt text, and keeps the file small."""
    return png(layout(chart, WORD_WIDTH_PT, WORD_FONT_PT, side=True), dpi), WORD_WIDTH_PT
