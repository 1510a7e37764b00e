"""Jinja templates of the `templates` package: the report's page shell and the invite sheet
(autoescaped)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from questionnaires.i18n import ngettext


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("templates", "."),
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
