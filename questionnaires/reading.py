"""Reading a questionnaire YAML file: the line of every mapping, duplicate keys refused, and
every problem collected with file and line so the author sees them all at once."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from questionnaires.model import Text

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class FileProblem:
    """A mistake in a questionnaire file: shown as file:line [question id]: message.
    (`coordination.problems.Problem` is a coordinator's input mistake, in Dutch and English.)"""

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

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Map(dict[str, Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of each mapping and refuses duplicate keys."""

    duplicate_keys: list[tuple[str, int]]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    result = Map()
    for (key_node, _), (key, value) in zip(node.value, pairs, strict=True):
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        result[str(key)] = value
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"{hint} Use one of: {', '.join(options)}."


class Reader:
    """Collects problems for one file while turning raw YAML into model objects."""

    def __init__(self, path: Path, problems: list[FileProblem]) -> None:
        self.path = path
        self.name = path.name
        self.problems = problems

    def problem(self, line: int | None, where: str | None, message: str) -> None:
        self.problems.append(FileProblem(self.name, line, where, message))

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

    def text(self, m: Map, key: str, where: str | None, *, required: bool = True) -> Text | None:
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

    def check_keys(self, m: Map, allowed: set[str], where: str | None, what: str) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.line,
                    where,
                    f"unknown field '{key}' in {what}.{suggest(key, sorted(allowed))}",
                )
