"""Logs that cannot leak: every log record, of every logger at every level, is redacted when it
is made, before any handler sees it.

python-telegram-bot logs at DEBUG every Bot API call with its parameters and return value
(chat ids, names, message texts, the answers people type) and httpx logs request URLs, which
contain the bot token. `install()` replaces the logging record factory, so redaction holds for
our loggers, PTB, httpx, aiohttp and any handler (also one added later, like pytest's).

What is redacted:
- the bot token and the webhook secret, wherever they appear, and anything shaped like a token;
- numbers under a key that holds an id (`chat_id`, `user_id`, `id`, `from_user_id`), in
  `key=value`, `'key': value` and `"key": value` form;
- quoted strings under a key that holds what people typed or are called (`text`, `caption`,
  `first_name`, `last_name`, `username`, `title`, `data`, `query`, `callback_data`, ...);
- any other whole number of six or more digits (a chat id or a WhatsApp number written without
  its key), phone numbers written with a + and spaces or dashes, and WhatsApp message ids
  (`wamid.…`, which encode the sender's number);
- the WhatsApp access token, app secret and verify token wherever they appear;
- the parameters of SQL statements that aiosqlite logs at DEBUG (the statement stays);
- the secrets that travel in web addresses, as an access log (ours logs no path, aiohttp's
  default one logs the request line and the Referer) or a client would write them: the invite
  code in `/v/<code>`, the resume token in `/v/terug/<token>`, the console login secret in
  `/beheer/inloggen/<secret>`, query values under `start`, `code`, `token`, `secret`, `csrf`
  (a Telegram invite link `t.me/<bot>?start=<code>`), `text` (a WhatsApp invite link
  `wa.me/<number>?text=<message with the code>`), the same keys in `key=value` or
  `'key': value` form, and the values of our session cookies.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

from settings import Settings

ID_KEYS = ("chat_id", "user_id", "from_user_id", "sender_chat_id", "id")
TEXT_KEYS = (
    "text",
    "caption",
    "first_name",
    "last_name",
    "username",
    "title",
    "data",
    "query",
    "callback_data",
    "switch_inline_query",
    "bio",
    "description",
    "phone_number",
    "address",
    "name",
    "body",
)
_KEY = r"(?<![A-Za-z0-9_])(['\"]?)({keys})\1(\s*[:=]\s*)"
_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_ID = re.compile(_KEY.format(keys="|".join(ID_KEYS)) + r"-?\d+")
_TEXT = re.compile(_KEY.format(keys="|".join(TEXT_KEYS)) + f"(?:{_QUOTED})")
# A bot token: the bot's id, a colon and 30 or more characters (also inside a URL: /bot<token>/).
_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{30,}")
_LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{6,}(?![\w.])")
# Paths of the web server that carry a secret as their last part (web/participant.py and
# web/console/access.py). Under /v every other part is a code, except these fixed pages.
V_PAGES = (
    *("actie", "pauze", "taal", "bijdrage", "mijn-gegevens", "wissen", "uitleg", "terug"),
    *("vraag", "overzicht", "welkom", "gepauzeerd", "bericht"),
)
_END = r"(?=[/?#\s\"'<>,;)\]]|$)"
_SECRET_PATH = re.compile(
    r"(/v/terug/|/beheer/inloggen/|/v/(?!(?:" + "|".join(V_PAGES) + r")" + _END + r"))"
    r"[^/?#\s\"'<>]+"
)
SECRET_KEYS = (
    "start",
    "startapp",
    "code",
    "token",
    "secret",
    "csrf",
    "beheer_csrf",
    "knop",
    "text",
    "hub.verify_token",
)
_SECRET_KEY = re.compile(
    _KEY.format(keys="|".join(SECRET_KEYS)) + f"(?:{_QUOTED}|[^\\s,;&'\"}}\\])]+)"
)
_PHONE = re.compile(r"\+\d[\d \t-]{6,}\d")
_WAMID = re.compile(r"wamid\.[A-Za-z0-9_=+/-]+")
_COOKIE = re.compile(r"((?:__Host-)?inspraak(?:-beheer)?=)[^;\s\"',]+")


class Redactor:
    """Removes secrets, ids and texts from one string."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        text = _TOKEN.sub("[secret]", text)
        text = _WAMID.sub("wamid.[id]", text)
        text = _PHONE.sub("[number]", text)
        text = _ID.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}[id]", text)
        text = _TEXT.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}'[text]'", text)
        text = _SECRET_PATH.sub(r"\1[secret]", text)
        text = _SECRET_KEY.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}[secret]", text)
        text = _COOKIE.sub(r"\1[secret]", text)
        return _LONG_NUMBER.sub("[number]", text)


def _without_parameters(arg: Any) -> Any:
    """aiosqlite logs `functools.partial(execute, sql, parameters)`: keep the SQL only."""
    if isinstance(arg, functools.partial):
        name = getattr(arg.func, "__name__", "call")
        sql = [a for a in arg.args if isinstance(a, str)][:1]
        shown = f"{sql[0]!r}, [parameters]" if sql else "..."
        return f"{name}({shown})"
    return arg


_original_factory = logging.getLogRecordFactory()
_redactor = Redactor()
_exception_formatter = logging.Formatter()


def _make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _original_factory(*args, **kwargs)
    if isinstance(record.args, tuple):
        record.args = tuple(_without_parameters(arg) for arg in record.args)
    try:
        message = record.getMessage()
    except Exception:  # a wrong format string: log what we can, never the arguments
        message = str(record.msg)
    record.msg = _redactor(message)
    record.args = None
    if record.exc_info:
        record.exc_text = _redactor(_exception_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = _redactor(record.stack_info)
    return record


def install(secrets: Iterable[str] = ()) -> None:
    """Redact every log record made from now on; `secrets` are removed wherever they appear.
    Calling it again replaces the secrets."""
    global _redactor
    _redactor = Redactor(secrets)
    logging.setLogRecordFactory(_make_record)


def uninstall() -> None:
    logging.setLogRecordFactory(_original_factory)


def secrets_of(settings: Settings) -> list[str]:
    return [
        s
        for s in (
            settings.telegram_bot_token,
            settings.webhook_secret,
            settings.whatsapp_token,
            settings.whatsapp_app_secret,
            settings.whatsapp_verify_token,
        )
        if s
    ]


def setup_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, redacted (see the module docstring)."""
    install(secrets_of(settings))
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if settings.log_level != "DEBUG":
        # Noise, not news: httpx logs every request (each long poll) at INFO, and APScheduler
        # (PTB's job queue) every run of every job, two lines every five seconds.
        for chatty in ("httpx", "apscheduler"):
            logging.getLogger(chatty).setLevel(logging.WARNING)
