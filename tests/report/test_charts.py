"""Charts drawn without a plotting library: what the SVG and the PNG show."""

import io
import re

from PIL import Image

from report.charts import (
    NEGATIVE,
    POSITIVE_STRONG,
    WORD_WIDTH_PT,
    Bar,
    BarGroup,
    Category,
    StackedChart,
    chart_png,
    chart_svg,
    layout,
)

YES = Category("Ja", POSITIVE_STRONG)
NO = Category("Nee", NEGATIVE)


def _chart(title: str, yes: float) -> StackedChart:
    bars = (Bar("Voel je je thuis waar je woont?", (yes, 100 - yes), "n\u00a0=\u00a012"),)
    return StackedChart(title, (BarGroup((YES, NO), bars),))


def test_svg_draws_every_letter_from_glyphs_it_defines() -> None:
    chart = _chart("Cliënten: thuis", 25.0)
    svg = chart_svg(chart)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
    assert "<title>Cliënten: thuis</title>" in svg
    assert "<desc>Staafdiagram, Cliënten: thuis. Per vraag hoe de antwoorden verdeeld zijn." in svg
    assert 'viewBox="0 0 374 ' in svg and "width=" not in svg.split(">")[0]
    # The legend, the label (wrapped as laid out) and the percentages, letter by letter.
    words = layout(chart, 374.0, 13.5, side=False).words
    texts = [w.text for w in words]
    assert texts == ["Ja", "Nee", "Voel je je thuis waar je woont? (n = 12)", "25%", "75%"]
    letters = sum(1 for w in words for c in w.text if not c.isspace())
    assert svg.count("<use ") == letters
    defined = set(re.findall(r'<path id="([^"]+)"', svg))
    used = set(re.findall(r'<use href="#([^"]+)"', svg))
    assert used == defined and len(defined) == len({c for t in texts for c in t if c != " "})
    # Two charts on one page share no id.
    other = chart_svg(_chart("Naasten: thuis", 25.0))
    assert not defined & set(re.findall(r'<path id="([^"]+)"', other))


def test_png_paints_the_bar_in_proportion_at_word_width() -> None:
    png, width_pt = chart_png(_chart("Cliënten: thuis", 25.0))
    assert width_pt == WORD_WIDTH_PT
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width == 1008  # 453.5 pt at 160 dpi
    bar = next(b for b in layout(_chart("x", 25.0), WORD_WIDTH_PT, 8.0, True).boxes if b.y > 10)
    row = round((bar.y + 1.5) * 160 / 72)  # above the percentages' letters
    colours = [image.getpixel((x, row)) for x in range(image.width)]
    yes = colours.count((0x21, 0x66, 0xAC))
    no = colours.count((0xEF, 0x8A, 0x62))
    assert yes > 50 and abs(no / yes - 3) < 0.1


def test_the_same_chart_gives_the_same_bytes() -> None:
    chart = _chart("Cliënten: thuis", 40.0)
    first_svg, (first_png, _) = chart_svg(chart), chart_png(chart)
    chart_svg.cache_clear()
    chart_png.cache_clear()
    assert chart_svg(chart) == first_svg
    assert chart_png(chart)[0] == first_png
