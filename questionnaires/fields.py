"""What every entry of a questionnaire file is built from, on pydantic: `FileEntry`, a mapping of
known fields that remembers its line and names itself in every problem found inside it, and
the kinds of value people write (a text in Dutch and English, an id, one of a list, true or
false), each refusing a wrong value with a message that says what to write instead.

A rule raises `refuse(nl, en)`: what is wrong and what to do, in Dutch (B1, "je": the
author is a coordinator or functional administrator) and in English. Pydantic gathers every
refusal of a file at once, and loader.py turns each into a `FileProblem`: file, line, the
question (or section, pillar) it is about, and the message. Pydantic's own (English) errors
that a file can cause, a missing or unknown field or a value of the wrong kind, are said in
the same words here (`FileEntry`); none reaches the author as pydantic wrote it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, ClassVar, NoReturn, Self, TypeVar, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from questionnaires.model import Framework, Question, Text
from questionnaires.reading import closest, suggest, written

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
E = TypeVar("E", bound=StrEnum)


def refuse(nl: str, en: str) -> NoReturn:
    """Refuse the value being validated: what is wrong and what to do, in Dutch and English."""
    raise PydanticCustomError("questionnaire", "{nl}", {"nl": nl, "en": en})


def needed(nl: str, en: str) -> Any:
    """A field the entry must have; `nl` and `en` say what to write when it is missing."""
    return Field(description=nl, json_schema_extra={"en": en})


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
    ids_in_file: set[str] = field(default_factory=set)  # so far
    asking: str | None = None  # the id of the question being read
    ids_written: set[str] = field(default_factory=set)  # anywhere in the file
    section_ids: set[str] = field(default_factory=set)
    item_ids: set[str] = field(default_factory=set)
    records_filled: dict[str, str] = field(default_factory=dict)


def reading(info: ValidationInfo) -> Reading:
    return cast(Reading, info.context)


DUTCH_TEXT = needed("Schrijf er een Nederlandse tekst bij.", "Add a Dutch text.")


def once(value: str, seen: set[str], nl: str, en: str) -> str:
    """`value` the first time it is seen in the file; refused after that."""
    if value in seen:
        refuse(nl, en)
    seen.add(value)
    return value


class FileEntry(BaseModel):
    """A mapping in a file with these fields and no others. Every problem found inside it
    carries the line of the innermost mapping and, when the entry names itself (`where`),
    which question, section or pillar it is about."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    what: ClassVar[Text]  # "een vraag", in "het veld 'x' hoort niet bij een vraag"
    shape: ClassVar[Text]  # what to write when it is not a mapping at all
    _line: int = PrivateAttr(0)

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> Text | None:
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
            refuse(cls.shape.nl, cls.shape.get("en"))
        line = getattr(data, "line", 0)
        try:
            entry = handler(data)
            entry._line = line
            entry.check(reading(info))
            return entry
        except ValidationError as exc:
            errors = exc.errors()
        except PydanticCustomError as exc:
            errors = [
                ErrorDetails(
                    type=exc.type, loc=(), msg=exc.message(), input=data, ctx=exc.context or {}
                )
            ]
        where = cls.where(data, line)
        placed = [cls._placed(error, line, where) for error in cls._one_per_typo(errors)]
        raise ValidationError.from_exception_data(cls.__name__, placed) from None

    @classmethod
    def _one_per_typo(cls, errors: list[ErrorDetails]) -> list[ErrorDetails]:
        """A misspelt field is also missing under its right name: say it once, as the typo
        ("het veld 'txt' hoort niet bij een vraag. Bedoel je 'text'?")."""
        own = [e for e in errors if len(e["loc"]) == 1]
        names = [f.alias or name for name, f in cls.model_fields.items()]
        meant = {closest(str(e["loc"][0]), names) for e in own if e["type"] == "extra_forbidden"}
        return [
            e for e in errors if not (e in own and e["type"] == "missing" and e["loc"][0] in meant)
        ]

    @classmethod
    def _placed(cls, error: ErrorDetails, line: int, where: Text | None) -> InitErrorDetails:
        """The error in the author's words, with the line and the name of where it is (an
        entry inside this one has placed its own already)."""
        context = dict(error.get("ctx") or {})
        context.setdefault("line", line)
        if where is not None:
            context.setdefault("where_nl", where.nl)
            context.setdefault("where_en", where.get("en"))
        if error["type"] != "questionnaire":  # pydantic's own: said in the author's words
            said = cls._said(error)
            context.update(nl=said.nl, en=said.get("en"))
        # The message is final: braces in it are the author's, not placeholders.
        kind = PydanticCustomError("questionnaire", "{nl}", context)
        return InitErrorDetails(type=kind, loc=error["loc"], input=error["input"])

    @classmethod
    def _said(cls, error: ErrorDetails) -> Text:
        """One of pydantic's own errors as the author reads it."""
        loc = error["loc"]
        key = str(loc[0]) if loc else ""
        fields = {f.alias or name: f for name, f in cls.model_fields.items()}
        if error["type"] == "extra_forbidden" and len(loc) == 1:
            hint = suggest(key, sorted(fields))
            return Text(
                f"het veld '{key}' hoort niet bij {cls.what.nl}.{hint.nl}",
                f"unknown field '{key}' in {cls.what.get('en')}.{hint.get('en')}",
            )
        if error["type"] == "missing" and len(loc) == 1:
            field = fields[key]
            extra = field.json_schema_extra
            en = extra.get("en", "") if isinstance(extra, dict) else ""
            return Text(
                f"'{key}' ontbreekt. {field.description or ''}".strip(),
                f"'{key}' is missing. {en}".strip(),
            )
        return wrong_kind(key, error["type"])


# What pydantic's own type errors expect, by the start of their type: (nl, en).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("list", "een lijst, met elk deel op een eigen regel met '- ' ervoor", "a list, each entry "
     "on its own line starting with '- '"),
    ("tuple", "een lijst, met elk deel op een eigen regel met '- ' ervoor", "a list, each entry "
     "on its own line starting with '- '"),
    ("string", "een tekst", "a text"),
    ("int", "een heel getal, zoals 5", "a whole number, such as 5"),
    ("float", "een getal, zoals 5", "a number, such as 5"),
    ("bool", "true of false, zonder aanhalingstekens", "true or false, without quotes"),
    ("dict", "velden met een naam, zoals 'id: ...'", "fields with a name, such as 'id: ...'"),
    ("model", "velden met een naam, zoals 'id: ...'", "fields with a name, such as 'id: ...'"),
)  # fmt: skip


def wrong_kind(key: str, error_type: str) -> Text:
    """A value of the wrong kind (pydantic's `list_type`, `int_parsing`, ...), as the author
    reads it: what belongs there instead."""
    named = f"'{key}'" if key else "dit"
    for start, nl, en in KINDS:
        if error_type.startswith(start):
            return Text(f"bij {named} hoort {nl}.", f"{named} must be {en}.")
    return Text(
        f"wat bij {named} staat, kan daar niet. Kijk in een van de meegeleverde vragenlijsten "
        "hoe je het schrijft.",
        f"the value of {named} cannot be used there. See one of the shipped questionnaires "
        "for how to write it.",
    )


def _plain(value: Any, info: ValidationInfo) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        refuse(f"bij '{info.field_name}' hoort een tekst.", f"'{info.field_name}' must be text.")
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
            refuse(
                f"bij '{key}' staat een taal die we niet kennen: {', '.join(unknown)}. Gebruik "
                "alleen nl (Nederlands) en en (Engels).",
                f"'{key}' has unknown language(s) {unknown}; use nl and en.",
            )
    else:
        refuse(
            f"bij '{key}' hoort een tekst, of {{nl: ..., en: ...}} voor Nederlands en Engels.",
            f"'{key}' must be a text or {{nl: ..., en: ...}}.",
        )
    if not isinstance(nl, str) or not nl.strip():
        refuse(
            f"'{key}' heeft geen Nederlandse tekst (nl). Voeg die toe.",
            f"'{key}' has no Dutch text (nl). Add it.",
        )
    if en is not None and not isinstance(en, str):
        refuse(f"bij '{key}.en' hoort een tekst.", f"'{key}.en' must be text.")
    return Text(nl.strip(), en.strip() if en else None)


# A text people read: `text: Dutch` or `text: {nl: Dutch, en: English}`.
TextField = Annotated[Text, PlainValidator(_text)]


def _flag(value: Any, info: ValidationInfo) -> bool:
    if not isinstance(value, bool):
        key = info.field_name
        refuse(
            f"bij '{key}' hoort true of false, zonder aanhalingstekens.",
            f"'{key}' must be true or false, without quotes.",
        )
    return value


Flag = Annotated[bool, PlainValidator(_flag)]


def id_of(what: Text) -> Callable[[Any], str]:
    """A check of an id of `what` (een vraag, een antwoord): lower-case letters, digits and _."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            shown = written(value)
            refuse(
                (f"'{shown}' kan niet als id van " if shown else "er staat geen id bij ")
                + f"{what.nl}. Gebruik kleine letters, cijfers en _. Begin met een letter en "
                "gebruik hoogstens 40 tekens.",
                f"{what.get('en')}'s id {shown!r} is not valid: use lower-case letters, digits "
                "and _, starting with a letter, at most 40 characters.",
            )
        return value

    return check


def one_of(enum: type[E], noun: Text) -> Callable[[Any], E]:
    """A check that a value is one of `enum`'s (`noun`: "het soort vraag"), suggesting the
    closest when it is not."""

    def check(value: Any) -> E:
        values = [e.value for e in enum]
        if value not in values:
            shown = written(value)
            hint = suggest(shown, values)
            if not shown:
                refuse(f"{noun.nl} ontbreekt.{hint.nl}", f"{noun.get('en')} is missing.{hint.en}")
            refuse(
                f"{noun.nl} '{shown}' bestaat niet.{hint.nl}",
                f"unknown {noun.get('en')} {shown!r}.{hint.en}",
            )
        return enum(value)

    return check


def whole_number(
    nl: str, en: str, low: int | None = None, high: int | None = None
) -> Callable[[Any], int]:
    """A check of a whole number (not true/false, not "5"), within `low`..`high` when given;
    `nl`/`en` say what to write."""

    def check(value: Any) -> int:
        if (
            not is_whole(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            refuse(nl, en)
        return cast(int, value)

    return check


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
