"""One question of a questionnaire file as pydantic reads it, with its rules: its type, texts
(and whether they fit a phone), answer options, limits, what it feeds and records, and its
`show_if` condition. Each rule sits on the field it is about and says what to write instead;
fields after `type` may depend on it (a rule is skipped when the type itself is wrong)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, ClassVar

from pydantic import Field, PlainValidator, PrivateAttr, ValidationInfo, field_validator

from questionnaires.fields import (
    ID_PATTERN,
    FileEntry,
    Flag,
    Reading,
    TextField,
    id_of,
    is_whole,
    one_of,
    reading,
    refuse,
    whole_number,
)
from questionnaires.model import (
    LIKERT_SCALES,
    RECORD_FIELDS,
    AnswerOption,
    Condition,
    Kind,
    Question,
    QuestionType,
    ReportPart,
    Section,
    Text,
)
from questionnaires.reading import suggest

MAX_BUTTON_LABEL = 30
MAX_TEXT_LENGTH = 4000
# Telegram's message limit is 4096; leave room for progress line, help and formatting.
MAX_QUESTION_TEXT = 3000
CHOOSING = (QuestionType.CHOICE, QuestionType.MULTI)


def pillar_in_framework(value: Any, info: ValidationInfo) -> str:
    """A pillar of the framework (any, when the framework itself could not be read)."""
    pillar = str(value)
    framework = reading(info).framework
    if framework.pillars and framework.pillar(pillar) is None:
        known = [p.id for p in framework.pillars]
        refuse(f"unknown pillar {pillar!r}.{suggest(pillar, known)}")
    return pillar


def _item_in_framework(value: Any, info: ValidationInfo) -> str:
    item = str(value)
    framework = reading(info).framework
    if framework.pillars and framework.item(item) is None:
        known = [i.id for i in framework.items()]
        refuse(
            f"unknown framework item {item!r}. Add it to framework.yaml or use one "
            f"of: {', '.join(known)}."
        )
    return item


PillarId = Annotated[str, PlainValidator(pillar_in_framework)]
ItemId = Annotated[str, PlainValidator(_item_in_framework)]
Part = Annotated[ReportPart, PlainValidator(one_of(ReportPart, "report part"))]


class OptionEntry(FileEntry):
    """One answer option of a choice or multi question: a button on a phone."""

    what: ClassVar[str] = "an option"
    shape: ClassVar[str] = "each option needs an 'id' and a 'label'."
    id: Annotated[str, PlainValidator(id_of("option"))] = Field(
        description="Each option needs an 'id' and a 'label'."
    )
    label: TextField = Field(description="Add a Dutch text.")

    @field_validator("label")
    @classmethod
    def _fits_a_button(cls, label: Text) -> Text:
        for text in (label.nl, label.en or ""):
            if len(text) > MAX_BUTTON_LABEL:
                refuse(
                    f"the button label {text!r} has {len(text)} characters; keep it at most "
                    f"{MAX_BUTTON_LABEL} so it fits a Telegram button on a phone."
                )
        return label

    def build(self) -> AnswerOption:
        return AnswerOption(self.id, self.label)


class ShowIf(FileEntry):
    """`show_if: {question: ..., equals|in|contains: ...}`: an earlier answer that shows it."""

    what: ClassVar[str] = "'show_if'"
    shape: ClassVar[str] = "'show_if' needs {question: ..., equals|in|contains: ...}."
    question: Any = Field(description="Write {question: ..., equals|in|contains: ...}.")
    equals: Any = None
    in_: Any = Field(None, alias="in")
    contains: Any = None
    _condition: Condition = PrivateAttr()

    def check(self, seen: Reading) -> None:
        """It looks back at an earlier question, with one of its possible answers."""
        target_id = str(self.question)
        target = seen.questions.get(target_id)
        if target is None and target_id in seen.ids_in_file:
            # An earlier question with problems of its own: those say what to fix.
            self._condition = Condition(target_id, "equals", ())
            return
        if target is None:
            refuse(
                f"'show_if' refers to {target_id!r}, which is not an earlier question in this "
                "file. A condition can only look back."
            )
        given = {"equals": self.equals, "in": self.in_, "contains": self.contains}
        ops = [op for op, value in given.items() if value is not None]
        if len(ops) != 1:
            refuse("'show_if' needs exactly one of equals, in, contains.")
        op = ops[0]
        raw = given[op]
        values = tuple(raw) if op == "in" and isinstance(raw, list) else (raw,)
        if target.type is QuestionType.MULTI and op != "contains":
            refuse(f"'{target_id}' is a multi question: use 'contains'.")
        if op == "contains" and target.type is not QuestionType.MULTI:
            refuse("'contains' only works on a multi question.")
        if target.has_buttons:
            values = tuple(_answer_of(target, value) for value in values)
        self._condition = Condition(target_id, op, values)  # type: ignore[arg-type]

    @property
    def condition(self) -> Condition:
        return self._condition


def _answer_of(target: Question, value: Any) -> int | str:
    """A value of show_if as the token the target's button stores."""
    # YAML 1.1 reads an unquoted yes/no as true/false: mean the yesno tokens.
    token = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    tokens = [c.token for c in target.choices()]
    if token not in tokens:
        refuse(f"{token!r} is not a possible answer of '{target.id}'." + suggest(token, tokens))
    return int(token) if target.type is QuestionType.LIKERT and token.isdigit() else token


class QuestionEntry(FileEntry):
    """A question as written in a file; `build` makes it the model's `Question`."""

    what: ClassVar[str] = "a question"
    shape: ClassVar[str] = "each question must be a mapping."
    id: Annotated[str, PlainValidator(id_of("question"))] = Field(
        description="Give each question its own id, e.g. w_thuis."
    )
    type: Annotated[QuestionType, PlainValidator(one_of(QuestionType, "type"))] = Field(
        description=f"Use one of: {', '.join(QuestionType)}."
    )
    text: TextField = Field(description="Add a Dutch text.")
    help: TextField | None = None
    required: Flag = False
    pillar: PillarId | None = None  # the section's, unless it says
    items: tuple[ItemId, ...] = ()
    feeds: Part | None = None  # the section's, unless it says
    options: list[OptionEntry] | None = Field(None, validate_default=True)
    scale: str = "agree"
    dont_know: Flag = False
    min: Any = None  # checked with max: together they are a number's range
    max: int | None = Field(None, validate_default=True)
    unit: TextField | None = None
    past_only: Flag = False
    max_length: Annotated[
        int,
        PlainValidator(
            whole_number(
                f"'max_length' must be a whole number from 1 to {MAX_TEXT_LENGTH}.",
                1,
                MAX_TEXT_LENGTH,
            )
        ),
    ] = 1000
    records: str | None = Field(None, validate_default=True)
    shows_results: Flag = False
    show_if: ShowIf | None = None

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> str:
        qid = raw.get("id")
        return qid if isinstance(qid, str) and ID_PATTERN.match(qid) else f"question at line {line}"

    @field_validator("id")
    @classmethod
    def _once_in_all_files(cls, qid: str, info: ValidationInfo) -> str:
        seen = reading(info)
        first = seen.question_files.get(qid)
        seen.question_files[qid] = seen.file
        seen.ids_in_file.add(qid)
        if first is not None:
            refuse(f"the id '{qid}' is already used in {first}.")
        return qid

    @field_validator("text")
    @classmethod
    def _fits_a_message(cls, text: Text) -> Text:
        if len(text.nl) > MAX_QUESTION_TEXT:
            refuse(f"the text is longer than {MAX_QUESTION_TEXT} characters.")
        return text

    @field_validator("required")
    @classmethod
    def _info_is_never_required(cls, required: bool, info: ValidationInfo) -> bool:
        if required and info.data.get("type") is QuestionType.INFO:
            refuse("an info screen cannot be required.")
        return required

    @field_validator("items", mode="before")
    @classmethod
    def _a_list(cls, items: Any) -> Any:
        if items is None:
            return []
        if not isinstance(items, list):
            refuse("'items' must be a list, e.g. [\"1.i\"].")
        return items

    @field_validator("options", mode="before")
    @classmethod
    def _options_of_a_choice(cls, options: Any, info: ValidationInfo) -> Any:
        qtype = info.data.get("type")
        if qtype is None:
            return options if isinstance(options, list) else None
        if qtype not in CHOOSING:
            if options is not None:
                refuse(f"'options' only belongs to choice and multi, not {qtype}.")
            return None
        if not isinstance(options, list) or len(options) < 2:
            refuse("a choice question needs 'options' with at least 2.")
        return options

    @field_validator("options")
    @classmethod
    def _each_option_once(cls, options: list[OptionEntry] | None) -> list[OptionEntry] | None:
        twice = [oid for oid, n in Counter(o.id for o in options or ()).items() if n > 1]
        if twice:
            refuse(f"option id '{twice[0]}' is used twice.")
        return options

    @field_validator("scale", mode="before")
    @classmethod
    def _a_likert_scale(cls, value: Any, info: ValidationInfo) -> str:
        scale = str(value)
        if info.data.get("type") is QuestionType.LIKERT and scale not in LIKERT_SCALES:
            refuse(f"unknown scale {scale!r}.{suggest(scale, list(LIKERT_SCALES))}")
        return scale

    @field_validator("max", mode="plain")
    @classmethod
    def _a_range(cls, high: Any, info: ValidationInfo) -> int | None:
        """A number's whole min <= max; a multi question's most choices, at least 1."""
        qtype, low = info.data.get("type"), info.data.get("min")
        if qtype is QuestionType.NUMBER and not (is_whole(low) and is_whole(high) and low <= high):
            refuse("a number question needs whole numbers 'min' <= 'max'.")
        if qtype is QuestionType.MULTI and high is not None and not (is_whole(high) and high >= 1):
            refuse("'max' of a multi question must be a whole number >= 1.")
        return high if is_whole(high) else None

    @field_validator("records", mode="plain")
    @classmethod
    def _a_field_of_a_contribution(cls, records: Any, info: ValidationInfo) -> str | None:
        """In a contribution log: the field of a contribution the answer fills, once."""
        qtype, seen = info.data.get("type"), reading(info)
        if records is None or qtype is None:
            return None
        if records not in RECORD_FIELDS or qtype not in RECORD_FIELDS[str(records)]:
            fits = [f for f, types in RECORD_FIELDS.items() if qtype in types]
            refuse(
                f"'records: {records}' does not fit a {qtype} question; "
                + (f"use {' or '.join(fits)}." if fits else "leave it out.")
            )
        if seen.kind != Kind.CONTRIBUTION:
            refuse("'records' only belongs in a contribution questionnaire.")
        if records in seen.records_filled:
            refuse(f"'records: {records}' is already filled by {seen.records_filled[records]}.")
        seen.records_filled[records] = info.data.get("id", "?")
        return str(records)

    @field_validator("shows_results")
    @classmethod
    def _results_on_an_info_screen(cls, shows: bool, info: ValidationInfo) -> bool:
        if shows and info.data.get("type") not in (None, QuestionType.INFO):
            refuse("'shows_results' only belongs to an info screen.")
        return shows

    def check(self, seen: Reading) -> None:
        """Valid: later conditions in the file may look back at it."""
        seen.questions[self.id] = self.build(ANYWHERE)

    def build(self, section: Section) -> Question:
        return Question(
            id=self.id,
            type=self.type,
            text=self.text,
            section_id=section.id,
            pillar=self.pillar or section.pillar,
            feeds=self.feeds or section.feeds,
            help=self.help,
            required=self.required,
            items=tuple(self.items),
            show_if=self.show_if.condition if self.show_if else None,
            options=tuple(o.build() for o in self.options or ()),
            scale=self.scale,
            dont_know=self.dont_know,
            min=self.min if is_whole(self.min) else None,
            max=self.max,
            unit=self.unit,
            past_only=self.past_only,
            max_length=self.max_length,
            records=self.records,
            shows_results=self.shows_results,
            line=self.line,
        )


# Where a question stands while its file is read: what it asks and its answers are known, its
# section not yet (for show_if, which needs only those).
ANYWHERE = Section("", Text(""), "", ReportPart.TERUGBLIK, ())
