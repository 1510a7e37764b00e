"""`inspraak invite revoke` and `inspraak retention` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inspraak.commands import run


def test_invite_revoke(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "round create R --year 2026 --start 2026-01-01 --end 2099-12-31")
    assert run(capsys, "invite create --round R --role client --count 3 --out inv")[0] == 0
    lines = (env / "inv" / "links.txt").read_text().splitlines()[1:]
    codes = [line.split("\t")[0] for line in lines]
    link = lines[0].split("\t")[1]  # a deep link works as well as the code
    code, out, err = run(capsys, "invite revoke", link)
    assert code == 0 and out.startswith("1 invite code revoked") and err == ""
    code, out, err = run(capsys, "invite revoke --from inv/links.txt")
    assert code == 0 and out.startswith("2 invite codes revoked")
    assert f"{codes[0]}: was already revoked on " in err
    code, _, err = run(capsys, "invite revoke zzzzzzzzzzzz")
    assert code == 1 and "zzzzzzzzzzzz: unknown code" in err
    code, _, err = run(capsys, "invite revoke hallo")
    assert code == 2 and "'hallo' is not an invite code or link" in err
    code, _, err = run(capsys, "invite revoke")
    assert code == 2 and "give one or more codes" in err


def test_retention_command(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "retention --dry-run")
    assert code == 0 and "No round has been over for more than 90 days" in out
    run(capsys, "round create Oud --year 2020 --start 2020-01-01 --end 2020-06-30")
    code, out, _ = run(capsys, "retention --dry-run --days 30")
    assert code == 0 and "('Oud'): nothing left to remove" in out
    code, out, _ = run(capsys, "retention --days 30")
    assert code == 0 and "nothing left to remove" in out  # deletions: tests/storage
    code, _, err = run(capsys, "retention --days 0")
    assert code == 2 and "--days must be 1 or more" in err
