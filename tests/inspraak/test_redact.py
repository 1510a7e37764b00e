"""The redaction of log records (inspraak/redact.py), line by line and through real loggers."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from inspraak import redact
from inspraak.redact import Redactor

REAL_LOOKING_TOKEN = "7512345678:AAHf3kQz9x_Vb-1234567890abcdefghijk"
SECRET = "webhook-secret-0123456789abcdef"


@pytest.mark.parametrize(
    ("line", "leaks"),
    [
        (
            f'HTTP Request: POST https://api.telegram.org/bot{REAL_LOOKING_TOKEN}/getUpdates "200"',
            [REAL_LOOKING_TOKEN, "AAHf3kQz9x"],
        ),
        (
            "Calling `sendMessage` with `{'chat_id': 4321, 'text': 'Ik woon in Zwolle'}`",
            ["4321", "Zwolle"],
        ),
        (
            '{"chat": {"id": -1001234, "title": "Team Noord"}, "text": "zeg \\"hoi\\""}',
            ["1001234", "Noord", "hoi"],
        ),
        ("Chat(first_name='Kim', id=77, username='kim_w')", ["Kim", "77", "kim_w"]),
        ("User(first_name=\"O'Neil\", last_name='de Vries')", ["Neil", "Vries"]),
        ("CallbackQuery(data='a:12:x9:1', from_user_id=555)", ["a:12:x9", "555"]),
        ("reminder for 8812345678 skipped", ["8812345678"]),
        (f"secret_token={SECRET}", [SECRET]),
        # WhatsApp: numbers with and without their key, message ids (they encode the number),
        # the prefilled text of an invite link, the webhook's verify token.
        (
            '{"contacts": [{"profile": {"name": "Kim"}, "wa_id": "31612345678"}], '
            '"messages": [{"from": "31612345678", "id": "wamid.HBgLMzE2MTIzNDU2NzgVAgA=", '
            '"type": "text", "text": {"body": "Ik woon in Zwolle"}}]}',
            ["31612345678", "HBgLMzE2MTIzNDU2Nzg", "Kim", "Zwolle"],
        ),
        ("message to +31 6 1234 5678 failed", ["1234 5678", "+31 6"]),
        ("open https://wa.me/31201234567?text=Mijn%20code%20is%20abcdefghjkmn", ["abcdefghjkmn"]),
        ("GET /whatsapp?hub.mode=subscribe&hub.verify_token=geheim-token-123", ["geheim-token"]),
    ],
)
def test_lines_lose_tokens_ids_and_texts(line: str, leaks: list[str]) -> None:
    redacted = Redactor([SECRET])(line)
    for leak in leaks:
        assert leak not in redacted, redacted


def test_ordinary_details_stay_readable() -> None:
    line = "update_id=5 message_id=12 at 2026-11-26T06:17:21 took 0.25s on port 8443"
    assert Redactor()(line) == line


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    redact.install([REAL_LOOKING_TOKEN, SECRET])
    root.addHandler(handler)  # added after install: still sees redacted records
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
        redact.uninstall()


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
@pytest.mark.parametrize(
    "name", ["inspraak", "bot.handlers", "telegram.ext.ExtBot", "httpx", "aiohttp.access"]
)
def test_every_logger_at_every_level(output: io.StringIO, name: str, level: int) -> None:
    logging.getLogger(name).log(
        level, "%s POST /bot%s/sendMessage %s", "127.0.0.1", REAL_LOOKING_TOKEN, {"chat_id": 4321}
    )
    text = output.getvalue()
    assert "/bot[secret]/sendMessage" in text and "'chat_id': [id]" in text
    assert REAL_LOOKING_TOKEN not in text and "4321" not in text


def test_exceptions_and_bad_format_strings(output: io.StringIO) -> None:
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{REAL_LOOKING_TOKEN}/")
    except ConnectionError:
        logging.getLogger("telegram.ext.Updater").exception("polling failed")
    logging.getLogger("inspraak").warning("wrong %d format", "chat_id=4321")
    text = output.getvalue()
    assert "polling failed" in text and "ConnectionError" in text and "Traceback" in text
    assert REAL_LOOKING_TOKEN not in text and "4321" not in text
    assert "wrong %d format" in text


def test_sql_parameters_are_dropped(output: io.StringIO) -> None:
    import functools
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        call = functools.partial(conn.execute, "SELECT ?, ?", (731904285, "Mijn antwoord"))
        logging.getLogger("aiosqlite").debug("executing %s", call)
    finally:
        conn.close()
    text = output.getvalue()
    assert "execute('SELECT ?, ?', [parameters])" in text
    assert "Mijn antwoord" not in text and "731904285" not in text
