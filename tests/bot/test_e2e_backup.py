"""`inspraak backup` and `inspraak restore` through the real command, while the bot runs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from inspraak.cli import main
from storage.backup import check
from storage.identities import Chat
from tests.bot.conftest import BotWorld


async def run_cli(*argv: str) -> int:
    """The command in a thread, as a separate invocation would run beside the bot."""
    return await asyncio.to_thread(main, list(argv))


async def test_backup_and_restore_while_the_bot_runs(
    small: BotWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPRAAK_DB", str(small.settings.db_path))
    ans = small.user(201)
    await ans.command("start", await small.invite())
    await ans.press("Ja, ik doe mee")
    await ans.press("Verder »")
    await ans.press("Eens")

    bob = small.user(202)
    bob_code = await small.invite()

    async def bob_answers() -> None:
        await bob.command("start", bob_code)
        await bob.press("Ja, ik doe mee")
        await bob.press("Verder »")
        await bob.press("Oneens")

    backup_file = tmp_path / "backups" / "inspraak.sqlite3"
    backup_file.parent.mkdir()
    # The backup runs while Bob is answering: the bot keeps going and the copy is consistent.
    code, _ = await asyncio.gather(run_cli("backup", str(backup_file)), bob_answers())
    assert code == 0
    summary = check(backup_file)
    assert summary.responses >= 1 and backup_file.stat().st_mode & 0o777 == 0o600
    assert await run_cli("backup", str(backup_file)) == 2  # never overwritten silently

    # After the backup: Ans answers one more question, Carla starts.
    await ans.press("Nee")
    carla = small.user(203)
    await carla.command("start", await small.invite())
    await carla.press("Ja, ik doe mee")
    await carla.press("Verder »")

    assert await run_cli("restore", str(backup_file), "--yes") == 0
    kept = list(small.settings.db_path.parent.glob("*-before-restore-*"))
    assert len(kept) == 1 and check(kept[0]).responses >= 3

    # The running bot sees the restored data at once...
    participant = await small.store.participant_for(Chat(201))
    assert participant is not None
    [response] = await small.store.responses_of(participant.id)
    answers = await small.store.answers_of(response.id)
    assert answers["c_thuis"].value == 4 and "c_weet" not in answers
    assert await small.store.participant_for(Chat(203)) is None
    # ...and keeps working: Ans continues where the backup left her.
    await ans.command("verder")
    assert "Weet je van de cliëntondersteuner?" in ans.last_text
    await ans.press("Ja")
    assert (await small.store.answers_of(response.id))["c_weet"].value == "yes"
    # Carla, who started after the backup, gets a kind message, not a crash.
    await carla.press("Eens")
    press = carla.answer_to_last_press()
    assert press is not None and "werkt niet" in str(press["text"])
    entries = [e[2] for e in await small.store.audit_entries()]
    assert "restore" in entries


def test_restore_asks_first_and_refuses_what_is_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "inspraak.sqlite3"
    monkeypatch.setenv("INSPRAAK_DB", str(db))
    assert (
        main(
            [
                "round",
                "create",
                "R",
                "--year",
                "2026",
                "--start",
                "2026-01-01",
                "--end",
                "2026-12-31",
            ]
        )
        == 0
    )
    assert main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    asked: list[str] = []

    def say_no(question: str) -> str:
        asked.append(question)
        return "n"

    monkeypatch.setattr("builtins.input", say_no)
    assert main(["restore", str(tmp_path / "b.sqlite3")]) == 1
    assert not list(tmp_path.glob("*-before-restore-*"))
    # The question says what the backup holds, so the right file is easy to tell...
    assert f"by {tmp_path / 'b.sqlite3'} (1 round, 0 responses, 0 answers, " in asked[0]
    # ...and a file that is no backup is refused before anything is asked.
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "typo.sqlite3")]) == 2
    assert len(asked) == 1
    assert "typo.sqlite3 does not exist or is not a file" in capsys.readouterr().err
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("geen database\n" * 100)
    capsys.readouterr()
    assert main(["restore", str(notes), "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inspraak: ") and "not" in err and len(err.splitlines()) == 1
