"""Load and validate questionnaire YAML, reporting every problem at once with file and line:
the framework, each questionnaire file and the catalog of them all. The YAML is read in
reading.py; the rules are on the pydantic models of files.py (a file, a section) and
questions.py (a question), built from fields.py."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from questionnaires.fields import Reading
from questionnaires.files import FrameworkFile, QuestionnaireFile
from questionnaires.model import Catalog, Framework, Kind, Questionnaire, Role, Text
from questionnaires.reading import FileProblem, QuestionnaireError, problem, read_yaml

# The shipped questionnaires: package data, on disk wherever the wheel was installed.
DEFINITIONS_DIR = Path(str(resources.files("questionnaires") / "definitions"))
FRAMEWORK_FILE = "framework.yaml"
F = TypeVar("F", FrameworkFile, QuestionnaireFile)


def load_framework(path: Path, problems: list[FileProblem]) -> Framework:
    """The framework's pillars and items (none when the file has problems: they are in
    `problems`, and questions are then not checked against it)."""
    data = read_yaml(path, problems)
    reading = Reading(path.name, Framework("", ()))
    entry = _validated(FrameworkFile, data, reading, problems)
    return entry.build() if entry is not None else Framework("", ())


def load_questionnaire(
    path: Path, framework: Framework, problems: list[FileProblem], question_files: dict[str, str]
) -> Questionnaire | None:
    """One questionnaire file, or None when it has problems (they are in `problems`);
    `question_files` (each question id and the file it is in) grows with its questions."""
    data = read_yaml(path, problems)
    reading = Reading(
        path.name, framework, question_files=question_files, ids_written=_question_ids(data)
    )
    entry = _validated(QuestionnaireFile, data, reading, problems)
    return entry.build(_version(data), str(path)) if entry is not None else None


def _question_ids(data: Any) -> set[str]:
    """Every question id written in a questionnaire file, valid or not (a show_if that looks
    ahead is told so)."""
    sections = data.get("sections") if isinstance(data, dict) else None
    return {
        str(question["id"])
        for section in (sections if isinstance(sections, list) else [])
        if isinstance(section, dict) and isinstance(section.get("questions"), list)
        for question in section["questions"]
        if isinstance(question, dict) and "id" in question
    }


def _validated(
    model: type[F], data: Any, reading: Reading, problems: list[FileProblem]
) -> F | None:
    if data is None:
        return None
    try:
        return model.model_validate(data, context=reading)
    except ValidationError as exc:
        for error in exc.errors():
            found = _file_problem(reading.file, error)
            if found not in problems:  # two options that are not mappings: said once
                problems.append(found)
        return None


def _file_problem(file: str, error: ErrorDetails) -> FileProblem:
    """A refusal as the author reads it; fields.FileEntry placed it (line, where) and said it
    in Dutch and English."""
    context = error.get("ctx") or {}
    where = context.get("where_nl")
    return FileProblem(
        file,
        context.get("line") or None,
        Text(where, context.get("where_en")) if where else None,
        Text(context.get("nl", error["msg"]), context.get("en")),
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
    if not path.exists():
        raise QuestionnaireError(
            [
                problem(
                    str(path),
                    None,
                    "dit bestand of deze map bestaat niet. Kijk of de naam goed is geschreven.",
                    "this file or folder does not exist.",
                )
            ]
        )
    problems: list[FileProblem] = []
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
            problem(
                str(folder),
                None,
                "in deze map staan geen vragenlijsten. Een vragenlijst is een bestand dat "
                "eindigt op .yaml.",
                "no questionnaire files (*.yaml) found.",
            )
        )
    questionnaires = _questionnaires(files, framework, problems)
    problems += _one_file_per_role(questionnaires)
    if problems:
        raise QuestionnaireError(problems)
    return Catalog(framework, questionnaires)


def _questionnaires(
    files: list[Path], framework: Framework, problems: list[FileProblem]
) -> dict[str, Questionnaire]:
    """The files in name order, each questionnaire id once and each question id once in all."""
    questionnaires: dict[str, Questionnaire] = {}
    question_files: dict[str, str] = {}
    for file in files:
        questionnaire = load_questionnaire(file, framework, problems, question_files)
        if questionnaire is None:
            continue
        if questionnaire.id in questionnaires:
            problems.append(
                problem(
                    file.name,
                    None,
                    f"de id '{questionnaire.id}' staat al bij een andere vragenlijst. Geef elke "
                    "vragenlijst een eigen id.",
                    f"questionnaire id '{questionnaire.id}' is used twice.",
                )
            )
        questionnaires[questionnaire.id] = questionnaire
    return questionnaires


def _one_file_per_role(questionnaires: dict[str, Questionnaire]) -> list[FileProblem]:
    """Each role answers at most one questionnaire of each kind."""
    problems: list[FileProblem] = []
    seen_roles: dict[tuple[Role, Kind], str] = {}
    for q in questionnaires.values():
        file = Path(q.source).name
        for role in (q.role, *q.also_for):
            key = (role, q.kind)
            if key in seen_roles:
                problems.append(
                    problem(
                        file,
                        None,
                        f"de rol '{role}' heeft al een vragenlijst van het soort {q.kind}, in "
                        f"{seen_roles[key]}. Houd één bestand per rol over.",
                        f"role '{role}' already has a {q.kind} questionnaire in "
                        f"{seen_roles[key]}. Keep one file per role.",
                    )
                )
            seen_roles[key] = file
    return problems
