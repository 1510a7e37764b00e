"""Masking figures: recall per kind, precision and false masks on the marked Dutch test sets
(tests/report/pii_sentences.txt, and the held-out pii_heldout.txt), and how long masking one
sentence takes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report.masking import deduce_spans, mask, mask_details, merge, pattern_spans
from tests.report.pii import HELD_OUT, score, sentences


def main() -> None:
    started = time.perf_counter()
    mask("Laden.")  # deduce loads its lookup tables once per process
    loaded = time.perf_counter() - started
    print("\n".join(score().lines()))
    print("Held-out set (written apart, never tuned on):")
    print("\n".join(score(path=HELD_OUT).lines()))
    for name, find in (
        ("deduce alone", deduce_spans),
        ("our patterns alone", pattern_spans),
    ):
        alone = score(lambda text, find=find: tuple(merge(find(text), text)))
        print(f"  {name}: recall {alone.recall():.1%}, precision {alone.precision:.1%}")
    texts = [s.text for s in sentences()] * 10
    started = time.perf_counter()
    for text in texts:
        mask_details(text)
    per = (time.perf_counter() - started) / len(texts)
    print(f"  loading deduce {loaded:.1f} s once; then {per * 1000:.2f} ms per sentence")


if __name__ == "__main__":
    main()
