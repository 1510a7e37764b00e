"""A whole file as pydantic reads it, with the rules that concern more than one question: the
framework (pillars and their items) and a questionnaire (who answers it, its texts, its
sections in order). Questions and their own rules are in questions.py."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from questionnaires.fields import (
    ID_PATTERN,
    FileEntry,
    Flag,
    PlainText,
    Reading,
    TextField,
    id_of,
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
)
from questionnaires.questions import Part, PillarId, QuestionEntry

ROLES = [r.value for r in Role]


def _name(value: Any) -> str:
    """An id of the framework: written as text or as a number ("1", 1)."""
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        refuse('write an id, e.g. "1" or "1.i".')
    return str(value).strip()


FrameworkId = Annotated[str, PlainValidator(_name)]


class ItemEntry(FileEntry):
    what: ClassVar[str] = "an item"
    shape: ClassVar[str] = "each item needs an 'id', e.g. \"1.i\"."
    id: FrameworkId = Field(description='Each item needs one, e.g. "1.i".')
    text: PlainText | None = None  # only as quoted from the source: never invented
    art_extra: Flag = False
    source: PlainText | None = None  # where the text is quoted from

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> str | None:
        return str(raw.get("id")) if raw.get("id") is not None else None

    @field_validator("id")
    @classmethod
    def _listed_once(cls, item_id: str, info: ValidationInfo) -> str:
        return once(item_id, reading(info).item_ids, "this item id is listed twice.")


class PillarEntry(FileEntry):
    what: ClassVar[str] = "a pillar"
    shape: ClassVar[str] = "each pillar must be a mapping with id and title."
    id: FrameworkId = Field(description="A pillar needs an 'id' and a 'title'.")
    title: PlainText = Field(description="A pillar needs an 'id' and a 'title'.")
    confirmed: Flag = False
    items: tuple[ItemEntry, ...] = ()

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> str | None:
        return str(raw.get("id")) if raw.get("id") is not None else None

    def build(self) -> Pillar:
        items = tuple(Item(i.id, self.id, i.text, i.art_extra, i.source) for i in self.items)
        return Pillar(self.id, self.title, self.confirmed, items)


class FrameworkFile(FileEntry):
    what: ClassVar[str] = "the framework"
    shape: ClassVar[str] = "the framework file must be a mapping with 'pillars'."
    framework: PlainText = ""
    pillars: tuple[PillarEntry, ...] = Field((), validate_default=True)

    @field_validator("pillars")
    @classmethod
    def _each_pillar_once(cls, pillars: tuple[PillarEntry, ...]) -> tuple[PillarEntry, ...]:
        if not pillars:
            refuse("no pillars found. List at least one under 'pillars:'.")
        if len({p.id for p in pillars}) != len(pillars):
            refuse("two pillars share an id. Give each pillar its own id.")
        return pillars

    def build(self) -> Framework:
        return Framework(self.framework, tuple(p.build() for p in self.pillars))


class SectionEntry(FileEntry):
    what: ClassVar[str] = "a section"
    shape: ClassVar[str] = "each section must be a mapping with id and questions."
    id: Annotated[str, PlainValidator(id_of("section"))] = Field(
        description="Give each section its own id, e.g. wonen."
    )
    title: TextField = Field(description="Add a Dutch text.")
    pillar: PillarId = "overstijgend"
    feeds: Part = ReportPart.TERUGBLIK
    questions: tuple[QuestionEntry, ...] = Field((), validate_default=True)

    @classmethod
    def where(cls, raw: dict[str, Any], line: int) -> str:
        sid = raw.get("id")
        return f"section {sid if isinstance(sid, str) and ID_PATTERN.match(sid) else '?'}"

    @field_validator("id")
    @classmethod
    def _once_in_the_file(cls, sid: str, info: ValidationInfo) -> str:
        return once(sid, reading(info).section_ids, "this section id is used twice in the file.")

    @field_validator("questions", mode="before")
    @classmethod
    def _some_questions(cls, questions: Any) -> Any:
        if not isinstance(questions, list) or not questions:
            refuse("this section has no questions.")
        return questions

    def build(self) -> Section:
        shell = Section(self.id, self.title, self.pillar, self.feeds, ())
        return Section(
            self.id, self.title, self.pillar, self.feeds,
            tuple(q.build(shell) for q in self.questions),
        )  # fmt: skip


class QuestionnaireFile(FileEntry):
    """A questionnaire as written in a file; `build` makes it the model's `Questionnaire`."""

    what: ClassVar[str] = "the questionnaire"
    shape: ClassVar[str] = "a questionnaire file must be a mapping with id, role and sections."
    id: Annotated[str, PlainValidator(id_of("questionnaire"))] = Field(
        description="Give the questionnaire an id, e.g. client."
    )
    role: Annotated[Role, PlainValidator(one_of(Role, "role"))] = Field(
        description=f"Write who answers it, one of: {', '.join(ROLES)}."
    )
    also_for: tuple[Role, ...] = ()
    kind: Annotated[Kind, PlainValidator(one_of(Kind, "kind"))] = Kind.SURVEY
    title: TextField = Field(description="Add a Dutch text.")
    intro: TextField = Field(description="Add a Dutch text.")
    outro: TextField | None = None
    minutes: Annotated[
        int, PlainValidator(whole_number("'minutes' must be a whole number of minutes.", 1))
    ] = 10
    sections: tuple[SectionEntry, ...] = Field((), validate_default=True)

    @field_validator("also_for", mode="plain")
    @classmethod
    def _other_roles(cls, also_for: Any, info: ValidationInfo) -> tuple[Role, ...]:
        role = info.data.get("role")
        if not isinstance(also_for, list) or any(r not in ROLES or r == role for r in also_for):
            refuse(f"'also_for' must list other roles, from: {', '.join(ROLES)}.")
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
            refuse("'sections' is missing or empty. Add at least one section.")
        return sections

    def check(self, seen: Reading) -> None:
        if all(q.type is QuestionType.INFO for s in self.sections for q in s.questions):
            refuse("this questionnaire has no question to answer.")

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
