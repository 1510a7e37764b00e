"""The questionnaire model: frozen, typed, and free of any Telegram or storage concern."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

# What an answer stores: likert 1-5 or a special token, yes/no tokens, option ids, numbers,
# ISO dates and free text. None means "no value" (info screens, skipped questions).
AnswerValue = int | str | list[str] | None

DONT_KNOW = "dont_know"
NO_ANSWER = "no_answer"


class QuestionType(StrEnum):
    INFO = "info"
    LIKERT = "likert"
    YESNO = "yesno"
    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class ReportPart(StrEnum):
    """The three parts of the kwaliteitsverslag a question can feed."""

    TERUGBLIK = "terugblik"
    REFLECTIE = "reflectie"
    VOORUITBLIK = "vooruitblik"


class Role(StrEnum):
    CLIENT = "client"
    NAASTE = "naaste"
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige"
    PARTNER = "partner"
    PROFESSIONAL = "professional"
    # Councils, invited to the reflection round after a round closes.
    CLIENTENRAAD = "clientenraad"
    FAMILIERAAD = "familieraad"


class Kind(StrEnum):
    SURVEY = "survey"
    CONTRIBUTION = "contribution"
    # After a round closes: look at its results per pillar and say what stands out.
    REFLECTION = "reflection"


@dataclass(frozen=True)
class Text:
    """A text people read: Dutch always, English optional (falls back to Dutch)."""

    nl: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.nl


@dataclass(frozen=True)
class AnswerOption:
    """One button of a closed question: the stored token and its label."""

    token: str
    label: Text


@dataclass(frozen=True)
class Condition:
    """`show_if`: show a question only when an earlier answer matches."""

    question: str
    op: Literal["equals", "in", "contains"]
    values: tuple[int | str, ...]

    def holds(self, value: AnswerValue) -> bool:
        if value is None:
            return False
        if self.op == "contains":
            return isinstance(value, list) and any(v in value for v in self.values)
        if isinstance(value, list):
            return False
        return value in self.values


LIKERT_SCALES: dict[str, tuple[Text, ...]] = {
    "agree": (
        Text("Helemaal oneens", "Strongly disagree"),
        Text("Oneens", "Disagree"),
        Text("Neutraal", "Neutral"),
        Text("Eens", "Agree"),
        Text("Helemaal eens", "Strongly agree"),
    ),
    "satisfied": (
        Text("Heel ontevreden", "Very dissatisfied"),
        Text("Ontevreden", "Dissatisfied"),
        Text("Neutraal", "Neutral"),
        Text("Tevreden", "Satisfied"),
        Text("Heel tevreden", "Very satisfied"),
    ),
    "frequency": (
        Text("Nooit", "Never"),
        Text("Soms", "Sometimes"),
        Text("Regelmatig", "Regularly"),
        Text("Vaak", "Often"),
        Text("Altijd", "Always"),
    ),
}
# A contribution log's questions can each fill one field of the contribution it records, and
# which question types may fill which field.
RECORD_FIELDS: dict[str, tuple[QuestionType, ...]] = {
    "occurred_on": (QuestionType.DATE,),
    "kind": (QuestionType.CHOICE,),
    "with_whom": (QuestionType.MULTI,),
    "people_reached": (QuestionType.NUMBER,),
    "pillar": (QuestionType.CHOICE,),
}
DONT_KNOW_LABEL = Text("Weet ik niet", "I don't know")
NO_ANSWER_LABEL = Text("Wil ik niet zeggen", "Rather not say")
YES_LABEL = Text("Ja", "Yes")
NO_LABEL = Text("Nee", "No")


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: Text
    section_id: str
    pillar: str
    feeds: ReportPart
    help: Text | None = None
    required: bool = False
    items: tuple[str, ...] = ()
    show_if: Condition | None = None
    options: tuple[AnswerOption, ...] = ()
    scale: str = "agree"
    dont_know: bool = False
    min: int | None = None
    max: int | None = None
    unit: Text | None = None
    past_only: bool = False
    max_length: int = 1000
    records: str | None = None  # contribution log: the column of a contribution it fills
    shows_results: bool = False  # info screen: also shows the closed round's results (pillar)
    line: int = 0

    @property
    def answerable(self) -> bool:
        return self.type is not QuestionType.INFO

    @property
    def has_buttons(self) -> bool:
        return self.type in (
            QuestionType.LIKERT,
            QuestionType.YESNO,
            QuestionType.CHOICE,
            QuestionType.MULTI,
        )

    def choices(self) -> tuple[AnswerOption, ...]:
        """The buttons of a closed question, in display order."""
        if self.type is QuestionType.LIKERT:
            scale = LIKERT_SCALES[self.scale]
            return (
                *(AnswerOption(str(i + 1), label) for i, label in enumerate(scale)),
                AnswerOption(DONT_KNOW, DONT_KNOW_LABEL),
                AnswerOption(NO_ANSWER, NO_ANSWER_LABEL),
            )
        if self.type is QuestionType.YESNO:
            extra = (AnswerOption(DONT_KNOW, DONT_KNOW_LABEL),) if self.dont_know else ()
            return (AnswerOption("yes", YES_LABEL), AnswerOption("no", NO_LABEL), *extra)
        return self.options

    def label_of(self, token: str, lang: Lang = "nl") -> str:
        for choice in self.choices():
            if choice.token == token:
                return choice.label.get(lang)
        return token


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    pillar: str
    feeds: ReportPart
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    role: Role
    kind: Kind
    title: Text
    intro: Text
    outro: Text | None
    minutes: int
    sections: tuple[Section, ...]
    version: str
    source: str = ""
    also_for: tuple[Role, ...] = ()  # other roles that answer this same questionnaire
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({q.id: q for q in self.questions})

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        return self._index.get(question_id)

    def section_of(self, question: Question) -> Section:
        return next(s for s in self.sections if s.id == question.section_id)


@dataclass(frozen=True)
class Item:
    id: str
    pillar: str
    text: str | None = None
    art_extra: bool = False
    source: str | None = None  # where the text is quoted from


@dataclass(frozen=True)
class Pillar:
    id: str
    title: str
    confirmed: bool
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Framework:
    name: str
    pillars: tuple[Pillar, ...]

    def pillar(self, pillar_id: str) -> Pillar | None:
        return next((p for p in self.pillars if p.id == pillar_id), None)

    def items(self) -> Iterator[Item]:
        for pillar in self.pillars:
            yield from pillar.items

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    @property
    def art_extra_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items() if i.art_extra)


@dataclass(frozen=True)
class Catalog:
    """Everything loaded from one definitions folder."""

    framework: Framework
    questionnaires: dict[str, Questionnaire]

    def for_role(self, role: Role | str, kind: Kind = Kind.SURVEY) -> Questionnaire | None:
        return next(
            (
                q
                for q in self.questionnaires.values()
                if (q.role == role or role in q.also_for) and q.kind == kind
            ),
            None,
        )
