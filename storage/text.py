"""Text people typed or pasted, made safe for every place it goes (Word, HTML, XLSX, CSV).

A pasted line break from Word is a vertical tab (\\v), a page break a form feed (\\f); old
systems leave NUL bytes and other control characters; a broken clipboard can leave a lone
surrogate. None of these may appear in XML 1.0 (Word and XLSX files are XML), so one of them in
an approved quote would break the Word report. `clean_text` normalises such text when it is
stored (answers, quotes, contributions, names of rounds and locations) and the renderers call
it again on everything they write, so text stored before this existed cannot break them either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")

# Breaks Word and Unicode know, written as the newline every renderer understands.
_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# What XML 1.0 does not allow (besides tab and newline, kept above), C1 controls, and the
# non-characters U+FFFE and U+FFFF.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` in Unicode NFC with breaks as '\\n' and nothing XML 1.0 forbids."""
    text = _BREAKS.sub("\n", text)
    text = _INVALID.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def is_clean(text: str) -> bool:
    return clean_text(text) == text


def clean_fields(node: T) -> T:
    """`node` with `clean_text` applied to every string in it: in dataclasses (frozen ones
    too), tuples and lists, recursively. Renderers call it on the whole document tree."""
    return _clean(node)  # type: ignore[no-any-return]


def _clean(node: Any) -> Any:
    if isinstance(node, str):
        cleaned = clean_text(node)
        return node if cleaned == node else cleaned
    if isinstance(node, tuple | list):
        children = [_clean(child) for child in node]
        if all(a is b for a, b in zip(children, node, strict=True)):
            return node
        return tuple(children) if isinstance(node, tuple) else children
    if is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in fields(node):
            if not f.init:
                continue
            value = getattr(node, f.name)
            cleaned = _clean(value)
            if cleaned is not value:
                changes[f.name] = cleaned
        return replace(node, **changes) if changes else node
    return node
