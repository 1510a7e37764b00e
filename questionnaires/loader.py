"""Load and validate questionnaire YAML, reporting every problem at once with file and line:
the framework, each questionnaire file (its questions are read in questions.py, the YAML in
reading.py) and the catalog of them all."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from questionnaires.model import (
    Catalog,
    Framework,
    Item,
    Kind,
    Pillar,
    Question,
    Questionnaire,
    ReportPart,
    Role,
    Section,
    Text,
)
from questionnaires.questions import read_question
from questionnaires.reading import FileProblem, Map, QuestionnaireError, Reader, suggest

# The shipped questionnaires: package data, on disk wherever the wheel was installed.
DEFINITIONS_DIR = Path(str(resources.files("questionnaires") / "definitions"))
FRAMEWORK_FILE = "framework.yaml"


def load_framework(path: Path, problems: list[FileProblem]) -> Framework:
    reader = Reader(path, problems)
    data = reader.load()
    if not isinstance(data, Map):
        if data is not None:
            reader.problem(None, None, "the framework file must be a mapping with 'pillars'.")
        return Framework("", ())
    pillars: list[Pillar] = []
    seen_items: set[str] = set()
    for raw in data.get("pillars") or []:
        if not isinstance(raw, Map):
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
            if not isinstance(item, Map) or not str(item.get("id", "")).strip():
                reader.problem(raw.line, pillar_id, "each item needs an 'id', e.g. \"1.i\".")
                continue
            reader.check_keys(item, {"id", "text", "art_extra", "source"}, pillar_id, "an item")
            item_id = str(item["id"]).strip()
            if item_id in seen_items:
                reader.problem(item.line, item_id, "this item id is listed twice.")
            seen_items.add(item_id)
            text, source = item.get("text"), item.get("source")
            items.append(
                Item(
                    item_id,
                    pillar_id,
                    str(text) if text else None,
                    bool(item.get("art_extra")),
                    str(source) if source else None,
                )
            )
        pillars.append(Pillar(pillar_id, title, bool(raw.get("confirmed", False)), tuple(items)))
    if not pillars:
        reader.problem(None, None, "no pillars found. List at least one under 'pillars:'.")
    if len({p.id for p in pillars}) != len(pillars):
        reader.problem(None, None, "two pillars share an id. Give each pillar its own id.")
    return Framework(str(data.get("framework", "")), tuple(pillars))


def load_questionnaire(
    path: Path, framework: Framework, problems: list[FileProblem], all_ids: dict[str, str]
) -> Questionnaire | None:
    reader = Reader(path, problems)
    data = reader.load()
    if not isinstance(data, Map):
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
        reader.problem(data.line, None, f"unknown role {role!r}.{suggest(str(role), roles)}")
    also_for = data.get("also_for", [])
    if not isinstance(also_for, list) or any(r not in roles or r == role for r in also_for):
        reader.problem(
            data.line, None, f"'also_for' must list other roles, from: {', '.join(roles)}."
        )
        also_for = []
    kinds = [k.value for k in Kind]
    kind = data.get("kind", "survey")
    if kind not in kinds:
        reader.problem(data.line, None, f"unknown kind {kind!r}.{suggest(str(kind), kinds)}")
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
        if not isinstance(raw_section, Map):
            reader.problem(data.line, None, "each section must be a mapping with id and questions.")
            continue
        sections.append(read_section(reader, raw_section, framework, earlier, all_ids, section_ids))

    if not any(q.answerable for s in sections for q in s.questions) and sections:
        reader.problem(data.line, None, "this questionnaire has no question to answer.")
    _check_records(reader, sections, kind)
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


def read_section(
    reader: Reader,
    raw: Map,
    framework: Framework,
    earlier: dict[str, Question],
    all_ids: dict[str, str],
    section_ids: set[str],
) -> Section:
    """One section and its questions; `earlier` (the questions before it, for show_if) and
    `section_ids` grow with it."""
    reader.check_keys(raw, {"id", "title", "pillar", "feeds", "questions"}, None, "a section")
    sid = reader.check_id(raw.get("id"), raw.line, None, "section") or "?"
    if sid in section_ids:
        reader.problem(raw.line, sid, "this section id is used twice in the file.")
    section_ids.add(sid)
    where = f"section {sid}"
    stitle = reader.text(raw, "title", where) or Text(sid)
    pillar = str(raw.get("pillar", "overstijgend"))
    if framework.pillars and framework.pillar(pillar) is None:
        known = [p.id for p in framework.pillars]
        reader.problem(raw.line, where, f"unknown pillar {pillar!r}.{suggest(pillar, known)}")
    feeds_raw = raw.get("feeds", "terugblik")
    parts = [p.value for p in ReportPart]
    if feeds_raw not in parts:
        reader.problem(
            raw.line, where, f"unknown report part {feeds_raw!r}.{suggest(str(feeds_raw), parts)}"
        )
    feeds = ReportPart(feeds_raw) if feeds_raw in parts else ReportPart.TERUGBLIK
    shell = Section(sid, stitle, pillar, feeds, ())
    questions: list[Question] = []
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        reader.problem(raw.line, where, "this section has no questions.")
        raw_questions = []
    for raw_q in raw_questions:
        if not isinstance(raw_q, Map):
            reader.problem(raw.line, where, "each question must be a mapping.")
            continue
        question = read_question(reader, raw_q, shell, framework, earlier, all_ids)
        if question is not None:
            questions.append(question)
            earlier[question.id] = question
    return Section(sid, stitle, pillar, feeds, tuple(questions))


def _check_records(reader: Reader, sections: list[Section], kind: object) -> None:
    """`records` only in a contribution questionnaire, each field filled by one question."""
    filled: dict[str, str] = {}
    for q in (q for s in sections for q in s.questions if q.records):
        if kind != Kind.CONTRIBUTION:
            reader.problem(q.line, q.id, "'records' only belongs in a contribution questionnaire.")
        elif q.records in filled:
            reader.problem(
                q.line, q.id, f"'records: {q.records}' is already filled by {filled[q.records]}."
            )
        filled[str(q.records)] = q.id


def _version(data: Any) -> str:
    """A content hash: formatting and comments do not change it, any content change does."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def load_catalog(path: Path | None = None) -> Catalog:
    """Load a definitions folder (or one questionnaire file beside its framework.yaml).

    Raises QuestionnaireError listing every problem found.
    """
    path = Path(path) if path is not None else DEFINITIONS_DIR
    problems: list[FileProblem] = []
    if not path.exists():
        raise QuestionnaireError(
            [FileProblem(str(path), None, None, "this file or folder does not exist.")]
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
        problems.append(
            FileProblem(str(folder), None, None, "no questionnaire files (*.yaml) found.")
        )
    questionnaires: dict[str, Questionnaire] = {}
    all_ids: dict[str, str] = {}
    for file in files:
        questionnaire = load_questionnaire(file, framework, problems, all_ids)
        if questionnaire is None:
            continue
        if questionnaire.id in questionnaires:
            problems.append(
                FileProblem(
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
                    FileProblem(
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
