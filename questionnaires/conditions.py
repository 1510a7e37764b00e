"""`show_if` in a questionnaire file: a question shown only after a certain answer to an
earlier one (`{question: ..., equals|in|contains: ...}`), checked against what the author wrote
above it."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from pydantic import Field, PrivateAttr

from questionnaires.fields import FileEntry, Reading, needed, refuse
from questionnaires.model import Condition, Question, QuestionType, Text
from questionnaires.reading import closest, suggest, written

SHOW_IF = Text(
    "schrijf 'show_if' als {question: ..., equals: ...}. In plaats van equals kan ook in of "
    "contains.",
    "'show_if' needs {question: ..., equals|in|contains: ...}.",
)


class ShowIf(FileEntry):
    """`show_if: {question: ..., equals|in|contains: ...}`: an earlier answer that shows it."""

    what: ClassVar[Text] = Text("'show_if'", "'show_if'")
    shape: ClassVar[Text] = SHOW_IF
    question: Any = needed(
        "Schrijf {question: ..., equals: ...}: de vraag ervoor en het antwoord dat hem laat zien.",
        "Write {question: ..., equals|in|contains: ...}.",
    )
    equals: Any = None
    in_: Any = Field(None, alias="in")
    contains: Any = None
    _condition: Condition = PrivateAttr()

    def check(self, seen: Reading) -> None:
        """It looks back at an earlier question, with one of its possible answers."""
        target_id = written(self.question)
        if not target_id:
            refuse(
                "bij 'question' staat geen vraag. Schrijf de id van een vraag die ervoor staat.",
                "'question' is empty. Write the id of an earlier question.",
            )
        target = seen.questions.get(target_id)
        if target is None and target_id == seen.asking:
            refuse(
                "een vraag kan niet van zichzelf afhangen. Noem bij 'question' een vraag die "
                "ervoor staat.",
                "a question cannot depend on itself. Name an earlier question.",
            )
        if target is None and target_id in seen.ids_in_file:
            # An earlier question with problems of its own: those say what to fix.
            self._condition = Condition(target_id, "equals", ())
            return
        if target is None:
            _not_before(target_id, seen)
        given = {"equals": self.equals, "in": self.in_, "contains": self.contains}
        ops = [op for op, value in given.items() if value is not None]
        if len(ops) != 1:
            refuse(
                "'show_if' heeft precies één van equals, in of contains nodig.",
                "'show_if' needs exactly one of equals, in, contains.",
            )
        op = ops[0]
        raw = given[op]
        values = tuple(raw) if op == "in" and isinstance(raw, list) else (raw,)
        if target.type is QuestionType.MULTI and op != "contains":
            refuse(
                f"bij '{target_id}' kun je meer antwoorden kiezen (multi). Gebruik 'contains'.",
                f"'{target_id}' is a multi question: use 'contains'.",
            )
        if op == "contains" and target.type is not QuestionType.MULTI:
            refuse(
                "'contains' werkt alleen bij een vraag waar je meer antwoorden kunt kiezen "
                "(multi). Gebruik 'equals' of 'in'.",
                "'contains' only works on a multi question.",
            )
        if target.has_buttons:
            values = tuple(_answer_of(target, value) for value in values)
        self._condition = Condition(target_id, op, values)  # type: ignore[arg-type]

    @property
    def condition(self) -> Condition:
        return self._condition


def _not_before(target_id: str, seen: Reading) -> NoReturn:
    """Refuse a show_if that names no earlier question of the file: one further down, or a
    typo of an earlier one."""
    if target_id in seen.ids_written:
        refuse(
            f"'show_if' noemt de vraag '{target_id}', maar die staat pas verderop. Een vraag "
            f"kan alleen afhangen van een vraag die ervoor staat: zet '{target_id}' eerder.",
            f"'show_if' refers to {target_id!r}, which comes later in this file. A condition "
            f"can only look back: move {target_id!r} up.",
        )
    meant = closest(target_id, sorted(seen.ids_in_file - {seen.asking or ""}))
    hint = Text(f" Bedoel je '{meant}'?", f" Did you mean '{meant}'?") if meant else Text("", "")
    refuse(
        f"'show_if' noemt de vraag '{target_id}', maar die staat niet eerder in dit bestand. "
        f"Een vraag kan alleen afhangen van een vraag die ervoor staat.{hint.nl}",
        f"'show_if' refers to {target_id!r}, which is not an earlier question in this "
        f"file. A condition can only look back.{hint.en}",
    )


def _answer_of(target: Question, value: Any) -> int | str:
    """A value of show_if as the token the target's button stores."""
    # YAML 1.1 reads an unquoted yes/no as true/false: mean the yesno tokens.
    token = ("yes" if value else "no") if isinstance(value, bool) else written(value)
    tokens = [c.token for c in target.choices()]
    if token not in tokens:
        hint = suggest(token, tokens)
        refuse(
            f"'{token}' is geen antwoord dat je bij '{target.id}' kunt geven.{hint.nl}",
            f"{token!r} is not a possible answer of '{target.id}'.{hint.en}",
        )
    return int(token) if target.type is QuestionType.LIKERT and token.isdigit() else token
