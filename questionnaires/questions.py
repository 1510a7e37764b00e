"""One question of a questionnaire file, and its `show_if` condition, read and checked: its
type, texts (and whether they fit a phone), answer options, limits and what it feeds."""

from __future__ import annotations

from questionnaires.model import (
    LIKERT_SCALES,
    RECORD_FIELDS,
    Choice,
    Condition,
    Framework,
    Question,
    QuestionType,
    ReportPart,
    Section,
)
from questionnaires.reading import Map, Reader, suggest

MAX_BUTTON_LABEL = 30
MAX_TEXT_LENGTH = 4000
# Telegram's message limit is 4096; leave room for progress line, help and formatting.
MAX_QUESTION_TEXT = 3000

QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "help",
    "required",
    "pillar",
    "items",
    "feeds",
    "show_if",
    "options",
    "scale",
    "dont_know",
    "min",
    "max",
    "unit",
    "past_only",
    "max_length",
    "records",
    "shows_results",
}


def read_question(
    reader: Reader,
    raw: Map,
    section: Section,
    framework: Framework,
    earlier: dict[str, Question],
    all_ids: dict[str, str],
) -> Question | None:
    qid = reader.check_id(raw.get("id"), raw.line, None, "question")
    where = qid or f"question at line {raw.line}"
    reader.check_keys(raw, QUESTION_KEYS, where, "a question")
    type_name = raw.get("type")
    types = [t.value for t in QuestionType]
    if type_name not in types:
        reader.problem(
            raw.line, where, f"unknown type {type_name!r}.{suggest(str(type_name), types)}"
        )
        return None
    qtype = QuestionType(type_name)
    text = reader.text(raw, "text", where)
    help_text = reader.text(raw, "help", where, required=False)
    if text and len(text.nl) > MAX_QUESTION_TEXT:
        reader.problem(raw.line, where, f"the text is longer than {MAX_QUESTION_TEXT} characters.")

    if qid is not None:
        if qid in all_ids:
            reader.problem(raw.line, where, f"the id '{qid}' is already used in {all_ids[qid]}.")
        all_ids[qid] = reader.name

    pillar, feeds = _place(reader, raw, where, section, framework)
    items = _items(reader, raw, where, framework)
    options = _options(reader, raw, where, qtype)
    scale, low, high, max_length = _limits(reader, raw, where, qtype)
    _check_flags(reader, raw, where, qtype)
    show_if = _condition(reader, raw, where, earlier)
    records = _records(reader, raw, where, qtype)
    if text is None or qid is None:
        return None
    question = Question(
        id=qid,
        type=qtype,
        text=text,
        section_id=section.id,
        pillar=pillar,
        feeds=feeds,
        help=help_text,
        required=bool(raw.get("required", False)),
        items=tuple(items),
        show_if=show_if,
        options=tuple(options),
        scale=scale,
        dont_know=bool(raw.get("dont_know", False)),
        min=low,
        max=high,
        unit=reader.text(raw, "unit", where, required=False),
        past_only=bool(raw.get("past_only", False)),
        max_length=max_length,
        records=records,
        shows_results=bool(raw.get("shows_results", False)),
        line=raw.line,
    )
    _check_question(reader, raw, where, question)
    return question


def _place(
    reader: Reader, raw: Map, where: str, section: Section, framework: Framework
) -> tuple[str, ReportPart]:
    """The question's pillar and the report part it feeds (the section's unless it says)."""
    pillar = str(raw.get("pillar", section.pillar))
    if framework.pillars and framework.pillar(pillar) is None:
        known = [p.id for p in framework.pillars]
        reader.problem(raw.line, where, f"unknown pillar {pillar!r}.{suggest(pillar, known)}")
    feeds_raw = raw.get("feeds", section.feeds.value)
    parts = [p.value for p in ReportPart]
    if feeds_raw not in parts:
        reader.problem(
            raw.line, where, f"unknown report part {feeds_raw!r}.{suggest(str(feeds_raw), parts)}"
        )
        return pillar, section.feeds
    return pillar, ReportPart(feeds_raw)


def _items(reader: Reader, raw: Map, where: str, framework: Framework) -> list[str]:
    """The framework items the question is about."""
    items_raw = raw.get("items") or []
    if not isinstance(items_raw, list):
        reader.problem(raw.line, where, "'items' must be a list, e.g. [\"1.i\"].")
        return []
    items: list[str] = []
    for item in items_raw:
        item_id = str(item)
        if framework.pillars and framework.item(item_id) is None:
            known = [i.id for i in framework.items()]
            reader.problem(
                raw.line,
                where,
                f"unknown framework item {item_id!r}. Add it to framework.yaml or use one "
                f"of: {', '.join(known)}.",
            )
        items.append(item_id)
    return items


def _options(reader: Reader, raw: Map, where: str, qtype: QuestionType) -> list[Choice]:
    """The answer options of a choice or multi question (none for other types)."""
    if qtype not in (QuestionType.CHOICE, QuestionType.MULTI):
        if "options" in raw:
            reader.problem(
                raw.line, where, f"'options' only belongs to choice and multi, not {qtype}."
            )
        return []
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        reader.problem(raw.line, where, "a choice question needs 'options' with at least 2.")
        return []
    options: list[Choice] = []
    seen: set[str] = set()
    for opt in raw_options:
        if not isinstance(opt, Map):
            reader.problem(raw.line, where, "each option needs an 'id' and a 'label'.")
            continue
        oid = reader.check_id(opt.get("id"), opt.line, where, "option")
        label = reader.text(opt, "label", where)
        if oid in seen:
            reader.problem(opt.line, where, f"option id '{oid}' is used twice.")
        if oid and label:
            seen.add(oid)
            options.append(Choice(oid, label))
    return options


def _limits(
    reader: Reader, raw: Map, where: str, qtype: QuestionType
) -> tuple[str, int | None, int | None, int]:
    """The likert scale, min and max (a number's range, a multi question's most choices) and
    the longest text answer."""
    scale = str(raw.get("scale", "agree"))
    if qtype is QuestionType.LIKERT and scale not in LIKERT_SCALES:
        reader.problem(
            raw.line, where, f"unknown scale {scale!r}.{suggest(scale, list(LIKERT_SCALES))}"
        )
        scale = "agree"
    low, high = raw.get("min"), raw.get("max")
    if qtype is QuestionType.NUMBER:
        if not isinstance(low, int) or not isinstance(high, int) or low > high:
            reader.problem(raw.line, where, "a number question needs whole numbers 'min' <= 'max'.")
            low, high = 0, 0
    elif (
        qtype is QuestionType.MULTI and high is not None and (not isinstance(high, int) or high < 1)
    ):
        reader.problem(raw.line, where, "'max' of a multi question must be a whole number >= 1.")
        high = None
    max_length = raw.get("max_length", 1000)
    if not isinstance(max_length, int) or not 1 <= max_length <= MAX_TEXT_LENGTH:
        reader.problem(
            raw.line, where, f"'max_length' must be a whole number from 1 to {MAX_TEXT_LENGTH}."
        )
        max_length = 1000
    return (
        scale,
        low if isinstance(low, int) else None,
        high if isinstance(high, int) else None,
        max_length,
    )


def _check_flags(reader: Reader, raw: Map, where: str, qtype: QuestionType) -> None:
    """The true/false settings are booleans, and shows_results is on an info screen only."""
    if raw.get("shows_results") and qtype is not QuestionType.INFO:
        reader.problem(raw.line, where, "'shows_results' only belongs to an info screen.")
    for flag in ("required", "dont_know", "past_only", "shows_results"):
        if flag in raw and not isinstance(raw[flag], bool):
            reader.problem(raw.line, where, f"'{flag}' must be true or false, without quotes.")


def _records(reader: Reader, raw: Map, where: str, qtype: QuestionType) -> str | None:
    """The contribution field the answer fills, if it fits the question's type."""
    records = raw.get("records")
    if records is None:
        return None
    if records not in RECORD_FIELDS or qtype not in RECORD_FIELDS[str(records)]:
        fits = [f for f, types in RECORD_FIELDS.items() if qtype in types]
        reader.problem(
            raw.line,
            where,
            f"'records: {records}' does not fit a {qtype} question; "
            + (f"use {' or '.join(fits)}." if fits else "leave it out."),
        )
        return None
    return str(records)


def _check_question(reader: Reader, raw: Map, where: str, question: Question) -> None:
    """What only the whole question shows: a required info screen, button labels too long."""
    if question.type is QuestionType.INFO and question.required:
        reader.problem(raw.line, where, "an info screen cannot be required.")
    for choice in question.choices():
        for lang_text in (choice.label.nl, choice.label.en or ""):
            if len(lang_text) > MAX_BUTTON_LABEL:
                reader.problem(
                    raw.line,
                    where,
                    f"the button label {lang_text!r} has {len(lang_text)} characters; keep it at "
                    f"most {MAX_BUTTON_LABEL} so it fits a Telegram button on a phone.",
                )


def _condition(
    reader: Reader, raw: Map, where: str, earlier: dict[str, Question]
) -> Condition | None:
    cond = raw.get("show_if")
    if cond is None:
        return None
    if not isinstance(cond, Map) or "question" not in cond:
        reader.problem(raw.line, where, "'show_if' needs {question: ..., equals|in|contains: ...}.")
        return None
    target_id = str(cond["question"])
    target = earlier.get(target_id)
    if target is None:
        reader.problem(
            cond.line,
            where,
            f"'show_if' refers to {target_id!r}, which is not an earlier question in this file. "
            "A condition can only look back.",
        )
        return None
    ops = [op for op in ("equals", "in", "contains") if op in cond]
    if len(ops) != 1:
        reader.problem(cond.line, where, "'show_if' needs exactly one of equals, in, contains.")
        return None
    op = ops[0]
    raw_values = cond[op]
    values = tuple(raw_values) if op == "in" and isinstance(raw_values, list) else (raw_values,)
    if target.type is QuestionType.MULTI and op != "contains":
        reader.problem(cond.line, where, f"'{target_id}' is a multi question: use 'contains'.")
    if op == "contains" and target.type is not QuestionType.MULTI:
        reader.problem(cond.line, where, "'contains' only works on a multi question.")
    if target.has_buttons:
        tokens = [c.token for c in target.choices()]
        typed: list[int | str] = []
        for value in values:
            # YAML 1.1 reads an unquoted yes/no as true/false: mean the yesno tokens.
            token = ("yes" if value else "no") if isinstance(value, bool) else str(value)
            if token not in tokens:
                reader.problem(
                    cond.line,
                    where,
                    f"{token!r} is not a possible answer of '{target_id}'."
                    + suggest(token, tokens),
                )
            typed.append(
                int(token) if target.type is QuestionType.LIKERT and token.isdigit() else token
            )
        values = tuple(typed)
    return Condition(target_id, op, values)  # type: ignore[arg-type]
