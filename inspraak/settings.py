"""Settings: read once at start-up from the environment (and an optional .env) into one object."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from questionnaires.loader import DEFINITIONS_DIR

# Replace with a URL your organisation controls; example.org is reserved for examples.
DEFAULT_FHIR_BASE = "https://inspraak.example.org/fhir"


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says how to fix it."""


class Settings(BaseSettings):
    """Every setting Inspraak reads. README.md documents each one (a test checks that)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    telegram_bot_token: str | None = Field(
        None,
        alias="TELEGRAM_BOT_TOKEN",
        description="Token from @BotFather. Needed for `inspraak run`, not for demo or preview.",
    )
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot",
        alias="TELEGRAM_API_URL",
        description="Bot API base URL (a self-hosted Bot API server, or the local one in tests).",
    )
    bot_username: str = Field(
        "inspraak_bot",
        alias="INSPRAAK_BOT_USERNAME",
        description="The bot's username, used in invite links https://t.me/<name>?start=<code>.",
    )
    db_path: Path = Field(
        Path("inspraak.sqlite3"), alias="INSPRAAK_DB", description="Path of the SQLite database."
    )
    questionnaires_dir: Path = Field(
        DEFINITIONS_DIR,
        alias="INSPRAAK_QUESTIONNAIRES",
        description="Folder with framework.yaml and one questionnaire file per role.",
    )
    organisation: str = Field(
        "onze organisatie",
        alias="INSPRAAK_ORGANISATION",
        description="Name of the care organisation, shown to participants.",
    )
    privacy_contact: str = Field(
        "de kwaliteitsmedewerker van je zorgorganisatie",
        alias="INSPRAAK_PRIVACY_CONTACT",
        description="Who participants can contact about privacy (name, e-mail or phone).",
    )
    coordinators: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        alias="INSPRAAK_COORDINATORS",
        description="Comma-separated Telegram user ids of coordinators.",
    )
    min_group_size: int = Field(
        5,
        ge=2,
        alias="INSPRAAK_MIN_GROUP_SIZE",
        description="Figures resting on fewer respondents than this are suppressed in reports.",
    )
    reminder_max: int = Field(
        2,
        ge=0,
        alias="INSPRAAK_REMINDER_MAX",
        description="Most reminders per unfinished response.",
    )
    reminder_after_hours: int = Field(
        48,
        ge=1,
        alias="INSPRAAK_REMINDER_AFTER_HOURS",
        description="Hours of silence before a participant who started gets a reminder.",
    )
    quiet_hours: str = Field(
        "21-9",
        alias="INSPRAAK_QUIET_HOURS",
        description="Hours (local time, 'from-to') in which no reminder is sent.",
    )
    timezone: str = Field(
        "Europe/Amsterdam", alias="INSPRAAK_TIMEZONE", description="Time zone for quiet hours."
    )
    webhook_url: str | None = Field(
        None,
        alias="INSPRAAK_WEBHOOK_URL",
        description="Public HTTPS URL for webhook mode; empty means long polling.",
    )
    webhook_listen: str = Field(
        "127.0.0.1", alias="INSPRAAK_WEBHOOK_LISTEN", description="Address the webhook binds to."
    )
    webhook_port: int = Field(
        8443, alias="INSPRAAK_WEBHOOK_PORT", description="Port the webhook listens on."
    )
    webhook_secret: str | None = Field(
        None,
        alias="INSPRAAK_WEBHOOK_SECRET",
        description="Secret token Telegram sends with each webhook call.",
    )
    fhir_base: str = Field(
        DEFAULT_FHIR_BASE,
        alias="INSPRAAK_FHIR_BASE",
        description="Base URL (one you control) of the canonical URLs in the FHIR export.",
    )
    log_level: str = Field("INFO", alias="INSPRAAK_LOG_LEVEL", description="Logging level.")

    @field_validator("coordinators", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        parts = value.split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() and int(p) < 24 for p in parts):
            raise ValueError("use two hours 0-23 as 'from-to', for example 21-9")
        return value

    @property
    def quiet_range(self) -> tuple[int, int]:
        start, end = self.quiet_hours.split("-")
        return int(start), int(end)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning validation errors into one readable SettingsError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "?"
            field = Settings.model_fields.get(name)
            env = field.alias if field is not None and field.alias else name
            lines.append(f"Setting {env}: {error['msg']}.")
        raise SettingsError(" ".join(lines)) from None
