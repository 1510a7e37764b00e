"""Masking measured on the marked Dutch test set, and the issue's own examples."""

import subprocess
import sys

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


def test_masking_leaves_logging_alone() -> None:
    """deduce configures the root logger at import (DEBUG, to standard output). Masking in a
    process where nothing configured logging must not turn that on: no library's debug lines,
    nor the text being masked, may appear."""
    code = (
        "import logging\n"
        "from report.masking import mask\n"
        "print(mask('Ik sprak gisteren met Jan Jansen op 0612345678.'))\n"
        "import aiosqlite, asyncio\n"
        "logging.getLogger('aiosqlite').debug('a debug line nobody asked for')\n"
        "root = logging.getLogger()\n"
        "print(logging.getLevelName(root.level), len(root.handlers))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    lines = done.stdout.splitlines()
    assert lines[-1] == "WARNING 0", done.stdout
    assert len(lines) == 2 and "Jan Jansen" not in lines[0], done.stdout
    assert "debug line" not in done.stdout + done.stderr
