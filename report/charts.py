"""Charts as inline SVG (HTML) and as text bars (Markdown, Word), built from suppressed figures.

A suppressed question has no figures, so it cannot be drawn: the caller shows the suppression
sentence instead.
"""

from __future__ import annotations

from html import escape

from report.aggregate import QuestionSummary
from report.labels import whole

BAR_COLOUR = "#1f5f8b"
PREVIOUS_COLOUR = "#9bb7cc"
LABEL_WIDTH = 170
BAR_WIDTH = 330
ROW = 26
PREVIOUS_ROW = 12


def bar_chart_svg(summary: QuestionSummary) -> str:
    """Horizontal bars, one per answer option, with the percentage at the end of each bar.

    When there is a previous round, a thin lighter bar under each bar shows its percentage.
    """
    if summary.suppressed or not summary.options:
        return ""
    with_previous = summary.previous is not None and not summary.previous.suppressed
    row_height = ROW + (PREVIOUS_ROW if with_previous else 0)
    legend = 22 if with_previous else 0
    height = row_height * len(summary.options) + legend + 4
    width = LABEL_WIDTH + BAR_WIDTH + 60
    title = escape(f"{summary.text} (n = {summary.n})")
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
    ]
    for index, option in enumerate(summary.options):
        y = index * row_height + 2
        bar = BAR_WIDTH * option.percent / 100
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="#222">{escape(option.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="16" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + bar + 5:.1f}" y="{y + 15}" font-size="12" '
            f'fill="#222">{whole(option.percent)}%</text>'
        )
        if with_previous and option.previous_percent is not None:
            previous = BAR_WIDTH * option.previous_percent / 100
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 21}" width="{previous:.1f}" height="7" '
                f'fill="{PREVIOUS_COLOUR}"/>'
                f'<text x="{LABEL_WIDTH + previous + 5:.1f}" y="{y + 28}" font-size="10" '
                f'fill="#555">{whole(option.previous_percent)}%</text>'
            )
    if with_previous and summary.previous is not None:
        y = row_height * len(summary.options) + 6
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="14" height="10" fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + 19}" y="{y + 9}" font-size="11" fill="#222">deze ronde'
            f"</text>"
            f'<rect x="{LABEL_WIDTH + 100}" y="{y + 2}" width="14" height="7" '
            f'fill="{PREVIOUS_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + 119}" y="{y + 9}" font-size="11" fill="#222">vorige '
            f"ronde ({escape(summary.previous.round_name)})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def text_bar(percent: float, width: int = 20) -> str:
    """A bar of block characters for Markdown and Word, e.g. '████████░░░░'."""
    filled = whole(width * percent / 100)
    return "█" * filled + "░" * (width - filled)
