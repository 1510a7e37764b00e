"""Load and validate questionnaire YAML, reporting every problem at once with file and line."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from questionnaires.model import (
    LIKERT_SCALES,
    RECORD_FIELDS,
    Catalog,
    Choice,
    Condition,
    Framework,
    Item,
    Kind,
    Pillar,
    Question,
    Questionnaire,
    QuestionType,
    ReportPart,
    Role,
    Section,
    Text,
)

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
FRAMEWORK_FILE = "framework.yaml"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_BUTTON_LABEL = 30
MAX_TEXT_LENGTH = 4000
# Telegram's message limit is 4096; leave room for progress line, help and formatting.
MAX_QUESTION_TEXT = 3000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    where: str | None
    message: str

    def __str__(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        who = f" [{self.where}]" if self.where else ""
        return f"{place}{who}: {self.message}"


class QuestionnaireError(Exception):
    """Raised with every problem found; the message lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Map(dict[str, Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of each mapping and refuses duplicate keys."""

    duplicate_keys: list[tuple[str, int]]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    result = _Map()
    for (key_node, _), (key, value) in zip(node.value, pairs, strict=True):
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        result[str(key)] = value
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"{hint} Use one of: {', '.join(options)}."


class _Reader:
    """Collects problems for one file while turning raw YAML into model objects."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.name = path.name
        self.problems = problems

    def problem(self, line: int | None, where: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, line, where, message))

    def load(self) -> Any:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(None, None, f"cannot read the file ({exc}). Save it as UTF-8 text.")
            return None
        loader = _LineLoader(raw)
        loader.duplicate_keys = []
        try:
            data = loader.get_single_data()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            reason = getattr(exc, "problem", None) or str(exc)
            if "expected ',' or '}'" in reason:
                reason += '; inside {nl: ..., en: ...} put a text with ? or : between "quotes"'
            self.problem(
                line,
                None,
                f"this is not valid YAML ({reason}). Check indentation and quotes on this line "
                "and the one above.",
            )
            return None
        finally:
            loader.dispose()
        for key, line in loader.duplicate_keys:
            self.problem(line, None, f"the key '{key}' appears twice here. Keep one.")
        return data

    def text(self, m: _Map, key: str, where: str | None, *, required: bool = True) -> Text | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line, where, f"'{key}' is missing. Add a Dutch text.")
            return None
        nl: Any
        en: Any
        if isinstance(value, str):
            nl, en = value, None
        elif isinstance(value, dict):
            nl, en = value.get("nl"), value.get("en")
            unknown = sorted(set(value) - {"nl", "en"})
            if unknown:
                self.problem(
                    m.line, where, f"'{key}' has unknown language(s) {unknown}; use nl and en."
                )
        else:
            self.problem(m.line, where, f"'{key}' must be a text or {{nl: ..., en: ...}}.")
            return None
        if not isinstance(nl, str) or not nl.strip():
            self.problem(m.line, where, f"'{key}' has no Dutch text (nl). Add it.")
            return None
        if en is not None and not isinstance(en, str):
            self.problem(m.line, where, f"'{key}.en' must be text.")
            en = None
        return Text(nl.strip(), en.strip() if en else None)

    def check_id(self, value: Any, line: int, where: str | None, what: str) -> str | None:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                line,
                where,
                f"{what} id {value!r} is not valid: use lower-case letters, digits and _, "
                "starting with a letter, at most 40 characters.",
            )
            return None
        return value

    def check_keys(self, m: _Map, allowed: set[str], where: str | None, what: str) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.line,
                    where,
                    f"unknown field '{key}' in {what}.{_suggest(key, sorted(allowed))}",
                )


def load_framework(path: Path, problems: list[Problem]) -> Framework:
    reader = _Reader(path, problems)
    data = reader.load()
    if not isinstance(data, _Map):
        if data is not None:
            reader.problem(None, None, "the framework file must be a mapping with 'pillars'.")
        return Framework("", ())
    pillars: list[Pillar] = []
    seen_items: set[str] = set()
    for raw in data.get("pillars") or []:
        if not isinstance(raw, _Map):
            reader.problem(data.line, None, "each pillar must be a mapping with id and title.")
            continue
        reader.check_keys(raw, {"id", "title", "confirmed", "items"}, None, "a pillar")
        pillar_id = str(raw.get("id", "")).strip()
        title = raw.get("title")
        if not pillar_id or not isinstance(title, str):
            reader.problem(raw.line, None, "a pillar needs an 'id' and a 'title'.")
            continue
        items: list[Item] = []
        for item in raw.get("items") or []:
            if not isinstance(item, _Map) or not str(item.get("id", "")).strip():
                reader.problem(raw.line, pillar_id, "each item needs an 'id', e.g. \"1.i\".")
                continue
            reader.check_keys(item, {"id", "text", "art_extra"}, pillar_id, "an item")
            item_id = str(item["id"]).strip()
            if item_id in seen_items:
                reader.problem(item.line, item_id, "this item id is listed twice.")
            seen_items.add(item_id)
            text = item.get("text")
            items.append(
                Item(item_id, pillar_id, str(text) if text else None, bool(item.get("art_extra")))
            )
        pillars.append(Pillar(pillar_id, title, bool(raw.get("confirmed", False)), tuple(items)))
    if not pillars:
        reader.problem(None, None, "no pillars found. List at least one under 'pillars:'.")
    if len({p.id for p in pillars}) != len(pillars):
        reader.problem(None, None, "two pillars share an id. Give each pillar its own id.")
    return Framework(str(data.get("framework", "")), tuple(pillars))


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


def _question(
    reader: _Reader,
    raw: _Map,
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
            raw.line, where, f"unknown type {type_name!r}.{_suggest(str(type_name), types)}"
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

    pillar = str(raw.get("pillar", section.pillar))
    if framework.pillars and framework.pillar(pillar) is None:
        known = [p.id for p in framework.pillars]
        reader.problem(raw.line, where, f"unknown pillar {pillar!r}.{_suggest(pillar, known)}")
    feeds_raw = raw.get("feeds", section.feeds.value)
    parts = [p.value for p in ReportPart]
    feeds = ReportPart(feeds_raw) if feeds_raw in parts else section.feeds
    if feeds_raw not in parts:
        reader.problem(
            raw.line, where, f"unknown report part {feeds_raw!r}.{_suggest(str(feeds_raw), parts)}"
        )

    items_raw = raw.get("items") or []
    items: list[str] = []
    if not isinstance(items_raw, list):
        reader.problem(raw.line, where, "'items' must be a list, e.g. [\"1.i\"].")
    else:
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

    options: list[Choice] = []
    if qtype in (QuestionType.CHOICE, QuestionType.MULTI):
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            reader.problem(raw.line, where, "a choice question needs 'options' with at least 2.")
        else:
            seen: set[str] = set()
            for opt in raw_options:
                if not isinstance(opt, _Map):
                    reader.problem(raw.line, where, "each option needs an 'id' and a 'label'.")
                    continue
                oid = reader.check_id(opt.get("id"), opt.line, where, "option")
                label = reader.text(opt, "label", where)
                if oid in seen:
                    reader.problem(opt.line, where, f"option id '{oid}' is used twice.")
                if oid and label:
                    seen.add(oid)
                    options.append(Choice(oid, label))
    elif "options" in raw:
        reader.problem(raw.line, where, f"'options' only belongs to choice and multi, not {qtype}.")

    scale = str(raw.get("scale", "agree"))
    if qtype is QuestionType.LIKERT and scale not in LIKERT_SCALES:
        reader.problem(
            raw.line, where, f"unknown scale {scale!r}.{_suggest(scale, list(LIKERT_SCALES))}"
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

    if raw.get("shows_results") and qtype is not QuestionType.INFO:
        reader.problem(raw.line, where, "'shows_results' only belongs to an info screen.")
    for flag in ("required", "dont_know", "past_only", "shows_results"):
        if flag in raw and not isinstance(raw[flag], bool):
            reader.problem(raw.line, where, f"'{flag}' must be true or false, without quotes.")
    show_if = _condition(reader, raw, where, earlier)
    records = raw.get("records")
    if records is not None and (
        records not in RECORD_FIELDS or qtype not in RECORD_FIELDS[str(records)]
    ):
        fits = [f for f, types in RECORD_FIELDS.items() if qtype in types]
        reader.problem(
            raw.line,
            where,
            f"'records: {records}' does not fit a {qtype} question; "
            + (f"use {' or '.join(fits)}." if fits else "leave it out."),
        )
        records = None
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
        min=low if isinstance(low, int) else None,
        max=high if isinstance(high, int) else None,
        unit=reader.text(raw, "unit", where, required=False),
        past_only=bool(raw.get("past_only", False)),
        max_length=max_length,
        records=str(records) if records is not None else None,
        shows_results=bool(raw.get("shows_results", False)),
        line=raw.line,
    )
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
    return question


def _condition(
    reader: _Reader, raw: _Map, where: str, earlier: dict[str, Question]
) -> Condition | None:
    cond = raw.get("show_if")
    if cond is None:
        return None
    if not isinstance(cond, _Map) or "question" not in cond:
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
                    + _suggest(token, tokens),
                )
            typed.append(
                int(token) if target.type is QuestionType.LIKERT and token.isdigit() else token
            )
        values = tuple(typed)
    return Condition(target_id, op, values)  # type: ignore[arg-type]


def load_questionnaire(
    path: Path, framework: Framework, problems: list[Problem], all_ids: dict[str, str]
) -> Questionnaire | None:
    reader = _Reader(path, problems)
    data = reader.load()
    if not isinstance(data, _Map):
        if data is not None:
            reader.problem(
                None, None, "a questionnaire file must be a mapping with id, role and sections."
            )
        return None
    reader.check_keys(
        data,
        {"id", "role", "also_for", "kind", "title", "intro", "outro", "minutes", "sections"},
        None,
        "the questionnaire",
    )
    qn_id = reader.check_id(data.get("id"), data.line, None, "questionnaire")
    roles = [r.value for r in Role]
    role = data.get("role")
    if role not in roles:
        reader.problem(data.line, None, f"unknown role {role!r}.{_suggest(str(role), roles)}")
    also_for = data.get("also_for", [])
    if not isinstance(also_for, list) or any(r not in roles or r == role for r in also_for):
        reader.problem(
            data.line, None, f"'also_for' must list other roles, from: {', '.join(roles)}."
        )
        also_for = []
    kinds = [k.value for k in Kind]
    kind = data.get("kind", "survey")
    if kind not in kinds:
        reader.problem(data.line, None, f"unknown kind {kind!r}.{_suggest(str(kind), kinds)}")
    title = reader.text(data, "title", None)
    intro = reader.text(data, "intro", None)
    outro = reader.text(data, "outro", None, required=False)
    minutes = data.get("minutes", 10)
    if not isinstance(minutes, int) or minutes < 1:
        reader.problem(data.line, None, "'minutes' must be a whole number of minutes.")
        minutes = 10

    sections: list[Section] = []
    earlier: dict[str, Question] = {}
    section_ids: set[str] = set()
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        reader.problem(data.line, None, "'sections' is missing or empty. Add at least one section.")
        raw_sections = []
    for raw_section in raw_sections:
        if not isinstance(raw_section, _Map):
            reader.problem(data.line, None, "each section must be a mapping with id and questions.")
            continue
        reader.check_keys(
            raw_section, {"id", "title", "pillar", "feeds", "questions"}, None, "a section"
        )
        sid = reader.check_id(raw_section.get("id"), raw_section.line, None, "section") or "?"
        if sid in section_ids:
            reader.problem(raw_section.line, sid, "this section id is used twice in the file.")
        section_ids.add(sid)
        stitle = reader.text(raw_section, "title", f"section {sid}") or Text(sid)
        pillar = str(raw_section.get("pillar", "overstijgend"))
        if framework.pillars and framework.pillar(pillar) is None:
            known = [p.id for p in framework.pillars]
            reader.problem(
                raw_section.line,
                f"section {sid}",
                f"unknown pillar {pillar!r}.{_suggest(pillar, known)}",
            )
        feeds_raw = raw_section.get("feeds", "terugblik")
        parts = [p.value for p in ReportPart]
        if feeds_raw not in parts:
            reader.problem(
                raw_section.line,
                f"section {sid}",
                f"unknown report part {feeds_raw!r}.{_suggest(str(feeds_raw), parts)}",
            )
        feeds = ReportPart(feeds_raw) if feeds_raw in parts else ReportPart.TERUGBLIK
        shell = Section(sid, stitle, pillar, feeds, ())
        questions: list[Question] = []
        raw_questions = raw_section.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            reader.problem(raw_section.line, f"section {sid}", "this section has no questions.")
            raw_questions = []
        for raw_q in raw_questions:
            if not isinstance(raw_q, _Map):
                reader.problem(
                    raw_section.line, f"section {sid}", "each question must be a mapping."
                )
                continue
            question = _question(reader, raw_q, shell, framework, earlier, all_ids)
            if question is not None:
                questions.append(question)
                earlier[question.id] = question
        sections.append(Section(sid, stitle, pillar, feeds, tuple(questions)))

    if not any(q.answerable for s in sections for q in s.questions) and sections:
        reader.problem(data.line, None, "this questionnaire has no question to answer.")
    filled: dict[str, str] = {}
    for q in (q for s in sections for q in s.questions if q.records):
        if kind != Kind.CONTRIBUTION:
            reader.problem(q.line, q.id, "'records' only belongs in a contribution questionnaire.")
        elif q.records in filled:
            reader.problem(
                q.line, q.id, f"'records: {q.records}' is already filled by {filled[q.records]}."
            )
        filled[str(q.records)] = q.id
    if qn_id is None or role not in roles or kind not in kinds or title is None or intro is None:
        return None
    return Questionnaire(
        id=qn_id,
        role=Role(role),
        kind=Kind(kind),
        title=title,
        intro=intro,
        outro=outro,
        minutes=minutes,
        sections=tuple(sections),
        version=_version(data),
        source=str(path),
        also_for=tuple(Role(r) for r in also_for),
    )


def _version(data: Any) -> str:
    """A content hash: formatting and comments do not change it, any content change does."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def load_catalog(path: Path | None = None) -> Catalog:
    """Load a definitions folder (or one questionnaire file beside its framework.yaml).

    Raises QuestionnaireError listing every problem found.
    """
    path = Path(path) if path is not None else DEFINITIONS_DIR
    problems: list[Problem] = []
    if not path.exists():
        raise QuestionnaireError(
            [Problem(str(path), None, None, "this file or folder does not exist.")]
        )
    folder = path if path.is_dir() else path.parent
    framework_path = folder / FRAMEWORK_FILE
    if not framework_path.exists():
        framework_path = DEFINITIONS_DIR / FRAMEWORK_FILE
    framework = load_framework(framework_path, problems)
    files = (
        sorted(p for p in folder.glob("*.yaml") if p.name != FRAMEWORK_FILE)
        if path.is_dir()
        else [path]
    )
    if not files:
        problems.append(Problem(str(folder), None, None, "no questionnaire files (*.yaml) found."))
    questionnaires: dict[str, Questionnaire] = {}
    all_ids: dict[str, str] = {}
    for file in files:
        questionnaire = load_questionnaire(file, framework, problems, all_ids)
        if questionnaire is None:
            continue
        if questionnaire.id in questionnaires:
            problems.append(
                Problem(
                    file.name, None, None, f"questionnaire id '{questionnaire.id}' is used twice."
                )
            )
        questionnaires[questionnaire.id] = questionnaire
    seen_roles: dict[tuple[Role, Kind], str] = {}
    for q in questionnaires.values():
        for role in (q.role, *q.also_for):
            key = (role, q.kind)
            if key in seen_roles:
                problems.append(
                    Problem(
                        Path(q.source).name,
                        None,
                        None,
                        f"role '{role}' already has a {q.kind} questionnaire in "
                        f"{seen_roles[key]}. Keep one file per role.",
                    )
                )
            seen_roles[key] = Path(q.source).name
    if problems:
        raise QuestionnaireError(problems)
    return Catalog(framework, questionnaires)
