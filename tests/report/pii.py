"""The masking test set (pii_sentences.txt) and how well masking does on it.

A marked detail counts as caught when every letter and digit of it is masked. Precision: the
share of masked spans that touch a marked detail. Printed by tests/report/test_masking.py and
bench/masking_bench.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from report.masking import Found, mask_details

SENTENCES = Path(__file__).with_name("pii_sentences.txt")
MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")
KINDS = ("naam", "telefoon", "email", "adres", "datum", "nummer")


@dataclass(frozen=True)
class Sentence:
    text: str
    marks: tuple[tuple[str, int, int], ...]  # kind, start, end


def sentences() -> list[Sentence]:
    result = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, marks, cursor = "", [], 0
        for match in MARK.finditer(line):
            text += line[cursor : match.start()]
            start = len(text)
            text += match.group(2)
            marks.append((match.group(1), start, len(text)))
            cursor = match.end()
        text += line[cursor:]
        result.append(Sentence(text, tuple(marks)))
    return result


@dataclass(frozen=True)
class Score:
    sentences: int
    caught: dict[str, int]
    marked: dict[str, int]
    spans: int
    touching: int
    missed: tuple[str, ...]
    wrong: tuple[str, ...]

    def recall(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.marked)
        marked = sum(self.marked[k] for k in kinds)
        return sum(self.caught[k] for k in kinds) / marked if marked else 1.0

    @property
    def precision(self) -> float:
        return self.touching / self.spans if self.spans else 1.0

    def lines(self) -> list[str]:
        out = [
            f"Masking on {self.sentences} Dutch sentences "
            f"({sum(self.marked.values())} marked details):"
        ]
        out.extend(
            f"  recall {kind:<9} {self.recall(kind):6.1%}  "
            f"({self.caught[kind]}/{self.marked[kind]})"
            for kind in KINDS
            if self.marked.get(kind)
        )
        out.append(f"  recall overall   {self.recall():6.1%}")
        out.append(
            f"  precision        {self.precision:6.1%}  ({self.touching}/{self.spans} spans)"
        )
        out.extend(f"  missed: {m}" for m in self.missed)
        out.extend(f"  masked needlessly: {w}" for w in self.wrong)
        return out


def score(find: Callable[[str], tuple[Found, ...]] = lambda t: mask_details(t).found) -> Score:
    caught: dict[str, int] = defaultdict(int)
    marked: dict[str, int] = defaultdict(int)
    spans = touching = 0
    missed, wrong = [], []
    all_sentences = sentences()
    for sentence in all_sentences:
        found = find(sentence.text)
        covered = set()
        for span in found:
            covered.update(range(span.start, span.end))
        for kind, start, end in sentence.marks:
            marked[kind] += 1
            needed = {i for i in range(start, end) if sentence.text[i].isalnum()}
            if needed <= covered:
                caught[kind] += 1
            else:
                missed.append(f"{kind}: {sentence.text[start:end]!r} in {sentence.text!r}")
        for span in found:
            spans += 1
            if any(span.start < end and start < span.end for _, start, end in sentence.marks):
                touching += 1
            else:
                wrong.append(f"{span.text!r} in {sentence.text!r}")
    return Score(
        len(all_sentences), dict(caught), dict(marked), spans, touching, tuple(missed), tuple(wrong)
    )
