"""The suite ignores the `.env` and the environment of whoever runs it (tests/conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
HOSTILE = {
    "INSPRAAK_MIN_GROUP_SIZE": "7",
    "INSPRAAK_LOG_LEVEL": "LOUD",
    "INSPRAAK_ORGANISATION": "Verkeerde Stichting",
    "TELEGRAM_API_URL": "http://203.0.113.1/bot",
}


def test_tests_ignore_the_developers_dotenv_and_environment(tmp_path: Path) -> None:
    # README step 2 puts a .env in the checkout; run from a folder with one, and with a hostile
    # environment: tests that read the defaults still pass.
    (tmp_path / ".env").write_text("INSPRAAK_MIN_GROUP_SIZE=9\nINSPRAAK_TIMEZONE=Mars/Base\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--rootdir={ROOT}",
            str(ROOT / "tests" / "settings" / "test_settings.py"),
            str(ROOT / "tests" / "demo" / "test_preview.py"),
        ],
        cwd=tmp_path,
        env={**os.environ, **HOSTILE},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
