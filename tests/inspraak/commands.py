"""Running the `inspraak` command in a test (on the database and questionnaires of the `env`
fixture in conftest.py)."""

from __future__ import annotations

import pytest

from inspraak.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`inspraak ARGV...`: the exit code, what it printed and what it printed on stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
