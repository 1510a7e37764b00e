"""tools/mutation.py fails an area whose patterns match no mutant (a renamed function), instead of
reporting 0 % surviving."""

import pytest

from tests.scripts import load_script

mutation = load_script("tools/mutation.py")


def one_mutant_per_pattern(status: str) -> dict[str, str]:
    """A mutant name for every pattern of every area (the pattern's * filled in)."""
    return {
        pattern.replace("*", "x_mutant__mutmut_1"): status
        for patterns in mutation.AREAS.values()
        for pattern in patterns
    }


def test_every_pattern_with_killed_mutants_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert mutation.score(one_mutant_per_pattern("killed")) == 0
    assert "0 survived (0.0 %)" in capsys.readouterr().out


def test_a_pattern_without_mutants_fails(capsys: pytest.CaptureFixture[str]) -> None:
    found = one_mutant_per_pattern("killed")
    gone = next(name for name in found if name.startswith("storage.retention"))
    del found[gone]
    assert mutation.score(found) == 1
    assert "storage.retention.*" in capsys.readouterr().err


def test_survivors_over_the_limit_fail(capsys: pytest.CaptureFixture[str]) -> None:
    found = one_mutant_per_pattern("killed")
    found[next(iter(found))] = "survived"
    assert mutation.score(found) == 1
    assert "survived in an area" in capsys.readouterr().err
