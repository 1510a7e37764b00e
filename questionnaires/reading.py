"""Reading a questionnaire YAML file: the line of every mapping, duplicate keys refused, and
the problems found in it (`FileProblem`: file, line, the question it is about, what to do),
collected so that the author sees them all at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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


def closest(word: str, options: list[str]) -> str | None:
    """The option `word` was most likely meant to be, if any is close."""
    close = difflib.get_close_matches(word, options, n=1)
    return close[0] if close else None


def suggest(word: str, options: list[str]) -> str:
    meant = closest(word, options)
    hint = f" Did you mean '{meant}'?" if meant else ""
    return f"{hint} Use one of: {', '.join(options)}."


def read_yaml(path: Path, problems: list[FileProblem]) -> Any:
    """The file's YAML with the line of every mapping (an empty file is an empty mapping), or
    None when it cannot be read; what is wrong goes into `problems`."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            FileProblem(
                path.name, None, None, f"cannot read the file ({exc}). Save it as UTF-8 text."
            )
        )
        return None
    loader = _LineLoader(raw)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        problems.append(FileProblem(path.name, *_where_yaml_broke(exc)))
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.append(
            FileProblem(path.name, line, None, f"the key '{key}' appears twice here. Keep one.")
        )
    return Map() if data is None else data


def _where_yaml_broke(exc: yaml.YAMLError) -> tuple[int | None, None, str]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc)
    if "expected ',' or '}'" in reason:
        reason += '; inside {nl: ..., en: ...} put a text with ? or : between "quotes"'
    return (
        line,
        None,
        f"this is not valid YAML ({reason}). Check indentation and quotes on this line "
        "and the one above.",
    )
