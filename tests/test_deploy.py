"""The container and service recipes, read as far as a machine without Docker or systemd can:
what the Dockerfile copies exists and is the whole product, and every command they run is one
the `inspraak` command has. (Building the image needs a Docker engine; tests/test_wheel.py runs
the same wheel, installed without the checkout.)"""

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from inspraak.cli import build_parser

ROOT = Path(__file__).parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def copied() -> list[str]:
    """The sources of the Dockerfile's COPY lines from the build context."""
    sources = []
    for line in DOCKERFILE.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            sources += words[1:-1]
    return sources


def test_what_the_image_copies_exists_and_is_the_whole_product() -> None:
    sources = copied()
    assert all((ROOT / source).exists() for source in sources), sources
    packages = {s.rstrip("/") for s in sources if s.endswith("/")}
    include = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["packages"]["find"]["include"]
    assert packages == {name for name in include if "." not in name and "*" not in name}
    assert "requirements.lock" in sources  # the pinned dependencies, with hashes
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and "*.sqlite3*" in ignored  # no secrets or answers in the image


def commands() -> list[list[str]]:
    """Every `inspraak ...` the recipes run."""
    found = [
        shlex.split(" ".join(json_words))
        for json_words in (
            re.findall(r'"([^"]+)"', line)
            for line in DOCKERFILE.splitlines()
            if line.startswith(("CMD", "HEALTHCHECK"))
        )
    ]
    for unit in sorted((ROOT / "deploy" / "systemd").glob("*.service")):
        for line in unit.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart="):
                words = shlex.split(line.removeprefix("ExecStart=").replace("%%", "%"))
                if words[0] == "/bin/sh":
                    # A file name made by $(date ...) stands for one word.
                    words = shlex.split(re.sub(r"\$\([^)]*\)", "DATE", words[2]))
                found.append(words)
    return [words[words.index(w) :] for words in found for w in words if Path(w).name == "inspraak"]


def test_every_command_the_recipes_run_exists() -> None:
    ran = commands()
    assert {words[1] for words in ran} == {"run", "health", "backup", "retention"}
    parser = build_parser()
    for words in ran:
        assert parser.parse_args(words[1:]).func is not None, words


def test_compose_runs_the_image_behind_caddy() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    inspraak, caddy = compose["services"]["inspraak"], compose["services"]["caddy"]
    assert "ports" not in inspraak  # only Caddy is reachable from outside
    assert inspraak["volumes"] == ["inspraak-data:/data"]
    assert 'VOLUME ["/data"]' in DOCKERFILE and "USER inspraak" in DOCKERFILE
    mounted = caddy["volumes"][0].split(":")[0]
    assert (ROOT / mounted).is_file()
    assert caddy["depends_on"]["inspraak"]["condition"] == "service_healthy"


@pytest.mark.parametrize("unit", sorted(p.name for p in (ROOT / "deploy" / "systemd").glob("*")))
def test_units_run_as_the_service_user(unit: str) -> None:
    text = (ROOT / "deploy" / "systemd" / unit).read_text(encoding="utf-8")
    if unit.endswith(".service"):
        assert "User=inspraak" in text and "EnvironmentFile=/etc/inspraak/env" in text
    else:
        assert (
            "OnCalendar=" in text
            and (ROOT / "deploy" / "systemd" / unit.replace(".timer", ".service")).exists()
        )


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """`systemd-analyze verify` reads the units as systemd would: unknown or misspelt directives,
    bad values, a timer without its service, a command that is not there. /opt/inspraak (README
    B2) is this test environment's `inspraak` here."""
    inspraak = Path(sys.executable).with_name("inspraak")
    assert inspraak.is_file()
    for unit in (ROOT / "deploy" / "systemd").glob("*"):
        text = unit.read_text(encoding="utf-8")
        (tmp_path / unit.name).write_text(text.replace("/opt/inspraak/bin/inspraak", str(inspraak)))
    units = sorted(str(path) for path in tmp_path.iterdir())
    verify = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    assert (verify.returncode, verify.stderr) == (0, "")


def test_the_image_has_the_folder_readme_backs_up_into() -> None:
    """README's A5 runs `inspraak backup /data/backups/...` in the container, and `backup` does
    not make folders (a typo should not make one): the image makes it, owned by the user."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"exec -T inspraak inspraak backup\s+(\S+)", readme)
    assert targets
    made = re.search(r"install -d -m 700 -o inspraak -g inspraak ([^\n]+)", DOCKERFILE)
    assert made is not None
    for target in targets:
        assert str(Path(target).parent) in made.group(1).split(), target
