"""Walking the report model (`InputSection`): every dataclass in it, a copy with changes, and
the closed questions it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any

from report.section import InputSection, QuestionSummary


@cache
def _children(kind: type) -> tuple[str, ...]:
    """The field names of a dataclass type (`fields` is slow to ask for every node)."""
    return tuple(f.name for f in fields(kind))


def walk(node: Any) -> Iterator[Any]:
    """Every dataclass instance in the model, depth first."""
    if isinstance(node, tuple | list):
        for child in node:
            yield from walk(child)
    elif is_dataclass(node) and not isinstance(node, type):
        yield node
        for name in _children(type(node)):
            yield from walk(getattr(node, name))


def rebuild(node: Any, change: Callable[[Any], Any]) -> Any:
    """The model with `change` applied to every dataclass instance, children first."""
    if is_dataclass(node) and not isinstance(node, type):
        updates = {}
        for f in fields(node):
            if not f.init:
                continue
            value = getattr(node, f.name)
            rebuilt = rebuild(value, change)
            if rebuilt is not value:
                updates[f.name] = rebuilt
        node = replace(node, **updates) if updates else node
        return change(node)
    if isinstance(node, tuple):
        children = tuple(rebuild(child, change) for child in node)
        return children if any(a is not b for a, b in zip(children, node, strict=True)) else node
    return node


def summaries(section: InputSection) -> dict[str, QuestionSummary]:
    """Each closed question the model shows, once (the ART part repeats some)."""
    found: dict[str, QuestionSummary] = {}
    for node in walk(section):
        if isinstance(node, QuestionSummary):
            found.setdefault(node.question_id, node)
    return found
