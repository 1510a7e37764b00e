"""Masking measured on the marked Dutch test set, and the issue's own examples."""

import pytest

from report.masking import mask, mask_details
from tests.report.pii import KINDS, score, sentences


def test_the_test_set_is_big_enough() -> None:
    found = sentences()
    assert len(found) >= 60
    assert all(any(kind == k for s in found for kind, _, _ in s.marks) for k in KINDS)


def test_recall_and_precision_on_the_test_set() -> None:
    result = score()
    print("\n" + "\n".join(result.lines()))  # shown with pytest -s, and by make bench
    for kind in ("naam", "telefoon", "email", "adres", "datum"):
        assert result.recall(kind) >= 0.95, (kind, result.missed)
    assert result.precision >= 0.9, result.wrong


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("Ik sprak Jan de Vries gisteren.", "Ik sprak [naam] gisteren."),
        ("Mijn begeleider Petra is fijn.", "Mijn begeleider [naam] is fijn."),
        ("Dr. Bakker belde.", "Dr. [naam] belde."),
        ("Mail j.devries(at)gmail.com", "Mail [e-mailadres]"),
        ("Bel 06 - 12 34 56 78", "Bel [telefoonnummer]"),
        ("Ik ben geboren 3 maart 1980.", "Ik ben geboren [datum]."),
        ("Mevrouw Jansen en meneer Ahmed", "Mevrouw [naam] en meneer [naam]"),
    ],
)
def test_the_issue_examples(raw: str, masked: str) -> None:
    assert mask(raw) == masked


def test_masking_says_what_it_masked_and_leaves_placeholders_alone() -> None:
    result = mask_details("Begeleider Petra belt 06-12345678.")
    assert [(f.placeholder, f.text) for f in result.found] == [
        ("[naam]", "Petra"),
        ("[telefoonnummer]", "06-12345678"),
    ]
    assert "[naam] ← 'Petra'" in result.summary()
    assert mask(result.text) == result.text  # masking an approved quote again changes nothing
