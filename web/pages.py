"""Pages: the Jinja environment, and how a conversation screen becomes an accessible HTML form."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from conversation.callbacks import Kind, decode
from conversation.screens import SELECTED, ReviewItem, Screen
from questionnaires.i18n import ngettext
from questionnaires.model import Lang, QuestionType

# Package data (a wheel installs it as files on disk, which aiohttp's static route serves).
STATIC_DIR = Path(str(resources.files("web") / "static"))
# The conversation writes Telegram's HTML subset; only these tags pass, everything else was
# escaped by the conversation already (and is escaped again here if not).
ALLOWED_TAG = re.compile(r"</?[bi]>")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("templates", "web"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_fragment"] = safe_fragment
    env.globals["ngettext"] = ngettext  # counts in a template: ngettext("{n} code", "{n} codes", n)
    return env


def safe_fragment(text: str) -> Markup:
    """Conversation text as HTML: <b> and <i> kept, any other markup escaped, lines kept."""
    parts: list[str] = []
    last = 0
    for match in ALLOWED_TAG.finditer(text):
        parts.append(_escape_stray(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_escape_stray(text[last:]))
    return Markup("<br>\n".join("".join(parts).split("\n")))


def _escape_stray(text: str) -> str:
    # Already-escaped entities stay as they are; a raw < or > can only be stray markup.
    return text.replace("<", "&lt;").replace(">", "&gt;")


def paragraphs(text: str) -> list[Markup]:
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text)]
    return [_balanced(safe_fragment(block)) for block in blocks if block.strip()]


def _balanced(fragment: Markup) -> Markup:
    """Close <b>/<i> left open by a paragraph split (never happens with the shipped texts)."""
    out = str(fragment)
    for tag in ("b", "i"):
        opened = out.count(f"<{tag}>") - out.count(f"</{tag}>")
        out += f"</{tag}>" * max(opened, 0)
    return Markup(out)


@dataclass
class ButtonView:
    label: str
    value: str
    style: str  # "choice", "primary", "secondary", "danger"


@dataclass
class CheckView:
    index: int
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
    input_kind: str | None = None  # "textarea", "number", "date", "text"
    max_length: int | None = None
    progress: tuple[int, int] | None = None
    typed: str = ""  # what the participant typed, shown again after a refused answer
    # The overview before sending: each answer with its own change button, then `after`.
    review: list[ReviewItem] = field(default_factory=list)
    after: list[Markup] = field(default_factory=list)

    @property
    def has_form(self) -> bool:
        return bool(self.choices or self.checks or self.actions or self.navigation)


PRIMARY = {Kind.DONE, Kind.NEXT, Kind.SUBMIT}
SECONDARY = {Kind.BACK, Kind.SKIP, Kind.CHANGE_MENU}


def screen_view(screen: Screen, lang: Lang, typed: str = "") -> ScreenView:
    review = screen.review
    heading, before, body = _split_heading(screen, review.intro if review else screen.text, lang)
    view = ScreenView(heading, before, body, progress=screen.progress, typed=typed)
    if review is not None:
        view.review = list(review.items)
        view.after = paragraphs(review.outro)
    for row in screen.buttons:
        for item in row:
            data = decode(item.data)
            if data is None:
                continue
            if data.kind is Kind.TOGGLE and data.arg.isdigit():
                checked = item.label.startswith(SELECTED)
                view.checks.append(
                    CheckView(int(data.arg), item.label.removeprefix(SELECTED), checked)
                )
            elif data.kind is Kind.CHANGE_MENU and review is not None:
                continue  # each answer on the overview has its own change button
            elif data.kind in SECONDARY:
                view.navigation.append(ButtonView(item.label, item.data, "secondary"))
            elif data.kind in PRIMARY:
                view.actions.append(ButtonView(item.label, item.data, "primary"))
            elif data.kind in (Kind.CONSENT, Kind.ERASE) and data.arg == "n":
                view.actions.append(ButtonView(item.label, item.data, "secondary"))
            elif data.kind is Kind.ERASE:
                view.actions.append(ButtonView(item.label, item.data, "danger"))
            elif data.kind is Kind.CONSENT:
                view.actions.append(ButtonView(item.label, item.data, "primary"))
            else:
                view.choices.append(ButtonView(item.label, item.data, "choice"))
    question = screen.question
    if question is not None and question.answerable and not question.has_buttons:
        if question.type is QuestionType.TEXT:
            view.input_kind, view.max_length = "textarea", question.max_length
        elif question.type is QuestionType.NUMBER:
            view.input_kind = "number"
        elif question.type is QuestionType.DATE:
            view.input_kind = "date"
        elif question.type is not QuestionType.MULTI:
            view.input_kind = "text"
    return view


def _split_heading(
    screen: Screen, text: str, lang: Lang
) -> tuple[str | None, list[Markup], list[Markup]]:
    """The question (or the first bold line) becomes the page heading."""
    if screen.question is not None:
        marker = f"<b>{html.escape(screen.question.text.get(lang))}</b>"
        if marker in text:
            head, tail = text.split(marker, 1)
            return screen.question.text.get(lang), paragraphs(head), paragraphs(tail)
    match = re.match(r"\s*<b>([^<]*)</b>", text)
    if match:
        return html.unescape(match.group(1)), [], paragraphs(text[match.end() :])
    return None, [], paragraphs(text)


def render(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    env: Environment = request.app[ENV]
    body = env.get_template(template).render(**context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


ENV = web.AppKey("jinja", Environment)
