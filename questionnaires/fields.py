"""What every entry of a questionnaire file is built from, on pydantic: `FileEntry`, a mapping of
known fields that remembers its line and names itself in every problem found inside it, and
the kinds of value people write (a text in Dutch and English, an id, one of a list, true or
false), each refusing a wrong value with a message that says what to write instead.

A rule raises `refuse(message)`; pydantic gathers every refusal of a file at once, and
loader.py turns each into a `FileProblem`: file, line, the question (or section, pillar) it
is about, and the message."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, ClassVar, NoReturn, Self, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from questionnaires.model import Framework, Question, Text
from questionnaires.reading import closest, suggest

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
E = TypeVar("E", bound=StrEnum)


def refuse(message: str) -> NoReturn:
    """Refuse the value being validated; `message` is what the author reads."""
    raise PydanticCustomError("questionnaire", message)


@dataclass
class Reading:
    """What the rules of one file need besides the entry they check: the framework, the
    file's kind, and what was read before (ids in this file and earlier files, the questions
    a show_if may look back at, the contribution fields already filled). Rules run in the
    order the file is written, so "before" is what the author sees above."""

    file: str
    framework: Framework
    kind: object = "survey"
    question_files: dict[str, str] = field(default_factory=dict)  # id -> file it is used in
    questions: dict[str, Question] = field(default_factory=dict)  # valid, in this file
    ids_in_file: set[str] = field(default_factory=set)
    section_ids: set[str] = field(default_factory=set)
    item_ids: set[str] = field(default_factory=set)
    records_filled: dict[str, str] = field(default_factory=dict)


def reading(info: ValidationInfo) -> Reading:
    return cast(Reading, info.context)


def once(value: str, seen: set[str], message: str) -> str:
    """`value` the first time it is seen in the file; refused with `message` after that."""
    if value in seen:
        refuse(message)
    seen.add(value)
    return value


class FileEntry(BaseModel):
    """A mapping in a file with these fields and no others. Every problem found inside it
    carries the line of the innermost mapping and, when the entry names itself (`where`),
    which question, section or pillar it is about."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    what: ClassVar[str]  # "a question", in "unknown field 'x' in a question"
    shape: ClassVar[str]  # what to write when it is not a mapping at all
    _line: int = PrivateAttr(0)

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> str | None:
        """How a problem inside this entry names it; None leaves it to the entry around."""
        return None

    @property
    def line(self) -> int:
        return self._line

    def check(self, seen: Reading) -> None:
        """The rules of the whole entry, once each field is valid: `refuse` what breaks one.
        Rules about one field sit on that field."""

    @model_validator(mode="wrap")
    @classmethod
    def _a_mapping_with_its_line(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self], info: ValidationInfo
    ) -> Self:
        if not isinstance(data, dict):
            refuse(cls.shape)
        line = getattr(data, "line", 0)
        try:
            entry = handler(data)
            entry._line = line
            entry.check(reading(info))
            return entry
        except ValidationError as exc:
            errors = exc.errors()
        except PydanticCustomError as exc:
            errors = [ErrorDetails(type=exc.type, loc=(), msg=exc.message(), input=data)]
        where = cls.where(data, line)
        placed = [cls._placed(error, line, where) for error in cls._one_per_typo(errors)]
        raise ValidationError.from_exception_data(cls.__name__, placed) from None

    @classmethod
    def _one_per_typo(cls, errors: list[ErrorDetails]) -> list[ErrorDetails]:
        """A misspelt field is also missing under its right name: say it once, as the typo
        ("unknown field 'txt' ... Did you mean 'text'?")."""
        own = [e for e in errors if len(e["loc"]) == 1]
        names = [f.alias or name for name, f in cls.model_fields.items()]
        meant = {closest(str(e["loc"][0]), names) for e in own if e["type"] == "extra_forbidden"}
        return [
            e for e in errors if not (e in own and e["type"] == "missing" and e["loc"][0] in meant)
        ]

    @classmethod
    def _placed(cls, error: ErrorDetails, line: int, where: str | None) -> InitErrorDetails:
        """The error in the author's words, with the line and the name of where it is (an
        entry inside this one has placed its own already)."""
        context = dict(error.get("ctx") or {})
        context.setdefault("line", line)
        if where is not None:
            context.setdefault("where", where)
        loc, message = error["loc"], error["msg"]
        fields = {f.alias or name: f for name, f in cls.model_fields.items()}
        if error["type"] == "extra_forbidden" and len(loc) == 1:
            message = (
                f"unknown field '{loc[0]}' in {cls.what}.{suggest(str(loc[0]), sorted(fields))}"
            )
        elif error["type"] == "missing" and len(loc) == 1:
            message = f"'{loc[0]}' is missing. {fields[str(loc[0])].description or ''}".strip()
        elif error["type"] != "questionnaire" and len(loc) == 1:
            message = f"'{loc[0]}': {message}."  # pydantic's own words: a rule without its own
        # The message is final: braces in it are the author's, not placeholders.
        kind = PydanticCustomError("questionnaire", "{message}", {**context, "message": message})
        return InitErrorDetails(type=kind, loc=loc, input=error["input"])


def _plain(value: Any, info: ValidationInfo) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        refuse(f"'{info.field_name}' must be text.")
    return str(value)


# Text that only coordinators read (a pillar's title), in one language.
PlainText = Annotated[str, PlainValidator(_plain)]


def _text(value: Any, info: ValidationInfo) -> Text:
    key = info.field_name
    nl: Any
    en: Any
    if isinstance(value, str):
        nl, en = value, None
    elif isinstance(value, dict):
        nl, en = value.get("nl"), value.get("en")
        unknown = sorted(set(value) - {"nl", "en"})
        if unknown:
            refuse(f"'{key}' has unknown language(s) {unknown}; use nl and en.")
    else:
        refuse(f"'{key}' must be a text or {{nl: ..., en: ...}}.")
    if not isinstance(nl, str) or not nl.strip():
        refuse(f"'{key}' has no Dutch text (nl). Add it.")
    if en is not None and not isinstance(en, str):
        refuse(f"'{key}.en' must be text.")
    return Text(nl.strip(), en.strip() if en else None)


# A text people read: `text: Dutch` or `text: {nl: Dutch, en: English}`.
TextField = Annotated[Text, PlainValidator(_text)]


def _flag(value: Any, info: ValidationInfo) -> bool:
    if not isinstance(value, bool):
        refuse(f"'{info.field_name}' must be true or false, without quotes.")
    return value


Flag = Annotated[bool, PlainValidator(_flag)]


def id_of(what: str) -> Callable[[Any], str]:
    """A check of an id of `what` (a question, an option): lower-case letters, digits and _."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            refuse(
                f"{what} id {value!r} is not valid: use lower-case letters, digits and _, "
                "starting with a letter, at most 40 characters."
            )
        return value

    return check


def one_of(enum: type[E], noun: str) -> Callable[[Any], E]:
    """A check that a value is one of `enum`'s, suggesting the closest when it is not."""

    def check(value: Any) -> E:
        values = [e.value for e in enum]
        if value not in values:
            refuse(f"unknown {noun} {value!r}.{suggest(str(value), values)}")
        return enum(value)

    return check


def whole_number(
    message: str, low: int | None = None, high: int | None = None
) -> Callable[[Any], int]:
    """A check of a whole number (not true/false, not "5"), within `low`..`high` when given."""

    def check(value: Any) -> int:
        if (
            not is_whole(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            refuse(message)
        return cast(int, value)

    return check


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
