"""Reusable checks for settings: each names what is allowed, so a wrong value gives one line.

Use them as `Annotated` types on a `Settings` field, e.g. `port: Port = Field(8443, alias=...)`.
A check raises `ValueError("use ...")`; `load_settings` prefixes the setting's name and value.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SECRET_RULE = "16 to 256 characters A-Z, a-z, 0-9, _ or - (e.g. `openssl rand -hex 32`)"


def whole_number(low: int, high: int) -> BeforeValidator:
    """An integer from `low` to `high` (inclusive), also when given as text."""

    def check(value: Any) -> int:
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"use a whole number from {low} to {high}")
        number = int(text)
        if not low <= number <= high:
            raise ValueError(f"use a whole number from {low} to {high}")
        return number

    return BeforeValidator(check)


def _url(schemes: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in schemes or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"use {what}")
        return value.strip()

    return check


def _one_line(max_length: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = value.strip()
        if not text or "\n" in text or len(text) > max_length:
            raise ValueError(f"use one line of 1 to {max_length} characters")
        return text

    return check


def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"use one of {', '.join(LOG_LEVELS)}")
    return level


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            "use an IANA time zone name such as Europe/Amsterdam (see `timedatectl list-timezones`)"
        ) from None
    return value.strip()


def _host(value: str) -> str:
    text = value.strip()
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*", text):
            raise ValueError("use an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name") from None
    return text


def matching(pattern: str, what: str, *, prefix: str = "") -> AfterValidator:
    """Text that, stripped and without `prefix`, matches `pattern` as a whole."""

    def check(value: str) -> str:
        text = value.strip().removeprefix(prefix)
        if not re.fullmatch(pattern, text):
            raise ValueError(f"use {what}")
        return text

    return AfterValidator(check)


def _international_number(value: str) -> str:
    digits = re.sub(r"[\s()-]", "", value.strip())
    digits = digits[1:] if digits.startswith("+") else digits.removeprefix("00")
    if not re.fullmatch(r"[1-9]\d{7,14}", digits):
        raise ValueError(
            "use the number in international form with its country code, e.g. +31 20 123 4567"
        )
    return digits


def _existing_folder(value: Path) -> Path:
    if not value.is_dir():
        raise ValueError("use an existing folder")
    return value


def _file_path(value: Path) -> Path:
    if str(value) != ":memory:" and value.is_dir():
        raise ValueError("use the path of a file, not a folder")
    return value


def _quiet_hours(value: str) -> str:
    parts = value.split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() and int(p) < 24 for p in parts):
        raise ValueError("use two hours 0-23 as 'from-to', for example 21-9")
    return value.strip()


Port = Annotated[int, whole_number(1, 65535)]
HttpsUrl = Annotated[str, AfterValidator(_url(("https",), "an https:// URL without ? or #"))]
HttpUrl = Annotated[
    str, AfterValidator(_url(("http", "https"), "an http:// or https:// URL without ? or #"))
]
OneLine = Annotated[str, AfterValidator(_one_line(200))]
LogLevel = Annotated[str, AfterValidator(_log_level)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
Host = Annotated[str, AfterValidator(_host)]
BotUsername = Annotated[
    str,
    matching(
        r"[A-Za-z][A-Za-z0-9_]{3,30}[Bb][Oo][Tt]",
        "the bot's username: 5-32 letters, digits or _, ending in 'bot'",
        prefix="@",
    ),
]
BotToken = Annotated[
    str,
    matching(
        r"\d{1,20}:[A-Za-z0-9_-]{1,100}",
        "the token @BotFather gave, digits, a colon, then letters and digits",
    ),
]
WebhookSecret = Annotated[str, matching(r"[A-Za-z0-9_-]{16,256}", SECRET_RULE)]
ExistingFolder = Annotated[Path, AfterValidator(_existing_folder)]
FilePath = Annotated[Path, AfterValidator(_file_path)]
QuietHours = Annotated[str, AfterValidator(_quiet_hours)]
WhatsAppToken = Annotated[
    str,
    matching(
        r"[A-Za-z0-9_.|-]{20,2048}",
        "the access token of the app's system user (Meta Business settings), one line",
    ),
]
PhoneNumberId = Annotated[
    str, matching(r"\d{5,25}", "the Phone number ID from WhatsApp > API Setup (digits only)")
]
InternationalNumber = Annotated[str, AfterValidator(_international_number)]
AppSecret = Annotated[
    str,
    matching(r"[0-9a-fA-F]{32}", "the App secret (App settings > Basic): 32 characters 0-9, a-f"),
]
TemplateName = Annotated[
    str,
    matching(
        r"[a-z0-9_]{1,512}",
        "the name of an approved message template: lower-case letters, digits and _",
    ),
]
