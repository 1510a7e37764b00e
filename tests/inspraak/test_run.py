"""`inspraak run`: a missing or wrong token, or an unreachable API, is one clear line."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspraak.cli import main
from localbotapi import LocalBotApi
from tests.ports import free_port, inspraak_run

GOOD_TOKEN = "123456:RIGHT"
COMMAND = (sys.executable, "-c", "from inspraak.cli import main; raise SystemExit(main())")


@pytest.fixture
def api_url() -> Iterator[str]:
    """A local Bot API server on its own loop in a thread (run_polling owns the main loop)."""
    loop = asyncio.new_event_loop()
    api = LocalBotApi(token=GOOD_TOKEN)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(api.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    yield api.base_url
    asyncio.run_coroutine_threadsafe(api.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_missing_token(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "No messaging channel is configured" in err and "TELEGRAM_BOT_TOKEN" in err
    assert len(err.strip().splitlines()) == 1


def test_wrong_token(
    api_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:WRONG")
    monkeypatch.setenv("TELEGRAM_API_URL", api_url)
    monkeypatch.setenv("INSPRAAK_LOG_LEVEL", "CRITICAL")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err


def test_unreachable_api(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9/bot")
    monkeypatch.setenv("INSPRAAK_LOG_LEVEL", "CRITICAL")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Bot API at http://127.0.0.1:9/bot" in err


async def test_a_refused_webhook_is_one_line(tmp_path: Path) -> None:
    """Telegram refuses setWebhook (here: the local server cannot reach the address, as Telegram
    cannot reach a host whose DNS or proxy is not set up yet): what to check, and no traceback
    of PTB's before it in the log, at the log level an operator runs."""
    async with LocalBotApi(token=GOOD_TOKEN) as api:
        settings = {
            "TELEGRAM_BOT_TOKEN": GOOD_TOKEN,
            "TELEGRAM_API_URL": api.base_url,
            "INSPRAAK_DB": str(tmp_path / "haak.sqlite3"),
            "INSPRAAK_WEBHOOK_URL": "https://inspraak.voorbeeld.nl",
            "INSPRAAK_WEBHOOK_SECRET": "s" * 32,
            "INSPRAAK_WEBHOOK_PORT": str(free_port()),
            "INSPRAAK_WEB_PORT": str(free_port()),
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        bot = await inspraak_run(settings | {"INSPRAAK_LOG_LEVEL": "INFO"}, tmp_path)
        _, err = await asyncio.wait_for(bot.communicate(), timeout=120)
    assert bot.returncode == 2
    log = err.decode()
    assert "Traceback" not in log and "Network Retry Loop" not in log
    # The log's INFO lines (the web form had started) and then our line, nothing else.
    said = [line for line in log.splitlines() if " INFO " not in line]
    assert said == [
        "inspraak: Telegram refused the webhook https://inspraak.voorbeeld.nl/telegram (Bad "
        "webhook: failed to resolve host: name or service not known). INSPRAAK_WEBHOOK_URL "
        "must be this server's public https:// address, and the reverse proxy must pass "
        f"/telegram on to port {settings['INSPRAAK_WEBHOOK_PORT']} (README.md, Going live)."
    ]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`inspraak validate | head -1`: the pipe closes before the command writes."""
    validate = subprocess.Popen(
        [*COMMAND, "validate"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "INSPRAAK_DB": str(tmp_path / "db.sqlite3")},
    )
    assert validate.stdout is not None
    validate.stdout.close()  # the reader is gone before Python has even started
    _, err = validate.communicate(timeout=120)
    assert err == b"" and validate.returncode == 1
