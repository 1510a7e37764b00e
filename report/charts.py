"""Charts drawn once with matplotlib: SVG for the HTML report, PNG for Word.

A chart is described by plain data (`StackedChart`: rows of percentages per answer category),
built from figures that were already suppressed and audited; this module only draws. One
drawing function serves both formats, so the web page and the Word file show the same picture.

The SVG draws its text as paths (no font needed in the browser) and is sized so that its text
is at least 12 px on a 390 px wide phone (see `HTML_WIDTH_PT` and `HTML_FONT_PT`).
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "font.family": "DejaVu Sans",  # shipped with matplotlib: same letters everywhere
            "svg.fonttype": "path",
            "svg.hashsalt": "inspraak",  # stable ids, so the same report gives the same file
            "svg.id": None,
        }
    )


@cache
def _ready() -> bool:
    _setup()
    return True


def _wrap(text: str, width_pt: float, font_pt: float) -> list[str]:
    """Lines of at most the width; a no-break space (as in 'n = 5') keeps words together."""
    chars = max(20, int(width_pt / (font_pt * 0.56)))
    glue = "\ue000"
    lines = textwrap.wrap(text.replace("\u00a0", glue), chars) or [""]
    return [line.replace(glue, " ") for line in lines]


def _draw(chart: StackedChart, width_pt: float, font_pt: float, side: bool) -> object:
    """The figure of `chart`: per block a legend, then per bar its label and a 100% bar.

    `side`: the label to the left of its bar (compact, for print); otherwise above it (narrow
    screens)."""
    _ready()
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    line = font_pt * 1.3
    bar_height = font_pt * (1.3 if side else 1.45)
    gap = font_pt * 0.7
    # Lay out top-down in points first, then size the figure to fit.
    items: list[tuple[str, float, Any]] = []
    y = 0.0
    for block in chart.blocks:
        legend_lines = _legend_rows(block.categories, width_pt, font_pt)
        items.append(("legend", y, legend_lines))
        y += line * len(legend_lines) + gap * 0.6
        for bar in block.bars:
            label = bar.label + (f" ({bar.note})" if bar.note else "")
            if side:
                lines = _wrap(label, width_pt * SIDE_LABEL, font_pt)
                row = max(line * len(lines), bar_height)
                items.append(("label", y + (row - line * len(lines)) / 2, lines))
                items.append(("bar", y + (row - bar_height) / 2, (bar, block.categories)))
                y += row + gap * 0.6
            else:
                lines = _wrap(label, width_pt, font_pt)
                items.append(("label", y, lines))
                y += line * len(lines) + 2
                items.append(("bar", y, (bar, block.categories)))
                y += bar_height + gap
    height_pt = y + 2
    figure = Figure(figsize=(width_pt / 72, height_pt / 72))
    axes: Axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width_pt)
    axes.set_ylim(height_pt, 0)
    axes.axis("off")
    for kind, top, payload in items:
        if kind == "legend":
            for row_index, row in enumerate(payload):
                x = 0.0
                for category in row:
                    base = top + row_index * line
                    axes.add_patch(
                        Rectangle(
                            (x, base + line * 0.15),
                            font_pt * 0.9,
                            font_pt * 0.9,
                            facecolor=category.colour,
                            edgecolor=EDGE,
                            linewidth=0.6,
                        )
                    )
                    axes.text(
                        x + font_pt * 1.2,
                        base + line * 0.5,
                        category.label,
                        fontsize=font_pt,
                        va="center",
                        color=INK,
                    )
                    x += _legend_width(category, font_pt)
        elif kind == "label":
            axes.text(
                0,
                top,
                "\n".join(payload),
                fontsize=font_pt,
                va="top",
                color=INK,
                linespacing=1.15,
            )
        else:
            bar, categories = payload
            left = width_pt * (SIDE_LABEL + 0.02) if side else 0.0
            _draw_bar(axes, bar, categories, top, bar_height, left, width_pt, font_pt)
    axes.set_title("")
    return figure


def _draw_bar(
    axes: Axes,
    bar: Bar,
    categories: tuple[Category, ...],
    top: float,
    height: float,
    left: float,
    width_pt: float,
    font_pt: float,
) -> None:
    from matplotlib.patches import Rectangle

    usable = width_pt - left - 1.5
    total = sum(bar.percents) or 1.0
    x = left + 0.5
    for percent, category in zip(bar.percents, categories, strict=True):
        span = usable * percent / max(total, 100.0)
        if span <= 0:
            continue
        axes.add_patch(
            Rectangle(
                (x, top),
                span,
                height,
                facecolor=category.colour,
                edgecolor=EDGE if category.colour == UNKNOWN else "white",
                linewidth=0.6,
            )
        )
        text = f"{int(percent + 0.5)}%"
        if span >= font_pt * 0.62 * (len(text) + 0.8):
            axes.text(
                x + span / 2,
                top + height / 2,
                text,
                fontsize=font_pt,
                ha="center",
                va="center_baseline",
                color="white" if category.colour in DARK else INK,
            )
        x += span


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


_SVG_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


def chart_svg(chart: StackedChart) -> str:
    """The chart as inline SVG that scales with its container, with the title as its name."""
    from html import escape

    figure = _draw(chart, HTML_WIDTH_PT, HTML_FONT_PT, side=False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _SVG_SIZE.sub(r'<svg\1 class="chart" role="img"', svg, count=1)
    head_end = svg.index(">") + 1
    return (
        f"{svg[:head_end]}<title>{escape(chart.title)}</title>"
        f"<desc>{escape(chart.description)}</desc>{svg[head_end:]}"
    )


def chart_png(chart: StackedChart, dpi: int = 160) -> tuple[bytes, float]:
    """The chart as PNG for Word, and its width in points (to place it at its true size).
    160 dpi prints sharp enough for flat bars and 8 pt text, and keeps the file small."""
    figure = _draw(chart, WORD_WIDTH_PT, WORD_FONT_PT, side=True)
    buffer = io.BytesIO()
    figure.savefig(  # type: ignore[attr-defined]
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 4},
    )
    return buffer.getvalue(), WORD_WIDTH_PT
