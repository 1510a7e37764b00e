"""Column widths of the Word tables: measured with the document's own font, so the columns fit
the page between its margins (also a template's narrower page or wider font) and no word
breaks inside a cell.

Text is measured with the font the template names when this machine has it (matplotlib finds
it), otherwise with DejaVu Sans Bold, which is wider than Calibri, Arial and most house fonts.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING

from report.nodes import Table

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

TABLE_FONT_PT = 9.5
SMALLEST_TABLE_FONT_PT = 7.5
CELL_PADDING_CM = 0.5  # the cell's own margins (0.19 cm each side in Word and LibreOffice)
WIDEST_LINE = 60  # characters: a longer cell text wraps


@cache
def _font_file(family: str | None) -> str:
    import logging

    from matplotlib import font_manager

    # A font this machine lacks is not a problem: the wide default measures safely.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    wanted = font_manager.FontProperties(family=family or "DejaVu Sans", weight="bold")
    return str(font_manager.findfont(wanted, fallback_to_default=True))


@cache
def _measuring_font(family: str | None) -> FreeTypeFont:
    """The font at 100 pt, opened once (opening it per text was most of a table's time)."""
    from PIL import ImageFont

    return ImageFont.truetype(_font_file(family), size=100)


_MEASURING = threading.Lock()  # Word files are written in threads; one font object each


@cache
def _width_per_pt(text: str, family: str | None) -> float:
    """Centimetres `text` takes in bold at 1 pt."""
    with _MEASURING:
        length = _measuring_font(family).getlength(text)
    return float(length) / 100 / 72 * 2.54


def _words(column: tuple[str, ...]) -> list[str]:
    return [word for text in column for word in text.split()] or ["—"]


def _needs(table: Table, family: str | None) -> tuple[list[float], list[float]]:
    """Per column at 1 pt: the longest word (its floor) and the longest line (its wish)."""
    columns = list(zip(table.header, *table.rows, strict=True))
    floors = [max(_width_per_pt(w, family) for w in _words(column)) for column in columns]
    wishes = [
        max(_width_per_pt(text[:WIDEST_LINE], family) for text in column) for column in columns
    ]
    return floors, wishes


def table_font(table: Table, text_width: float, family: str | None = None) -> float:
    """9.5 pt, or smaller (down to 7.5 pt) when the longest words of the columns would not fit
    side by side within `text_width` centimetres."""
    floors, _ = _needs(table, family)
    room = text_width - CELL_PADDING_CM * len(floors)
    fits = room / max(sum(floors), 1e-9)
    if fits >= TABLE_FONT_PT:
        return TABLE_FONT_PT
    return max(SMALLEST_TABLE_FONT_PT, int(fits * 2) / 2)


def column_widths(
    table: Table, text_width: float, font_pt: float = TABLE_FONT_PT, family: str | None = None
) -> list[float]:
    """Centimetres per column, together at most `text_width`: each its longest line when that
    fits, else each its longest word and the rest shared by what the columns still want."""
    floors, wishes = _needs(table, family)
    floors = [f * font_pt + CELL_PADDING_CM for f in floors]
    wishes = [w * font_pt + CELL_PADDING_CM for w in wishes]
    if sum(wishes) <= text_width:
        return wishes
    spare = max(text_width - sum(floors), 0.0)
    extra = [max(w - f, 0.0) for w, f in zip(wishes, floors, strict=True)]
    share = sum(extra) or 1.0
    return [f + spare * e / share for f, e in zip(floors, extra, strict=True)]
