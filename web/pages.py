"""Pages: the Jinja environment, and how a conversation screen becomes an accessible HTML form.

A screen (conversation/screens.py) is data: its blocks become paragraphs (emphasis as <b> and
<i>), its title the page heading, its choices buttons or checkboxes by their role, and what it
expects a text box. Nothing is read back from rendered text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from conversation.choices import PressKind
from conversation.screens import (
    Block,
    BlockKind,
    ChoiceRole,
    Emphasis,
    Expect,
    ReviewItem,
    Screen,
    Span,
    joined_spans,
)
from questionnaires.i18n import ngettext
from questionnaires.model import Lang

# Package data (a wheel installs it as files on disk, which aiohttp's static route serves).
STATIC_DIR = Path(str(resources.files("web") / "static"))
TAGS = {Emphasis.STRONG: "b", Emphasis.SOFT: "i"}


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("templates", "web"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["block"] = block_html
    env.globals["ngettext"] = ngettext  # counts in a template: ngettext("{n} code", "{n} codes", n)
    return env


def block_html(block: Block) -> Markup:
    """One paragraph as HTML: emphasis as <b> and <i>, line breaks as <br>."""
    parts: list[str] = []
    for span in block.spans:
        shown = str(escape(span.text)).replace("\n", "<br>\n")
        tag = TAGS.get(span.emphasis)
        parts.append(f"<{tag}>{shown}</{tag}>" if tag else shown)
    return Markup("".join(parts))


def paragraphs(blocks: Sequence[Block]) -> list[Markup]:
    return [block_html(block) for block in blocks]


@dataclass
class ButtonView:
    label: str
    value: str
    style: str  # "choice", "primary", "secondary", "danger"


@dataclass
class CheckView:
    value: str
    label: str
    checked: bool


@dataclass
class ScreenView:
    """One conversation screen laid out for a page."""

    heading: str | None
    before: list[Markup]  # paragraphs above the heading (progress line)
    body: list[Markup]
    choices: list[ButtonView] = field(default_factory=list)
    checks: list[CheckView] = field(default_factory=list)
    actions: list[ButtonView] = field(default_factory=list)
    navigation: list[ButtonView] = field(default_factory=list)
    input_kind: str | None = None  # "textarea", "number", "date"
    typed_on: str | None = None  # the key of the question a typed answer is for
    max_length: int | None = None
    progress: tuple[int, int] | None = None
    typed: str = ""  # what the participant typed, shown again after a refused answer
    # The overview before sending: each answer with its own change button, then `after`.
    review: list[ReviewItem] = field(default_factory=list)
    after: list[Markup] = field(default_factory=list)

    @property
    def has_form(self) -> bool:
        return bool(self.choices or self.checks or self.actions or self.navigation)


STYLE = {
    ChoiceRole.OPTION: "choice",
    ChoiceRole.PROCEED: "primary",
    ChoiceRole.NAVIGATE: "secondary",
    ChoiceRole.DECLINE: "secondary",
    ChoiceRole.DANGER: "danger",
}
INPUT = {Expect.TEXT: "textarea", Expect.NUMBER: "number", Expect.DATE: "date"}


def screen_view(screen: Screen, lang: Lang, typed: str = "") -> ScreenView:
    review = screen.review
    blocks = list(review.intro) if review is not None else screen.blocks
    title = next((b for b in blocks if b.kind is BlockKind.TITLE), None)
    before = [b for b in blocks if b.kind is BlockKind.PROGRESS]
    body = [b for b in blocks if b is not title and b.kind is not BlockKind.PROGRESS]
    heading = title.plain if title else None
    if heading is None and body and body[0].spans[0].emphasis is Emphasis.STRONG:
        # "<strong>You are done!</strong> These are your answers": the strong words head it.
        first, *rest = body[0].spans
        heading = first.text.strip()
        tail = joined_spans([Span(rest[0].text.lstrip(), rest[0].emphasis), *rest[1:]])
        body = ([Block(tail)] if tail else []) + body[1:]
    progress = (screen.progress.number, screen.progress.total) if screen.progress else None
    view = ScreenView(
        heading,
        paragraphs(before),
        paragraphs(body),
        progress=progress,
        typed=typed,
        input_kind=INPUT.get(screen.expect),
        typed_on=screen.key if screen.expect in INPUT else None,
        max_length=screen.max_length,
    )
    if review is not None:
        view.review = list(review.items)
        view.after = paragraphs(review.outro)
    for choice in screen.flat_choices:
        if choice.selected is not None:
            view.checks.append(CheckView(choice.id, choice.label, choice.selected))
        elif choice.kind is PressKind.CHANGE_MENU and review is not None:
            continue  # each answer on the overview has its own change button
        elif choice.role is ChoiceRole.OPTION:
            view.choices.append(ButtonView(choice.label, choice.id, "choice"))
        elif choice.role is ChoiceRole.NAVIGATE:
            view.navigation.append(ButtonView(choice.label, choice.id, "secondary"))
        else:
            view.actions.append(ButtonView(choice.label, choice.id, STYLE[choice.role]))
    return view


def render(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    env: Environment = request.app[ENV]
    body = env.get_template(template).render(**context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


ENV = web.AppKey("jinja", Environment)
