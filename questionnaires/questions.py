"""One question of a questionnaire file as pydantic reads it, with its rules: its type, texts
(and whether they fit a phone), answer options, limits, what it feeds and records, and its
`show_if` condition (conditions.py). Each rule sits on the field it is about and says what to
write instead; fields after `type` may depend on it (a rule is skipped when the type itself is
wrong)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, ClassVar

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from questionnaires.conditions import ShowIf
from questionnaires.fields import (
    DUTCH_TEXT,
    ID_PATTERN,
    FileEntry,
    Flag,
    Reading,
    TextField,
    id_of,
    is_whole,
    needed,
    one_of,
    reading,
    refuse,
    whole_number,
)
from questionnaires.model import (
    LIKERT_SCALES,
    RECORD_FIELDS,
    AnswerOption,
    Kind,
    Question,
    QuestionType,
    ReportPart,
    Section,
    Text,
)
from questionnaires.reading import suggest, written

MAX_BUTTON_LABEL = 30
MAX_TEXT_LENGTH = 4000
# Telegram's message limit is 4096; leave room for progress line, help and formatting.
MAX_QUESTION_TEXT = 3000
CHOOSING = (QuestionType.CHOICE, QuestionType.MULTI)


def pillar_in_framework(value: Any, info: ValidationInfo) -> str:
    """A pillar of the framework (any, when the framework itself could not be read)."""
    pillar = written(value)
    framework = reading(info).framework
    if framework.pillars and framework.pillar(pillar) is None:
        hint = suggest(pillar, [p.id for p in framework.pillars])
        if not pillar:
            refuse(f"bij 'pillar' staat geen pijler.{hint.nl}", f"'pillar' is empty.{hint.en}")
        refuse(
            f"de pijler '{pillar}' bestaat niet.{hint.nl}",
            f"unknown pillar {pillar!r}.{hint.en}",
        )
    return pillar


def _item_in_framework(value: Any, info: ValidationInfo) -> str:
    item = written(value)
    framework = reading(info).framework
    if framework.pillars and framework.item(item) is None:
        known = [i.id for i in framework.items()]
        refuse(
            f"het item '{item}' staat niet in framework.yaml. Voeg het daar toe, of kies uit: "
            f"{', '.join(known)}.",
            f"unknown framework item {item!r}. Add it to framework.yaml or use one "
            f"of: {', '.join(known)}.",
        )
    return item


PillarId = Annotated[str, PlainValidator(pillar_in_framework)]
ItemId = Annotated[str, PlainValidator(_item_in_framework)]
Part = Annotated[
    ReportPart,
    PlainValidator(one_of(ReportPart, Text("het deel van het verslag", "report part"))),
]


class OptionEntry(FileEntry):
    """One answer option of a choice or multi question: a button on a phone."""

    what: ClassVar[Text] = Text("een antwoord", "an option")
    shape: ClassVar[Text] = Text(
        "geef elk antwoord een 'id' en een 'label', bijvoorbeeld {id: vaak, label: Vaak}.",
        "each option needs an 'id' and a 'label'.",
    )
    id: Annotated[str, PlainValidator(id_of(Text("een antwoord", "an option")))] = needed(
        "Geef elk antwoord een 'id' en een 'label'.", "Each option needs an 'id' and a 'label'."
    )
    label: TextField = DUTCH_TEXT

    @field_validator("label")
    @classmethod
    def _fits_a_button(cls, label: Text) -> Text:
        for text in (label.nl, label.en or ""):
            if len(text) > MAX_BUTTON_LABEL:
                refuse(
                    f"het label '{text}' heeft {len(text)} tekens. Maak het hoogstens "
                    f"{MAX_BUTTON_LABEL} tekens lang, dan past het op een knop op een telefoon.",
                    f"the button label {text!r} has {len(text)} characters; keep it at most "
                    f"{MAX_BUTTON_LABEL} so it fits a Telegram button on a phone.",
                )
        return label

    def build(self) -> AnswerOption:
        return AnswerOption(self.id, self.label)


class QuestionEntry(FileEntry):
    """A question as written in a file; `build` makes it the model's `Question`."""

    what: ClassVar[Text] = Text("een vraag", "a question")
    shape: ClassVar[Text] = Text(
        "schrijf elke vraag met 'id', 'type' en 'text', bijvoorbeeld {id: w_thuis, type: "
        "likert, text: Ik voel me thuis.}.",
        "each question must be a mapping.",
    )
    id: Annotated[str, PlainValidator(id_of(Text("een vraag", "a question")))] = needed(
        "Geef elke vraag een eigen id, bijvoorbeeld w_thuis.",
        "Give each question its own id, e.g. w_thuis.",
    )
    type: Annotated[
        QuestionType, PlainValidator(one_of(QuestionType, Text("het soort vraag", "type")))
    ] = needed(
        f"Schrijf welk soort vraag het is. Kies uit: {', '.join(QuestionType)}.",
        f"Use one of: {', '.join(QuestionType)}.",
    )
    text: TextField = DUTCH_TEXT
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
                f"bij 'max_length' hoort een heel getal van 1 tot en met {MAX_TEXT_LENGTH}.",
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
    def where(cls, raw: dict[str, Any], line: int) -> Text:
        qid = raw.get("id")
        if isinstance(qid, str) and ID_PATTERN.match(qid):
            return Text(f"vraag {qid}", f"question {qid}")
        return Text(f"vraag op regel {line}", f"question at line {line}")

    @field_validator("id")
    @classmethod
    def _once_in_all_files(cls, qid: str, info: ValidationInfo) -> str:
        seen = reading(info)
        first = seen.question_files.get(qid)
        seen.question_files[qid] = seen.file
        seen.ids_in_file.add(qid)
        seen.asking = qid
        if first is not None:
            refuse(
                f"de id '{qid}' staat al bij een andere vraag in {first}. Geef elke vraag een "
                "eigen id.",
                f"the id '{qid}' is already used in {first}.",
            )
        return qid

    @field_validator("text")
    @classmethod
    def _fits_a_message(cls, text: Text) -> Text:
        if len(text.nl) > MAX_QUESTION_TEXT:
            refuse(
                f"de tekst is langer dan {MAX_QUESTION_TEXT} tekens. Maak hem korter, dan past "
                "hij in één bericht.",
                f"the text is longer than {MAX_QUESTION_TEXT} characters.",
            )
        return text

    @field_validator("required")
    @classmethod
    def _info_is_never_required(cls, required: bool, info: ValidationInfo) -> bool:
        if required and info.data.get("type") is QuestionType.INFO:
            refuse(
                "een info-scherm kan niet verplicht zijn. Haal 'required: true' weg.",
                "an info screen cannot be required.",
            )
        return required

    @field_validator("items", mode="before")
    @classmethod
    def _a_list(cls, items: Any) -> Any:
        if items is None:
            return []
        if not isinstance(items, list):
            refuse(
                "bij 'items' hoort een lijst, bijvoorbeeld [\"1.i\"].",
                "'items' must be a list, e.g. [\"1.i\"].",
            )
        return items

    @field_validator("options", mode="before")
    @classmethod
    def _options_of_a_choice(cls, options: Any, info: ValidationInfo) -> Any:
        qtype = info.data.get("type")
        if qtype is None:
            return options if isinstance(options, list) else None
        if qtype not in CHOOSING:
            if options is not None:
                refuse(
                    f"'options' hoort alleen bij choice en multi, niet bij {qtype}. Haal "
                    "'options' weg, of kies choice of multi.",
                    f"'options' only belongs to choice and multi, not {qtype}.",
                )
            return None
        if not isinstance(options, list) or len(options) < 2:
            refuse(
                f"een vraag van het soort {qtype} heeft 'options' nodig, met minstens 2 "
                "antwoorden.",
                "a choice question needs 'options' with at least 2.",
            )
        return options

    @field_validator("options")
    @classmethod
    def _each_option_once(cls, options: list[OptionEntry] | None) -> list[OptionEntry] | None:
        twice = [oid for oid, n in Counter(o.id for o in options or ()).items() if n > 1]
        if twice:
            refuse(
                f"het antwoord '{twice[0]}' staat er twee keer. Geef elk antwoord een eigen id.",
                f"option id '{twice[0]}' is used twice.",
            )
        return options

    @field_validator("scale", mode="before")
    @classmethod
    def _a_likert_scale(cls, value: Any, info: ValidationInfo) -> str:
        scale = written(value)
        if info.data.get("type") is QuestionType.LIKERT and scale not in LIKERT_SCALES:
            hint = suggest(scale, list(LIKERT_SCALES))
            refuse(
                f"de schaal '{scale}' bestaat niet.{hint.nl}", f"unknown scale {scale!r}.{hint.en}"
            )
        return scale

    @field_validator("max", mode="plain")
    @classmethod
    def _a_range(cls, high: Any, info: ValidationInfo) -> int | None:
        """A number's whole min <= max; a multi question's most choices, at least 1."""
        qtype, low = info.data.get("type"), info.data.get("min")
        if qtype is QuestionType.NUMBER and not (is_whole(low) and is_whole(high) and low <= high):
            refuse(
                "een vraag naar een getal (number) heeft 'min' en 'max' nodig: hele getallen, "
                "en 'min' niet groter dan 'max'.",
                "a number question needs whole numbers 'min' <= 'max'.",
            )
        if qtype is QuestionType.MULTI and high is not None and not (is_whole(high) and high >= 1):
            refuse(
                "bij 'max' hoort bij een multi-vraag een heel getal van 1 of meer: hoeveel "
                "antwoorden iemand mag kiezen.",
                "'max' of a multi question must be a whole number >= 1.",
            )
        return high if is_whole(high) else None

    @field_validator("records", mode="plain")
    @classmethod
    def _a_field_of_a_contribution(cls, records: Any, info: ValidationInfo) -> str | None:
        """In a contribution log: the field of a contribution the answer fills, once."""
        qtype, seen = info.data.get("type"), reading(info)
        if records is None or qtype is None:
            return None
        records = written(records)
        if records not in RECORD_FIELDS or qtype not in RECORD_FIELDS[records]:
            fits = [f for f, types in RECORD_FIELDS.items() if qtype in types]
            refuse(
                f"'records: {records}' past niet bij een vraag van het soort {qtype}. "
                + (f"Gebruik {' of '.join(fits)}." if fits else "Haal 'records' weg."),
                f"'records: {records}' does not fit a {qtype} question; "
                + (f"use {' or '.join(fits)}." if fits else "leave it out."),
            )
        if seen.kind != Kind.CONTRIBUTION:
            refuse(
                "'records' hoort alleen in een logboek van bijdragen (kind: contribution). "
                "Haal het weg.",
                "'records' only belongs in a contribution questionnaire.",
            )
        if records in seen.records_filled:
            first = seen.records_filled[records]
            refuse(
                f"'records: {records}' staat al bij vraag {first}. Gebruik het één keer.",
                f"'records: {records}' is already filled by {first}.",
            )
        seen.records_filled[records] = info.data.get("id", "?")
        return str(records)

    @field_validator("shows_results")
    @classmethod
    def _results_on_an_info_screen(cls, shows: bool, info: ValidationInfo) -> bool:
        if shows and info.data.get("type") not in (None, QuestionType.INFO):
            refuse(
                "'shows_results' hoort alleen bij een info-scherm (type: info). Haal het weg.",
                "'shows_results' only belongs to an info screen.",
            )
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
