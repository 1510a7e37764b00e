"""Settings: read once at start-up from the environment (and an optional .env) into one object.

Every setting is checked when it is read (types in inspraak/checks.py); a wrong value stops the
program with one line per setting that names it and says what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from questionnaires.loader import DEFINITIONS_DIR
from settings.checks import (
    SECRET_RULE,
    AppSecret,
    BotToken,
    BotUsername,
    ExistingFolder,
    FilePath,
    Host,
    HttpsUrl,
    HttpUrl,
    InternationalNumber,
    LogLevel,
    OneLine,
    PhoneNumberId,
    Port,
    QuietHours,
    TemplateName,
    TimeZone,
    WebhookSecret,
    WhatsAppToken,
    whole_number,
)

# Replace with a URL your organisation controls; example.org is reserved for examples.
DEFAULT_FHIR_BASE = "https://inspraak.example.org/fhir"
ENV_FILE = ".env"
# Words, not names: participants who read English read these in English (conversation.texts).
DEFAULT_ORGANISATION = "onze organisatie"
DEFAULT_PRIVACY_CONTACT = "de kwaliteitsmedewerker van je zorgorganisatie"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Never shown in an error message.
SECRET_SETTINGS = frozenset(
    {
        "TELEGRAM_BOT_TOKEN",
        "INSPRAAK_WEBHOOK_SECRET",
        "WHATSAPP_TOKEN",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
    }
)
# Names that look like a setting but belong to something else: compose/Caddy's host name, and
# the tests' own folders (INSPRAAK_TEST_*).
NOT_SETTINGS = frozenset({"INSPRAAK_DOMAIN"})
OUR_PREFIXES = ("INSPRAAK_", "TELEGRAM_", "WHATSAPP_")
# WhatsApp runs when all of these are set; some but not all is a mistake.
WHATSAPP_REQUIRED = (
    "WHATSAPP_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_PHONE_NUMBER",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
)


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says how to fix it."""


def wrong(setting: str, message: str) -> PydanticCustomError:
    """A check of settings together failed: `describe` names `setting` (without a value)."""
    return PydanticCustomError("setting", message, {"setting": setting})


class Settings(BaseSettings):
    """Every setting Inspraak reads. README.md documents each one (a test checks that)."""

    model_config = SettingsConfigDict(
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `NAME=` in .env means: use the default
        extra="ignore",
        populate_by_name=True,
    )

    telegram_bot_token: BotToken | None = Field(
        None,
        alias="TELEGRAM_BOT_TOKEN",
        description="Token from @BotFather. Needed for `inspraak run`, not for demo or preview.",
    )
    telegram_api_url: HttpUrl = Field(
        "https://api.telegram.org/bot",
        alias="TELEGRAM_API_URL",
        description="Bot API base URL (a self-hosted Bot API server, or the local one in tests).",
    )
    bot_username: BotUsername = Field(
        "inspraak_bot",
        alias="INSPRAAK_BOT_USERNAME",
        description="The bot's username, used in invite links https://t.me/<name>?start=<code>.",
    )
    db_path: FilePath = Field(
        Path("inspraak.sqlite3"), alias="INSPRAAK_DB", description="Path of the SQLite database."
    )
    questionnaires_dir: ExistingFolder = Field(
        DEFINITIONS_DIR,
        alias="INSPRAAK_QUESTIONNAIRES",
        description="Folder with framework.yaml and one questionnaire file per role.",
    )
    organisation: OneLine = Field(
        DEFAULT_ORGANISATION,
        alias="INSPRAAK_ORGANISATION",
        description="Name of the care organisation, shown to participants.",
    )
    privacy_contact: OneLine = Field(
        DEFAULT_PRIVACY_CONTACT,
        alias="INSPRAAK_PRIVACY_CONTACT",
        description="Who participants can contact about privacy (name, e-mail or phone).",
    )
    coordinators: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        alias="INSPRAAK_COORDINATORS",
        description="Comma-separated Telegram user ids of coordinators.",
    )
    min_group_size: Annotated[int, whole_number(2, 100)] = Field(
        5,
        alias="INSPRAAK_MIN_GROUP_SIZE",
        description="Figures resting on fewer respondents than this are suppressed in reports.",
    )
    reminder_max: Annotated[int, whole_number(0, 10)] = Field(
        2,
        alias="INSPRAAK_REMINDER_MAX",
        description="Most reminders per unfinished response.",
    )
    reminder_after_hours: Annotated[int, whole_number(1, 24 * 30)] = Field(
        48,
        alias="INSPRAAK_REMINDER_AFTER_HOURS",
        description="Hours of silence before a participant who started gets a reminder.",
    )
    quiet_hours: QuietHours = Field(
        "21-9",
        alias="INSPRAAK_QUIET_HOURS",
        description="Hours (local time, 'from-to') in which no reminder is sent.",
    )
    timezone: TimeZone = Field(
        "Europe/Amsterdam",
        alias="INSPRAAK_TIMEZONE",
        description="Time zone of quiet hours and of a round's days (it ends at local midnight).",
    )
    webhook_url: HttpsUrl | None = Field(
        None,
        alias="INSPRAAK_WEBHOOK_URL",
        description="Public HTTPS URL for webhook mode; empty means long polling.",
    )
    webhook_listen: Host = Field(
        "127.0.0.1", alias="INSPRAAK_WEBHOOK_LISTEN", description="Address the webhook binds to."
    )
    webhook_port: Port = Field(
        8443, alias="INSPRAAK_WEBHOOK_PORT", description="Port the webhook listens on."
    )
    webhook_secret: WebhookSecret | None = Field(
        None,
        alias="INSPRAAK_WEBHOOK_SECRET",
        description="Secret Telegram sends with each webhook call; required with a webhook.",
    )
    retention_days: Annotated[int, whole_number(1, 3650)] = Field(
        90,
        alias="INSPRAAK_RETENTION_DAYS",
        description="Days after a round is over before `inspraak retention` removes chat ids "
        "and unfinished answers of that round.",
    )
    fhir_base: HttpUrl = Field(
        DEFAULT_FHIR_BASE,
        alias="INSPRAAK_FHIR_BASE",
        description="Base URL (one you control) of the canonical URLs in the FHIR export.",
    )
    web_listen: Host = Field(
        "127.0.0.1",
        alias="INSPRAAK_WEB_LISTEN",
        description="Address the web form binds to; keep 127.0.0.1 behind a reverse proxy.",
    )
    web_port: Port = Field(
        8080, alias="INSPRAAK_WEB_PORT", description="Port the web form listens on."
    )
    public_url: HttpUrl | None = Field(
        None,
        alias="INSPRAAK_PUBLIC_URL",
        description="Public base URL of the web form (https://...); invites link to <url>/v/<code>."
        " Empty: http://127.0.0.1:<INSPRAAK_WEB_PORT>, for trying it on this machine.",
    )
    web_trust_proxy: bool = Field(
        False,
        alias="INSPRAAK_WEB_TRUST_PROXY",
        description="Take the visitor's address from X-Forwarded-For (only behind your own "
        "reverse proxy); used to slow down code guessing.",
    )
    console_idle_minutes: Annotated[int, whole_number(5, 480)] = Field(
        30,
        alias="INSPRAAK_CONSOLE_IDLE_MINUTES",
        description="Minutes without use after which a coordinator must log in to the web "
        "console (/beheer) again; a session never lasts longer than 12 hours.",
    )
    whatsapp_token: WhatsAppToken | None = Field(
        None,
        alias="WHATSAPP_TOKEN",
        description="WhatsApp Cloud API access token (a system user's permanent token). "
        "WhatsApp runs when this and the other WHATSAPP_ settings are set.",
    )
    whatsapp_phone_number_id: PhoneNumberId | None = Field(
        None,
        alias="WHATSAPP_PHONE_NUMBER_ID",
        description="The business number's Phone number ID (WhatsApp > API Setup).",
    )
    whatsapp_phone_number: InternationalNumber | None = Field(
        None,
        alias="WHATSAPP_PHONE_NUMBER",
        description="The business number in international form (+31 20 123 4567), for the "
        "invite links https://wa.me/<number>.",
    )
    whatsapp_app_secret: AppSecret | None = Field(
        None,
        alias="WHATSAPP_APP_SECRET",
        description="The Meta app's App secret: every webhook call must be signed with it.",
    )
    whatsapp_verify_token: WebhookSecret | None = Field(
        None,
        alias="WHATSAPP_VERIFY_TOKEN",
        description="A secret you choose and enter in the app's webhook settings (Verify token).",
    )
    whatsapp_api_url: HttpUrl = Field(
        "https://graph.facebook.com/v21.0",
        alias="WHATSAPP_API_URL",
        description="Graph API base URL with its version; calls go to "
        "<url>/<phone number id>/messages.",
    )
    whatsapp_reminder_template: TemplateName = Field(
        "inspraak_herinnering",
        alias="WHATSAPP_REMINDER_TEMPLATE",
        description="Name of the approved message template (Dutch and English) used for "
        "reminders: WhatsApp allows nothing else 24 hours after a person's last message.",
    )
    unreachable_seconds: Annotated[int, whole_number(1, 3600)] = Field(
        120,
        alias="INSPRAAK_UNREACHABLE_SECONDS",
        description="Seconds Telegram or WhatsApp may keep failing (no connection, server "
        "errors, a refused token) before the health check fails and the log says so once.",
    )
    log_level: LogLevel = Field(
        "INFO",
        alias="INSPRAAK_LOG_LEVEL",
        description="Logging level: DEBUG, INFO, WARNING, ERROR or CRITICAL.",
    )

    @field_validator("coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        parts = value.split(",") if isinstance(value, str) else value
        if isinstance(parts, int):
            parts = [parts]
        ids = [str(part).strip() for part in parts if str(part).strip()]
        if not all(part.isdigit() and 0 < int(part) < 2**63 for part in ids):
            raise ValueError("use Telegram user ids (whole numbers) separated by commas")
        return [int(part) for part in ids]

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise wrong(
                "INSPRAAK_WEBHOOK_SECRET",
                "required when INSPRAAK_WEBHOOK_URL is set, so that only Telegram can call the "
                f"webhook: {SECRET_RULE}",
            )
        return self

    @model_validator(mode="after")
    def _whatsapp_all_or_none(self) -> Settings:
        given = [name for name in WHATSAPP_REQUIRED if self._by_alias(name) is not None]
        if given and len(given) < len(WHATSAPP_REQUIRED):
            missing = next(name for name in WHATSAPP_REQUIRED if name not in given)
            raise wrong(
                missing,
                f"required when {given[0]} is set: WhatsApp needs all of "
                f"{', '.join(WHATSAPP_REQUIRED)} (or none of them)",
            )
        return self

    def _by_alias(self, alias: str) -> object:
        return next(
            getattr(self, name)
            for name, field in type(self).model_fields.items()
            if field.alias == alias
        )

    @property
    def whatsapp_enabled(self) -> bool:
        """Whether the WhatsApp channel is configured (then all its settings are)."""
        return self.whatsapp_token is not None

    @model_validator(mode="after")
    def _public_url_is_https(self) -> Settings:
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
                raise wrong(
                    "INSPRAAK_PUBLIC_URL",
                    "use an https:// URL (participants' answers travel over it); plain http:// "
                    "only for 127.0.0.1 or localhost",
                )
        return self

    @property
    def web_url(self) -> str:
        """Base URL of the web form, without a trailing slash."""
        return (self.public_url or f"http://127.0.0.1:{self.web_port}").rstrip("/")

    @property
    def quiet_range(self) -> tuple[int, int]:
        start, end = self.quiet_hours.split("-")
        return int(start), int(end)

    def quiet_at(self, moment: datetime) -> bool:
        """Whether `moment` falls in INSPRAAK_QUIET_HOURS (local time): no reminders then."""
        return in_quiet_hours(moment.astimezone(ZoneInfo(self.timezone)).hour, self.quiet_range)

    def local_date(self, moment: datetime | None = None) -> date:
        """The calendar day in INSPRAAK_TIMEZONE at `moment` (default: now): the day a round's
        first and last day are counted in, so a round ending on 30 November ends at local
        midnight."""
        return (moment or datetime.now(UTC)).astimezone(ZoneInfo(self.timezone)).date()


def in_quiet_hours(hour: int, quiet: tuple[int, int]) -> bool:
    """Whether `hour` lies in the quiet range (from, to), which may run past midnight."""
    start, end = quiet
    if start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


def load_settings(**overrides: Any) -> Settings:
    """Read the settings (environment, then `.env` if it exists; `_env_file=` picks another
    file), turning validation errors into one SettingsError with one line per wrong setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """One line per error: `Setting NAME is 'value': what is allowed.` (secrets not shown)."""
    lines = []
    for error in exc.errors():
        ctx = error.get("ctx") or {}
        if "setting" in ctx:
            env = str(ctx["setting"])
        else:
            name = str(error["loc"][0]) if error["loc"] else "?"
            field = Settings.model_fields.get(name)
            env = field.alias if field is not None and field.alias else name
        message = str(error["msg"]).removeprefix("Value error, ")
        value = error.get("input")
        shown = (
            ""
            if env in SECRET_SETTINGS or "setting" in ctx or isinstance(value, dict)
            else f" is {str(value)!r}"
        )
        lines.append(f"Setting {env}{shown}: {message}.")
    return "\n".join(lines)


def unknown_names(environ: Mapping[str, str], env_file: Path | None = Path(ENV_FILE)) -> list[str]:
    """A line for every name in the environment (or `.env`) that looks like a setting but is
    none: a misspelt setting is otherwise ignored without a word, and its default used."""
    known = [field.alias for field in Settings.model_fields.values() if field.alias]
    names = set(environ)
    if env_file is not None and env_file.is_file():
        names |= set(dotenv_values(env_file, encoding="utf-8"))
    lines = []
    for name in sorted(names):
        if (
            not name.startswith(OUR_PREFIXES)
            or name in known
            or name in NOT_SETTINGS
            or name.startswith("INSPRAAK_TEST_")
        ):
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        hint = f"did you mean {close[0]}?" if close else "README lists every setting."
        lines.append(f"{name} is not a setting and is ignored; {hint}")
    return lines
