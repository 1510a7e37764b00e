"""The masking test sets and how well masking does on them: pii_sentences.txt (development:
masking is tuned on it) and pii_heldout.txt (written apart, only measured).

A marked detail counts as caught when every letter and digit of it is masked. False masks: the
share of harmless words (outside every marked detail) that masking replaced. Precision: the
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
HELD_OUT = Path(__file__).with_name("pii_heldout.txt")
MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")
KINDS = ("naam", "telefoon", "email", "adres", "datum", "nummer", "instelling")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sentence:
    text: str
    marks: tuple[tuple[str, int, int], ...]  # kind, start, end


def sentences(path: Path = SENTENCES) -> list[Sentence]:
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
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
    harmless: int = 0  # words outside every marked detail
    false_masks: int = 0  # of them, masked

    @property
    def false_mask_rate(self) -> float:
        return self.false_masks / self.harmless if self.harmless else 0.0

    def recall(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.marked)
        marked = sum(self.marked[k] for k in kinds)
        return sum(self.caught.get(k, 0) for k in kinds) / marked if marked else 1.0

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
        out.append(
            f"  false masks      {self.false_mask_rate:6.1%}  "
            f"({self.false_masks}/{self.harmless} harmless words)"
        )
        out.extend(f"  missed: {m}" for m in self.missed)
        out.extend(f"  masked needlessly: {w}" for w in self.wrong)
        return out


def score(
    find: Callable[[str], tuple[Found, ...]] = lambda t: mask_details(t).found,
    path: Path = SENTENCES,
) -> Score:
    caught: dict[str, int] = defaultdict(int)
    marked: dict[str, int] = defaultdict(int)
    spans = touching = harmless = false_masks = 0
    missed, wrong = [], []
    all_sentences = sentences(path)
    for sentence in all_sentences:
        found = find(sentence.text)
        covered: set[int] = set()
        for span in found:
            covered.update(range(span.start, span.end))
        for word in WORD.finditer(sentence.text):
            if any(word.start() < end and start < word.end() for _, start, end in sentence.marks):
                continue
            harmless += 1
            false_masks += any(i in covered for i in range(word.start(), word.end()))
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
        len(all_sentences),
        dict(caught),
        dict(marked),
        spans,
        touching,
        tuple(missed),
        tuple(wrong),
        harmless,
        false_masks,
    )
