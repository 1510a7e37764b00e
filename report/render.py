"""Jinja templates of `templates/`: the report's page shell and the invite sheet (autoescaped)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from questionnaires.i18n import ngettext

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["ngettext"] = ngettext  # counts in a template: ngettext("{n} code", "{n} codes", n)
    return env


def render_template(name: str, **context: Any) -> str:
    """An HTML template (the report shell, the invite sheet), autoescaped."""
    return html_environment().get_template(name).render(context)
