"""requirements.lock (`make lock`) pins every dependency pyproject.toml declares, within its
bounds, each with hashes: what the container and a production install get."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$")


def pins() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of every pinned package."""
    found: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            found[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:"):
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def test_every_dependency_is_pinned_within_its_bounds_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = pins()
    assert len(locked) > 30  # the dependencies' own dependencies too
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock: run `make lock`"
        version, _ = locked[name]
        assert requirement.specifier.contains(version), f"{name}=={version} outside {line}"
    assert all(hashes for _, hashes in locked.values()), "a pin without hashes"
