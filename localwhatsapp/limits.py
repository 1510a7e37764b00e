"""What the Cloud API accepts at POST /{phone_number_id}/messages, and how it refuses the rest.

Meta answers a call that breaks a limit with HTTP 400 and an error object (`error.code`,
`error.message`, `error.error_data.details`); the codes and limits here are Meta's:

- 100: a parameter that is missing or of the wrong kind ("Invalid parameter").
- 131009: a parameter value outside its limits (3 reply buttons, button title 1-20 characters,
  10 list rows, row title 1-24, row description 72, list button 20, section title 24, body 1024
  characters in an interactive message, 4,096 in a text message, unique ids).
- 131047: "Re-engagement message": more than 24 hours since the person last wrote (templates
  are the exception).
- 132001: a template name that does not exist (or has no approved translation).
- 190: an access token that is missing or wrong (HTTP 401).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

TEXT_MAX = 4096
BODY_MAX = 1024
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_ID_MAX = 200
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
LIST_BUTTON_MAX = 20
HEADER_MAX = 60
FOOTER_MAX = 60
_trace = itertools.count(1)


@dataclass
class MetaError(Exception):
    """An error answer of the Cloud API, as Meta gives it (whatsapp.client.CloudApiError is how
    the product receives one)."""

    status: int
    code: int
    message: str
    details: str = ""
    kind: str = "OAuthException"

    def body(self) -> Json:
        error: Json = {
            "message": self.message,
            "type": self.kind,
            "code": self.code,
            "fbtrace_id": f"Alocal{next(_trace):06d}",
        }
        if self.details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        return {"error": error}


def invalid(details: str) -> MetaError:
    return MetaError(400, 100, "(#100) Invalid parameter", details)


def out_of_limits(details: str) -> MetaError:
    return MetaError(400, 131009, "(#131009) Parameter value is not valid", details)


def re_engagement() -> MetaError:
    return MetaError(
        400,
        131047,
        "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last "
        "replied to this number.",
    )


def unknown_template(name: str, language: str) -> MetaError:
    return MetaError(
        404,
        132001,
        "(#132001) Template name does not exist in the translation",
        f"template name ({name}) does not exist in {language}",
    )


def bad_token() -> MetaError:
    return MetaError(401, 190, "Invalid OAuth access token - Cannot parse access token")


def _text(value: Any, where: str, low: int, high: int) -> str:
    if not isinstance(value, str):
        raise invalid(f"Param {where} is required and must be a string")
    if not low <= len(value) <= high:
        raise out_of_limits(f"{where} length invalid. Min length: {low}, Max length: {high}")
    return value


def _object(value: Any, where: str) -> Json:
    if not isinstance(value, dict):
        raise invalid(f"Param {where} must be an object")
    return value


def check_message(payload: Json) -> str:
    """The kind of an outgoing message ('text', 'interactive', 'template'); MetaError if Meta
    would refuse it."""
    if payload.get("messaging_product") != "whatsapp":
        raise invalid("The parameter messaging_product is required.")
    to = payload.get("to")
    if not isinstance(to, str) or not to.lstrip("+").isdigit():
        raise invalid("The parameter to is required.")
    kind = payload.get("type", "text")
    if kind == "text":
        text = _object(payload.get("text"), "text")
        _text(text.get("body"), "text['body']", 1, TEXT_MAX)
    elif kind == "interactive":
        _check_interactive(_object(payload.get("interactive"), "interactive"))
    elif kind == "template":
        template = _object(payload.get("template"), "template")
        _text(template.get("name"), "template['name']", 1, 512)
        language = _object(template.get("language"), "template['language']")
        _text(language.get("code"), "template['language']['code']", 2, 15)
    else:
        raise invalid(f"Param type ({kind}) is not supported here")
    return str(kind)


def _check_interactive(interactive: Json) -> None:
    body = _object(interactive.get("body"), "interactive['body']")
    _text(body.get("text"), "Body text", 1, BODY_MAX)
    if "header" in interactive:
        header = _object(interactive["header"], "interactive['header']")
        _text(header.get("text"), "Header text", 1, HEADER_MAX)
    if "footer" in interactive:
        footer = _object(interactive["footer"], "interactive['footer']")
        _text(footer.get("text"), "Footer text", 1, FOOTER_MAX)
    action = _object(interactive.get("action"), "interactive['action']")
    kind = interactive.get("type")
    if kind == "button":
        _check_buttons(action)
    elif kind == "list":
        _check_list(action)
    else:
        raise invalid(f"Param interactive['type'] ({kind}) is not supported here")


def _check_buttons(action: Json) -> None:
    """Reply buttons: 1 to 3, each with a unique id and title."""
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not buttons:
        raise invalid("Param interactive['action']['buttons'] is required")
    if len(buttons) > BUTTONS_MAX:
        raise out_of_limits(f"Buttons count invalid. Min: 1, Max: {BUTTONS_MAX}")
    replies = [_object(_object(b, "button").get("reply"), "button['reply']") for b in buttons]
    ids = [_text(r.get("id"), "Button id", 1, BUTTON_ID_MAX) for r in replies]
    titles = [_text(r.get("title"), "Button title", 1, BUTTON_TITLE_MAX) for r in replies]
    if len(set(ids)) < len(ids) or len(set(titles)) < len(titles):
        raise out_of_limits("Button title and id must be unique")


def _check_list(action: Json) -> None:
    """A list message: its button label, sections (titled when more than one) and rows."""
    _text(action.get("button"), "Button label", 1, LIST_BUTTON_MAX)
    sections = action.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= ROWS_MAX:
        raise out_of_limits(f"Sections count invalid. Min: 1, Max: {ROWS_MAX}")
    rows: list[Json] = []
    for section in sections:
        section = _object(section, "section")
        if len(sections) > 1 or "title" in section:
            _text(section.get("title"), "Section title", 1, SECTION_TITLE_MAX)
        section_rows = section.get("rows")
        if not isinstance(section_rows, list) or not section_rows:
            raise invalid("Param section['rows'] is required")
        rows += [_object(row, "row") for row in section_rows]
    if len(rows) > ROWS_MAX:
        raise out_of_limits(f"Total row count exceed max allowed count: {ROWS_MAX}")
    ids = [_text(r.get("id"), "Row id", 1, ROW_ID_MAX) for r in rows]
    for row in rows:
        _text(row.get("title"), "Row title", 1, ROW_TITLE_MAX)
        if "description" in row:
            _text(row["description"], "Row description", 1, ROW_DESCRIPTION_MAX)
    if len(set(ids)) < len(ids):
        raise out_of_limits("Row id must be unique")
