"""The wheels as an IT department installs them: built from a copy of the sources, installed
(not editable) into a fresh virtual environment and run from a folder outside the checkout.

The product's dependencies are not downloaded again: the fresh environment reads the test
environment's site-packages through a .pth line, which adds that folder to sys.path but runs none
of its .pth files, so the checkout (installed editable there) stays out of reach. What the wheels
declare they need is checked against what the run had (`declared_dependencies_met`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from localbotapi import LocalBotApi
from storage.store import Store
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
# What a source checkout holds that a build must not see.
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "*.egg-info", "__pycache__", "build", "dist", "mutants", "*-output", "*.sqlite3*"
)
LOCAL = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
# A page of the web form, its style sheet and the console's login page: templates and static files.
WEB_PAGES = {"/v": "<form", "/static/style.css": "{", "/beheer": "<form"}
DEPENDENCIES_MET = """
import sys
from importlib.metadata import distribution, version
from packaging.requirements import Requirement
missing = []
for name in sys.argv[1:]:
    for line in distribution(name).requires or []:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate({"extra": ""}):
            continue
        try:
            if not req.specifier.contains(version(req.name), prereleases=True):
                missing.append(f"{req} (have {version(req.name)})")
        except Exception as exc:
            missing.append(f"{req} ({exc!r})")
print("\\n".join(missing) or "all met")
"""


@dataclass
class Venv:
    """A fresh virtual environment with wheels installed, and a folder outside the checkout."""

    path: Path
    home: Path

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.path / "bin" / args[0]), *args[1:]],
            cwd=self.home,
            env={**clean_environment(), **(env or {})},
            capture_output=True,
            text=True,
            # The demo takes about a minute alone; far longer on a machine many test runs share.
            timeout=1200,
        )


def clean_environment() -> dict[str, str]:
    """The test's environment without anything that points Python at the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "INSPRAAK_"))}
    env.pop("VIRTUAL_ENV", None)
    return {**env, **LOCAL}


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The product's wheel and the doubles' wheel, built from a copy of the sources (a build in
    the checkout would leave build/ folders whose stale files later builds pick up)."""
    base = tmp_path_factory.mktemp("wheels")
    sources, dist = base / "src", base / "dist"
    shutil.copytree(ROOT, sources, ignore=NOT_SOURCES)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(dist),
            ".",
            "./doubles",
        ],
        cwd=sources,
        check=True,
        timeout=900,
    )
    built = {path.name.split("-")[0]: path for path in dist.glob("*.whl")}
    assert set(built) == {"inspraak", "inspraak_doubles"}, built
    return built


def make_venv(base: Path, wheels: list[Path]) -> Venv:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")], check=True)
    venv = Venv(base / "venv", base / "elsewhere")
    venv.home.mkdir()
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = venv.path / "lib" / version / "site-packages"
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv.path / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--ignore-installed",  # the checkout's editable install is visible through the .pth
            *map(str, wheels),
        ],
        check=True,
        timeout=900,
    )
    return venv


@pytest.fixture(scope="module")
def production(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return make_venv(tmp_path_factory.mktemp("production"), [wheels["inspraak"]])


@pytest.fixture(scope="module")
def with_demo(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return make_venv(tmp_path_factory.mktemp("with-demo"), list(wheels.values()))


def test_production_carries_no_test_doubles(production: Venv) -> None:
    where = production.run("python", "-c", "import inspraak, templates; print(inspraak.__file__)")
    assert where.stdout.startswith(str(production.path)), where
    for double in ("localbotapi", "demo"):
        assert production.run("python", "-c", f"import {double}").returncode == 1
    demo = production.run("inspraak", "demo")
    assert demo.returncode == 2
    assert "pip install 'inspraak[demo]'" in demo.stderr
    assert "Traceback" not in demo.stderr


def test_declared_dependencies_are_what_the_tests_ran_with(with_demo: Venv) -> None:
    check = with_demo.run("python", "-c", DEPENDENCIES_MET, "inspraak", "inspraak-doubles")
    assert check.stdout.strip() == "all met", check


def test_the_shipped_questionnaires_are_found(production: Venv) -> None:
    validate = production.run("inspraak", "validate")
    assert validate.returncode == 0, validate.stderr
    assert "rol client" in validate.stdout


def test_demo_runs_from_the_wheel(with_demo: Venv) -> None:
    demo = with_demo.run("inspraak", "demo", "--out", "demo")
    assert demo.returncode == 0, demo.stderr[-3000:]
    # People answered in the bot and in the web form (its templates), the report was written
    # (the page template, charts) and the invite sheet too.
    assert "3 answered in the web form" in demo.stdout
    out = with_demo.home / "demo"
    html = next(out.glob("inputsectie-*.html")).read_text(encoding="utf-8")
    assert "Vorige ronde" in html and html.count("<svg") > 5
    assert next(out.glob("inputsectie-*.docx")).stat().st_size > 10_000
    assert "sheet.html" in demo.stdout


async def test_run_answers_a_participant_from_the_wheel(production: Venv) -> None:
    """`inspraak run` from the product's wheel alone, as README's "Going live" starts it: the bot
    greets a participant with the consent question (templates and questionnaires found), the web
    form serves its pages, `inspraak health` (the container's HEALTHCHECK) says healthy, and the
    log at INFO has the readiness line and no routine chatter."""
    db, web_port, token = production.home / "run.sqlite3", free_port(), "123456:WHEEL-TEST"
    async with Store.open(db) as store:
        round_ = await store.create_round(
            "Wiel", date.today().year, date.today(), date.today() + timedelta(30)
        )
        [invite] = await store.create_invites(
            round_.id, "client", 1, datetime.now(UTC) + timedelta(days=1)
        )
    async with LocalBotApi(token=token) as api:
        env = {
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_URL": api.base_url,
            "INSPRAAK_DB": str(db),
            "INSPRAAK_WEB_PORT": str(web_port),
            "INSPRAAK_LOG_LEVEL": "INFO",
        }
        bot = await asyncio.create_subprocess_exec(
            str(production.path / "bin" / "inspraak"),
            "run",
            cwd=production.home,
            env={**clean_environment(), **env},
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await api.wait_for(lambda: api.polls > 0, timeout=600, quiet=False)
            person = api.user(4242, "Wiel")
            person.timeout = 120
            await person.command("start", invite.code)
            assert "Ja, ik doe mee" in [label for row in person.buttons for label in row]
            web = f"http://127.0.0.1:{web_port}"
            async with aiohttp.ClientSession() as session:
                for path, shows in WEB_PAGES.items():
                    async with session.get(web + path) as response:
                        assert response.status == 200, path
                        assert shows in await response.text(), path
            health = await asyncio.to_thread(production.run, "inspraak", "health", env=env)
            assert (health.returncode, health.stdout) == (0, "healthy: database, telegram\n")
        finally:
            bot.terminate()
            _, log = await bot.communicate()
    lines = log.decode().splitlines()
    ready = f"ready: Telegram polling, web form at http://127.0.0.1:{web_port}/v (health: /healthz)"
    assert any(line.endswith(ready) for line in lines), lines
    # A day's log is worth reading: no line per job run (every 5 s) or per long poll.
    assert not [line for line in lines if " apscheduler" in line or " httpx:" in line], lines
    assert "Traceback" not in log.decode()
