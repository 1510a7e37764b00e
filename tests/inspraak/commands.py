"""Running the `inspraak` command in a test (on the database and questionnaires of the `env`
fixture in conftest.py)."""

from __future__ import annotations

import shlex

import pytest

from inspraak.cli import main


def run(capsys: pytest.CaptureFixture[str], line: str, *more: str) -> tuple[int, str, str]:
    """`inspraak LINE MORE...`, LINE's words as a shell splits them ("location add 'De Linde'"),
    then MORE as they are (a value the test holds): the exit code, what it printed and what it
    printed on stderr."""
    code = main([*shlex.split(line), *more])
    out, err = capsys.readouterr()
    return code, out, err
