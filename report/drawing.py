"""A chart's boxes and words, drawn as SVG and as PNG without a plotting library.

report/charts.py lays a chart out in points (from the top left); this module only draws that
layout, in both formats from the same boxes and words:

- SVG draws every letter as its outline from DejaVu Sans (one `<path>` per distinct glyph,
  placed with `<use>`), so the browser needs no font and the text fits as laid out;
- PNG is painted by Pillow with the same font file.

Both are deterministic: the same chart gives the same bytes. DejaVu Sans ships with
matplotlib (a dependency of the product, which also measures Word's table columns).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import math
import threading
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont
    from PIL.ImageFont import FreeTypeFont

EDGE_WIDTH = 0.6  # points, the line around a box
BACKGROUND = "#ffffff"
# Where a line's baseline sits below the top of its text or the point it is centred on, in
# font sizes (DejaVu Sans; what matplotlib's 'top', 'center' and 'center_baseline' gave).
TOP_TO_BASELINE = 0.851
MIDDLE_TO_BASELINE = 0.26  # a line of text centred on a point (a legend label)
CENTRE_TO_BASELINE = 0.38  # digits centred on a point (a percentage in its bar)
LINE_SPACING = 1.15


@dataclass(frozen=True)
class Box:
    """A filled rectangle with a thin edge, in points from the top left."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    edge: str


@dataclass(frozen=True)
class Words:
    """One line of text on its baseline; `centred`: `x` is its middle, else its left end."""

    x: float
    baseline: float
    text: str
    size: float  # points
    colour: str
    centred: bool = False


@dataclass(frozen=True)
class Drawing:
    """Boxes first, words on top, on a white page of `width` x `height` points."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    words: tuple[Words, ...]


def font_path() -> Path:
    """DejaVu Sans as matplotlib ships it (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"


class _Glyphs:
    """Outlines (SVG path data in font units, y up), advances and kerning of the font, read
    once per glyph. Reports are drawn in threads beside the event loop: one lock."""

    def __init__(self) -> None:
        from fontTools.ttLib import TTFont

        self.font: TTFont = TTFont(str(font_path()), lazy=True)
        self.units = int(self.font["head"].unitsPerEm)
        self.cmap: dict[int, str] = self.font.getBestCmap()
        self.advances: dict[str, tuple[int, int]] = self.font["hmtx"].metrics
        kern = self.font.get("kern")
        self.kerning: dict[tuple[str, str], int] = (
            dict(kern.kernTables[0].kernTable) if kern is not None and kern.kernTables else {}
        )
        self.glyph_set = self.font.getGlyphSet()
        self.paths: dict[str, str] = {}
        self.lock = threading.Lock()

    def name(self, char: str) -> str:
        return self.cmap.get(ord(char), ".notdef")

    def path(self, name: str) -> str:
        with self.lock:
            if name not in self.paths:
                from fontTools.pens.svgPathPen import SVGPathPen

                pen = SVGPathPen(self.glyph_set)
                self.glyph_set[name].draw(pen)
                self.paths[name] = pen.getCommands()
            return self.paths[name]

    def placed(self, text: str) -> tuple[list[tuple[str, int]], int]:
        """Each glyph of `text` with its x in font units, and the advance of the whole."""
        x = 0
        placed: list[tuple[str, int]] = []
        previous = ""
        for char in text:
            name = self.name(char)
            x += self.kerning.get((previous, name), 0)
            placed.append((name, x))
            x += self.advances[name][0]
            previous = name
        return placed, x


@cache
def _glyphs() -> _Glyphs:
    return _Glyphs()


def _n(value: float) -> str:
    """A coordinate with at most two decimals, as short as it gets."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def svg(drawing: Drawing, title: str, description: str) -> str:
    """The drawing as inline SVG that scales with its container (no width or height; the
    viewBox in points), named by `title` and described by `description`."""
    glyphs = _glyphs()
    # Glyph ids unique to this chart, so that several charts live on one page.
    prefix = "g" + hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:8] + "-"
    used: dict[str, str] = {}
    texts: list[str] = []
    for words in drawing.words:
        placed, advance = glyphs.placed(words.text)
        scale = words.size / glyphs.units
        left = words.x - advance * scale / 2 if words.centred else words.x
        uses = []
        for name, x in placed:
            if not glyphs.path(name):
                continue  # a space: nothing to draw
            ref = used.setdefault(name, f"{prefix}{len(used)}")
            uses.append(f'<use href="#{ref}" x="{x}"/>' if x else f'<use href="#{ref}"/>')
        texts.append(
            f'<g fill="{words.colour}" transform="translate({_n(left)} {_n(words.baseline)}) '
            f'scale({scale:.6g} -{scale:.6g})">{"".join(uses)}</g>'
        )
    width, height = _n(drawing.width), _n(drawing.height)
    defs = "".join(f'<path id="{ref}" d="{glyphs.path(name)}"/>' for name, ref in used.items())
    boxes = "".join(
        f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.width)}" height="{_n(b.height)}" '
        f'fill="{b.fill}" stroke="{b.edge}"/>'
        for b in drawing.boxes
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
        f"<desc>{escape(description)}</desc><defs>{defs}</defs>"
        f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>'
        f'<g stroke-width="{EDGE_WIDTH}">{boxes}</g>{"".join(texts)}</svg>'
    )


@cache
def _pillow_font(size_px: float) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size_px)


_PILLOW = threading.Lock()  # one FreeType face per size, shared: drawn one chart at a time


def png(drawing: Drawing, dpi: int) -> bytes:
    """The drawing painted at `dpi` (its size in points stays the same)."""
    from PIL import Image, ImageDraw

    scale = dpi / 72
    size = (math.ceil(drawing.width * scale), math.ceil(drawing.height * scale))
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    edge = max(1, round(EDGE_WIDTH * scale))
    for b in drawing.boxes:
        corners = (b.x * scale, b.y * scale, (b.x + b.width) * scale, (b.y + b.height) * scale)
        draw.rectangle(corners, fill=b.fill, outline=b.edge, width=edge)
    with _PILLOW:
        for words in drawing.words:
            draw.text(
                (words.x * scale, words.baseline * scale),
                words.text,
                fill=words.colour,
                font=_pillow_font(round(words.size * scale, 2)),
                anchor="ms" if words.centred else "ls",
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()
