"""A whole file as pydantic reads it, with the rules that concern more than one question: the
framework (pillars and their items) and a questionnaire (who answers it, its texts, its
sections in order). Questions and their own rules are in questions.py."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from questionnaires.fields import (
    DUTCH_TEXT,
    ID_PATTERN,
    FileEntry,
    Flag,
    PlainText,
    Reading,
    TextField,
    id_of,
    needed,
    once,
    one_of,
    reading,
    refuse,
    whole_number,
)
from questionnaires.model import (
    Framework,
    Item,
    Kind,
    Pillar,
    Questionnaire,
    QuestionType,
    ReportPart,
    Role,
    Section,
    Text,
)
from questionnaires.questions import Part, PillarId, QuestionEntry

ROLES = [r.value for r in Role]


def _name(value: Any) -> str:
    """An id of the framework: written as text or as a number ("1", 1)."""
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        refuse(
            'schrijf een naam of nummer als id, bijvoorbeeld "1" of "1.i".',
            'write an id, e.g. "1" or "1.i".',
        )
    return str(value).strip()


FrameworkId = Annotated[str, PlainValidator(_name)]


class ItemEntry(FileEntry):
    what: ClassVar[Text] = Text("een item", "an item")
    shape: ClassVar[Text] = Text(
        "geef elk item een 'id', bijvoorbeeld {id: \"1.i\"}.",
        "each item needs an 'id', e.g. {id: \"1.i\"}.",
    )
    id: FrameworkId = needed(
        'Geef elk item een id, bijvoorbeeld "1.i".', 'Each item needs one, e.g. "1.i".'
    )
    text: PlainText | None = None  # only as quoted from the source: never invented
    art_extra: Flag = False
    source: PlainText | None = None  # where the text is quoted from

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> Text | None:
        item = raw.get("id")
        return Text(f"item {item}", f"item {item}") if item is not None else None

    @field_validator("id")
    @classmethod
    def _listed_once(cls, item_id: str, info: ValidationInfo) -> str:
        return once(
            item_id,
            reading(info).item_ids,
            "dit item staat er twee keer. Geef elk item een eigen id.",
            "this item id is listed twice.",
        )


class PillarEntry(FileEntry):
    what: ClassVar[Text] = Text("een pijler", "a pillar")
    shape: ClassVar[Text] = Text(
        "schrijf elke pijler met een 'id' en een 'title', bijvoorbeeld {id: \"1\", title: "
        "Cliënten}.",
        "each pillar must be a mapping with id and title.",
    )
    id: FrameworkId = needed(
        "Geef elke pijler een 'id' en een 'title'.", "A pillar needs an 'id' and a 'title'."
    )
    title: PlainText = needed(
        "Geef elke pijler een 'id' en een 'title'.", "A pillar needs an 'id' and a 'title'."
    )
    confirmed: Flag = False
    items: tuple[ItemEntry, ...] = ()

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> Text | None:
        pillar = raw.get("id")
        return Text(f"pijler {pillar}", f"pillar {pillar}") if pillar is not None else None

    def build(self) -> Pillar:
        items = tuple(Item(i.id, self.id, i.text, i.art_extra, i.source) for i in self.items)
        return Pillar(self.id, self.title, self.confirmed, items)


class FrameworkFile(FileEntry):
    what: ClassVar[Text] = Text("het kader", "the framework")
    shape: ClassVar[Text] = Text(
        "zet in framework.yaml 'pillars:' met daaronder de pijlers.",
        "the framework file must be a mapping with 'pillars'.",
    )
    framework: PlainText = ""
    pillars: tuple[PillarEntry, ...] = Field((), validate_default=True)

    @field_validator("pillars")
    @classmethod
    def _each_pillar_once(cls, pillars: tuple[PillarEntry, ...]) -> tuple[PillarEntry, ...]:
        if not pillars:
            refuse(
                "er staan geen pijlers in. Zet er minstens één onder 'pillars:'.",
                "no pillars found. List at least one under 'pillars:'.",
            )
        if len({p.id for p in pillars}) != len(pillars):
            refuse(
                "twee pijlers hebben dezelfde id. Geef elke pijler een eigen id.",
                "two pillars share an id. Give each pillar its own id.",
            )
        return pillars

    def build(self) -> Framework:
        return Framework(self.framework, tuple(p.build() for p in self.pillars))


class SectionEntry(FileEntry):
    what: ClassVar[Text] = Text("een onderdeel", "a section")
    shape: ClassVar[Text] = Text(
        "schrijf elk onderdeel met 'id', 'title' en 'questions'.",
        "each section must be a mapping with id and questions.",
    )
    id: Annotated[str, PlainValidator(id_of(Text("een onderdeel", "a section")))] = needed(
        "Geef elk onderdeel een eigen id, bijvoorbeeld wonen.",
        "Give each section its own id, e.g. wonen.",
    )
    title: TextField = DUTCH_TEXT
    pillar: PillarId = "overstijgend"
    feeds: Part = ReportPart.TERUGBLIK
    questions: tuple[QuestionEntry, ...] = Field((), validate_default=True)

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> Text:
        sid = raw.get("id")
        name = sid if isinstance(sid, str) and ID_PATTERN.match(sid) else "?"
        return Text(f"onderdeel {name}", f"section {name}")

    @field_validator("id")
    @classmethod
    def _once_in_the_file(cls, sid: str, info: ValidationInfo) -> str:
        return once(
            sid,
            reading(info).section_ids,
            "deze id staat al bij een ander onderdeel in dit bestand. Geef elk onderdeel een "
            "eigen id.",
            "this section id is used twice in the file.",
        )

    @field_validator("questions", mode="before")
    @classmethod
    def _some_questions(cls, questions: Any) -> Any:
        if not isinstance(questions, list) or not questions:
            refuse(
                "dit onderdeel heeft geen vragen. Zet ze onder 'questions:'.",
                "this section has no questions.",
            )
        return questions

    def build(self) -> Section:
        shell = Section(self.id, self.title, self.pillar, self.feeds, ())
        return Section(
            self.id, self.title, self.pillar, self.feeds,
            tuple(q.build(shell) for q in self.questions),
        )  # fmt: skip


class QuestionnaireFile(FileEntry):
    """A questionnaire as written in a file; `build` makes it the model's `Questionnaire`."""

    what: ClassVar[Text] = Text("de vragenlijst", "the questionnaire")
    shape: ClassVar[Text] = Text(
        "een vragenlijst begint met 'id', 'role', 'title', 'intro' en 'sections'.",
        "a questionnaire file must be a mapping with id, role and sections.",
    )
    id: Annotated[str, PlainValidator(id_of(Text("de vragenlijst", "the questionnaire")))] = needed(
        "Geef de vragenlijst een id, bijvoorbeeld client.",
        "Give the questionnaire an id, e.g. client.",
    )
    role: Annotated[Role, PlainValidator(one_of(Role, Text("de rol", "role")))] = needed(
        f"Schrijf wie de vragenlijst invult. Kies uit: {', '.join(ROLES)}.",
        f"Write who answers it, one of: {', '.join(ROLES)}.",
    )
    also_for: tuple[Role, ...] = ()
    kind: Annotated[Kind, PlainValidator(one_of(Kind, Text("het soort vragenlijst", "kind")))] = (
        Kind.SURVEY
    )
    title: TextField = DUTCH_TEXT
    intro: TextField = DUTCH_TEXT
    outro: TextField | None = None
    minutes: Annotated[
        int,
        PlainValidator(
            whole_number(
                "bij 'minutes' hoort een heel getal: hoeveel minuten het invullen ongeveer "
                "duurt, 1 of meer.",
                "'minutes' must be a whole number of minutes.",
                1,
            )
        ),
    ] = 10
    sections: tuple[SectionEntry, ...] = Field((), validate_default=True)

    @field_validator("also_for", mode="plain")
    @classmethod
    def _other_roles(cls, also_for: Any, info: ValidationInfo) -> tuple[Role, ...]:
        role = info.data.get("role")
        if not isinstance(also_for, list) or any(r not in ROLES or r == role for r in also_for):
            refuse(
                "bij 'also_for' hoort een lijst van andere rollen dan 'role', bijvoorbeeld "
                f"[familieraad]. Kies uit: {', '.join(ROLES)}.",
                f"'also_for' must list other roles, from: {', '.join(ROLES)}.",
            )
        return tuple(Role(r) for r in also_for)

    @field_validator("kind")
    @classmethod
    def _known_to_its_questions(cls, kind: Kind, info: ValidationInfo) -> Kind:
        reading(info).kind = kind
        return kind

    @field_validator("sections", mode="before")
    @classmethod
    def _some_sections(cls, sections: Any) -> Any:
        if not isinstance(sections, list) or not sections:
            refuse(
                "'sections' ontbreekt of is leeg. Voeg minstens één onderdeel toe.",
                "'sections' is missing or empty. Add at least one section.",
            )
        return sections

    def check(self, seen: Reading) -> None:
        if all(q.type is QuestionType.INFO for s in self.sections for q in s.questions):
            refuse(
                "deze vragenlijst heeft geen vraag om te beantwoorden, alleen info. Voeg een "
                "vraag toe.",
                "this questionnaire has no question to answer.",
            )

    def build(self, version: str, source: str) -> Questionnaire:
        return Questionnaire(
            id=self.id,
            role=self.role,
            kind=self.kind,
            title=self.title,
            intro=self.intro,
            outro=self.outro,
            minutes=self.minutes,
            sections=tuple(s.build() for s in self.sections),
            version=version,
            source=source,
            also_for=self.also_for,
        )
