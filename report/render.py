"""Render the input section (and invite sheets) with the Jinja templates in `templates/`.

Two environments, each built once: HTML with autoescape on, Markdown with a Markdown-escaping
filter instead.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from report.aggregate import InputSection, QuestionSummary
from report.charts import bar_chart_svg, text_bar
from report.labels import PROTECTS_OTHER, nl_date, percent

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
Section = Literal["all", "art"]
SECTIONS: tuple[Section, ...] = ("all", "art")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(value: object) -> str:
    """Escape Markdown syntax so a quote or label is shown as written."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def nl_number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


def _svg(summary: QuestionSummary) -> Markup:
    # The chart escapes every text it contains itself.
    return Markup(bar_chart_svg(summary))


def _common(env: Environment) -> Environment:
    env.filters.update(
        percent=percent, nl_date=nl_date, nl_number=nl_number, text_bar=text_bar, md=md_escape
    )
    env.globals.update(chart_svg=_svg, protects_other=PROTECTS_OTHER)
    return env


@cache
def html_environment() -> Environment:
    return _common(
        Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@cache
def markdown_environment() -> Environment:
    return _common(
        Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=False,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    )


def _context(section: InputSection, part: Section) -> dict[str, Any]:
    return {"s": section, "part": part}


def render_html(section: InputSection, part: Section = "all") -> str:
    """One self-contained HTML file: inline CSS and SVG, no external resources."""
    return html_environment().get_template("report.html.j2").render(_context(section, part))


def render_markdown(section: InputSection, part: Section = "all") -> str:
    text = markdown_environment().get_template("report.md.j2").render(_context(section, part))
    return re.sub(r"\n{3,}", "\n\n", text)


def render_template(name: str, **context: Any) -> str:
    """Any other HTML template (e.g. the invite sheet), autoescaped."""
    return html_environment().get_template(name).render(context)
