"""Telegram out of reach while `inspraak run` polls: PTB's polling loop keeps trying, and the
health check (the container's HEALTHCHECK, `inspraak health`) says so once it lasts
INSPRAAK_UNREACHABLE_SECONDS, with what to check; the log says it once, and once that it is
back. The local Bot API stops listening (connection refused, as with a firewall or a proxy
that is down) and listens again on the same address."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from inspraak.cli import main
from localbotapi import LocalBotApi
from tests.ports import free_port, inspraak_run

TOKEN = "123456:OUT-OF-REACH"
UNREACHABLE = (
    "unhealthy: telegram: the Bot API does not answer. Check this server's network and "
    "firewall, a proxy (HTTPS_PROXY) and TELEGRAM_API_URL\n"
)


async def health(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`inspraak health`: its exit code and what it printed."""
    code = await asyncio.to_thread(main, ["health", "--timeout", "5"])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


async def until_health(
    capsys: pytest.CaptureFixture[str],
    expected: int,
    timeout: float,  # noqa: ASYNC109
) -> str:
    """Ask every half second until the exit code is `expected`; what it printed then."""
    async with asyncio.timeout(timeout):
        while True:
            code, printed = await health(capsys)
            if code == expected:
                return printed
            await asyncio.sleep(0.5)


async def test_health_fails_while_telegram_is_out_of_reach_and_passes_when_it_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "INSPRAAK_DB": str(tmp_path / "uit.sqlite3"),
        "INSPRAAK_WEB_PORT": str(free_port()),
        "INSPRAAK_LOG_LEVEL": "INFO",
        "INSPRAAK_UNREACHABLE_SECONDS": "2",  # README's default is 120
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    async with LocalBotApi(token=TOKEN) as api:
        settings["TELEGRAM_API_URL"] = api.base_url
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        bot = await inspraak_run(settings, tmp_path)
        try:
            # A whole bot starting on a busy test machine can take a while.
            assert await until_health(capsys, 0, timeout=120) == "healthy: database, telegram\n"
            await api.stop()  # nothing answers on the Bot API's address any more
            # Within the grace time a failure is no alarm; then health fails, with what to check.
            assert await health(capsys) == (0, "healthy: database, telegram\n")
            assert await until_health(capsys, 1, timeout=30) == UNREACHABLE
            await asyncio.sleep(1)  # PTB keeps trying: still out of reach, said once in the log
            assert await health(capsys) == (1, UNREACHABLE)
            await api.start()
            # PTB's loop tries again (after a pause that grows to 30 seconds): a person who
            # writes gets an answer, and health passes again.
            person = api.user(4711, "Terug")
            person.timeout = 30
            await person.command("start")
            assert "code" in person.last_text
            assert await health(capsys) == (0, "healthy: database, telegram\n")
        finally:
            bot.terminate()
            _, err = await bot.communicate()
    log = err.decode()
    assert "Traceback" not in log
    said = [line.split(": ", 1)[1] for line in log.splitlines() if " WARNING " in line]
    assert said == [
        "Telegram not reached for 2 seconds (ConnectError): the Bot API does not answer. Check "
        "this server's network and firewall, a proxy (HTTPS_PROXY) and TELEGRAM_API_URL. The "
        "health check fails until it answers again.",
        said[1],  # how long it was out depends on the machine
    ]
    assert said[1].startswith("Telegram reached again after ")
    assert " ERROR " not in log and " CRITICAL " not in log
