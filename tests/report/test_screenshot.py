"""The HTML report rendered by a real browser (skipped when Chromium is not installed)."""

import struct
import zlib
from pathlib import Path

import pytest

from report.document import build_document
from report.webpage import render_html
from tests.report.conftest import Seeded
from tests.scripts import load_script

shot = load_script("bench/screenshot_report.py")

pytestmark = pytest.mark.skipif(shot.find_chromium() is None, reason="Chromium not installed")


def png_rows(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and raw scanlines (filter byte included) of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height = struct.unpack(">II", header[:8])
    raw = zlib.decompress(idat)
    stride = len(raw) // height
    return width, height, [raw[i * stride : (i + 1) * stride] for i in range(height)]


async def test_html_report_renders_as_a_page(seeded: Seeded, tmp_path: Path) -> None:
    section = await seeded.section(organisation="Stichting Test")
    html = tmp_path / "report.html"
    html.write_text(render_html(build_document(section, seeded.catalog)), encoding="utf-8")
    png = shot.screenshot(html, tmp_path / "report.png", 900, 1400)
    width, height, rows = png_rows(png)
    assert (width, height) == (900, 1400)
    # A real page: many different scanlines (text, bars, tables), not a blank or error screen.
    assert len(set(rows)) > 300
