from pathlib import Path

import pytest

from inspraak.cli import main
from settings import SECRET_SETTINGS, Settings, SettingsError, load_settings, unknown_names

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")

# One or more wrong values per setting, and a word the message must contain to say what is
# allowed. A new setting needs a line here (test_every_setting_has_a_wrong_value_test).
WRONG: list[tuple[str, str, str]] = [
    ("TELEGRAM_BOT_TOKEN", "geheim-token", "@BotFather"),
    ("TELEGRAM_API_URL", "api.telegram.org/bot", "http:// or https://"),
    ("TELEGRAM_API_URL", "ftp://example.org/bot", "http:// or https://"),
    ("INSPRAAK_BOT_USERNAME", "inspraak", "ending in 'bot'"),
    ("INSPRAAK_BOT_USERNAME", "in spraak_bot", "letters, digits"),
    ("INSPRAAK_DB", ".", "not a folder"),
    ("INSPRAAK_QUESTIONNAIRES", "/no/such/folder", "existing folder"),
    ("INSPRAAK_ORGANISATION", "x" * 201, "one line of 1 to 200"),
    ("INSPRAAK_ORGANISATION", "   ", "one line"),
    ("INSPRAAK_PRIVACY_CONTACT", "a\nb", "one line"),
    ("INSPRAAK_COORDINATORS", "abc", "Telegram user ids"),
    ("INSPRAAK_COORDINATORS", "12,-3", "Telegram user ids"),
    ("INSPRAAK_MIN_GROUP_SIZE", "vijf", "whole number from 2 to 100"),
    ("INSPRAAK_MIN_GROUP_SIZE", "1", "whole number from 2 to 100"),
    ("INSPRAAK_MIN_GROUP_SIZE", "2.5", "whole number from 2 to 100"),
    ("INSPRAAK_REMINDER_MAX", "-1", "whole number from 0 to 10"),
    ("INSPRAAK_REMINDER_AFTER_HOURS", "0", "whole number from 1 to 720"),
    ("INSPRAAK_QUIET_HOURS", "laat", "two hours 0-23"),
    ("INSPRAAK_QUIET_HOURS", "21-24", "two hours 0-23"),
    ("INSPRAAK_TIMEZONE", "Mars/Base", "IANA time zone"),
    ("INSPRAAK_TIMEZONE", "../../etc/passwd", "IANA time zone"),
    ("INSPRAAK_WEBHOOK_URL", "http://bot.example.nl", "https:// URL"),
    ("INSPRAAK_WEBHOOK_LISTEN", "999.1.1.1 x", "IP address"),
    ("INSPRAAK_WEBHOOK_PORT", "0", "whole number from 1 to 65535"),
    ("INSPRAAK_WEBHOOK_PORT", "65536", "whole number from 1 to 65535"),
    ("INSPRAAK_WEBHOOK_PORT", "https", "whole number from 1 to 65535"),
    ("INSPRAAK_WEBHOOK_SECRET", "kort", "16 to 256 characters"),
    ("INSPRAAK_WEBHOOK_SECRET", "x" * 20 + "!", "16 to 256 characters"),
    ("INSPRAAK_RETENTION_DAYS", "0", "whole number from 1 to 3650"),
    ("INSPRAAK_CONSOLE_IDLE_MINUTES", "2", "whole number from 5 to 480"),
    ("INSPRAAK_CONSOLE_IDLE_MINUTES", "een uur", "whole number from 5 to 480"),
    ("INSPRAAK_RETENTION_DAYS", "een jaar", "whole number from 1 to 3650"),
    ("INSPRAAK_UNREACHABLE_SECONDS", "0", "whole number from 1 to 3600"),
    ("INSPRAAK_UNREACHABLE_SECONDS", "2m", "whole number from 1 to 3600"),
    ("INSPRAAK_FHIR_BASE", "urn:inspraak", "http:// or https://"),
    ("INSPRAAK_FHIR_BASE", "https://zorg.example.nl/fhir?x=1", "without ? or #"),
    ("INSPRAAK_LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("INSPRAAK_WEB_LISTEN", "local host", "IP address"),
    ("INSPRAAK_WEB_PORT", "80800", "whole number from 1 to 65535"),
    ("INSPRAAK_PUBLIC_URL", "inspraak.zorg.nl", "http:// or https://"),
    ("INSPRAAK_PUBLIC_URL", "http://inspraak.zorg.nl", "https://"),
    ("INSPRAAK_WEB_TRUST_PROXY", "misschien", "bool"),
    ("WHATSAPP_TOKEN", "kort", "access token"),
    ("WHATSAPP_PHONE_NUMBER_ID", "+31 6 1234", "Phone number ID"),
    ("WHATSAPP_PHONE_NUMBER", "020 123 4567", "international form"),
    ("WHATSAPP_PHONE_NUMBER", "+31 abc", "international form"),
    ("WHATSAPP_APP_SECRET", "geheim", "32 characters"),
    ("WHATSAPP_VERIFY_TOKEN", "kort", "16 to 256 characters"),
    ("WHATSAPP_API_URL", "graph.facebook.com", "http:// or https://"),
    ("WHATSAPP_REMINDER_TEMPLATE", "Herinnering!", "approved message template"),
]
WHATSAPP = {
    "WHATSAPP_TOKEN": "EAAGm0PX4ZCpsBA0123456789abcdef",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_PHONE_NUMBER": "+31 20 123 4567",
    "WHATSAPP_APP_SECRET": "0123456789abcdef0123456789abcdef",
    "WHATSAPP_VERIFY_TOKEN": "verify-token-0123456789",
}


def test_every_setting_is_documented_in_the_readme() -> None:
    for name, field in Settings.model_fields.items():
        assert field.alias, f"setting {name} has no environment variable name"
        assert f"`{field.alias}`" in README, f"{field.alias} is missing from README.md"
        assert field.description, f"setting {name} has no description"


def test_every_setting_has_a_wrong_value_test() -> None:
    tested = {name for name, _, _ in WRONG}
    missing = {field.alias for field in Settings.model_fields.values()} - tested
    assert not missing, f"add wrong values for {sorted(str(m) for m in missing)} to WRONG"


def test_defaults_are_valid() -> None:
    settings = load_settings()
    assert settings.min_group_size == 5 and settings.log_level == "INFO"
    assert settings.telegram_bot_token is None and settings.webhook_url is None


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPRAAK_COORDINATORS", "12, 34")
    monkeypatch.setenv("INSPRAAK_MIN_GROUP_SIZE", "7")
    monkeypatch.setenv("INSPRAAK_QUIET_HOURS", "22-8")
    monkeypatch.setenv("INSPRAAK_LOG_LEVEL", "debug")
    monkeypatch.setenv("INSPRAAK_BOT_USERNAME", "@Zorg_Inspraak_bot")
    monkeypatch.setenv("INSPRAAK_WEBHOOK_LISTEN", "::1")
    monkeypatch.setenv("INSPRAAK_TIMEZONE", "Europe/Brussels")
    settings = load_settings()
    assert settings.coordinators == [12, 34]
    assert settings.min_group_size == 7
    assert settings.quiet_range == (22, 8)
    assert settings.log_level == "DEBUG"
    assert settings.bot_username == "Zorg_Inspraak_bot"
    assert settings.webhook_listen == "::1"
    assert settings.timezone == "Europe/Brussels"


def test_an_empty_value_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("INSPRAAK_WEBHOOK_PORT", "")
    settings = load_settings()
    assert settings.telegram_bot_token is None and settings.webhook_port == 8443


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("INSPRAAK_ORGANISATION=Stichting Test\n")
    assert load_settings(_env_file=tmp_path / ".env").organisation == "Stichting Test"


@pytest.mark.parametrize(("name", "value", "allowed"), WRONG)
def test_a_wrong_value_names_the_setting_and_what_is_allowed(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, allowed: str
) -> None:
    if name == "INSPRAAK_WEBHOOK_SECRET":
        monkeypatch.setenv("INSPRAAK_WEBHOOK_URL", "https://bot.example.nl")
    if name in WHATSAPP:  # the others right, so that only this one is named
        for other, good in WHATSAPP.items():
            monkeypatch.setenv(other, good)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"Setting {name}")
    assert allowed in message
    if name in SECRET_SETTINGS:
        assert value not in message


def test_whatsapp_settings_all_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not load_settings().whatsapp_enabled
    for name, value in WHATSAPP.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.whatsapp_enabled and settings.whatsapp_phone_number == "31201234567"
    monkeypatch.delenv("WHATSAPP_APP_SECRET")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith("Setting WHATSAPP_APP_SECRET: required when WHATSAPP_TOKEN is set")
    assert len(message.splitlines()) == 1 and WHATSAPP["WHATSAPP_TOKEN"] not in message


def test_webhook_mode_refuses_to_start_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPRAAK_WEBHOOK_URL", "https://bot.example.nl")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABC")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inspraak: Setting INSPRAAK_WEBHOOK_SECRET: required when")
    assert len(err.splitlines()) == 1
    monkeypatch.setenv("INSPRAAK_WEBHOOK_SECRET", "a" * 32)
    assert load_settings().webhook_secret == "a" * 32


def test_several_wrong_settings_give_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPRAAK_LOG_LEVEL", "LOUD")
    monkeypatch.setenv("INSPRAAK_TIMEZONE", "Mars/Base")
    assert main(["round", "list"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "inspraak: Setting INSPRAAK_TIMEZONE is 'Mars/Base': use an IANA time zone name such as "
        "Europe/Amsterdam (see `timedatectl list-timezones`).",
        "inspraak: Setting INSPRAAK_LOG_LEVEL is 'LOUD': use one of DEBUG, INFO, WARNING, ERROR, "
        "CRITICAL.",
    ]


def test_a_name_that_looks_like_a_setting_but_is_none_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("INSPRAAK_MIN_GROEP_SIZE=3\nINSPRAAK_DB=x.db\n", encoding="utf-8")
    environ = {
        "INSPRAAK_ORGANISATIE": "Stichting Voorbeeld",
        "TELEGRAM_TOKEN": "x",
        "INSPRAAK_DOMAIN": "inspraak.voorbeeld.nl",  # compose's and Caddy's
        "INSPRAAK_TEST_SCREENSHOTS": "out",  # the tests'
        "INSPRAAK_TIMEZONE": "Europe/Amsterdam",
        "HOME": "/root",
    }
    assert unknown_names(environ, env_file) == [
        "INSPRAAK_MIN_GROEP_SIZE is not a setting and is ignored; "
        "did you mean INSPRAAK_MIN_GROUP_SIZE?",
        "INSPRAAK_ORGANISATIE is not a setting and is ignored; did you mean INSPRAAK_ORGANISATION?",
        "TELEGRAM_TOKEN is not a setting and is ignored; did you mean TELEGRAM_BOT_TOKEN?",
    ]
    assert unknown_names({"WHATSAPP_FOO": "1"}, None) == [
        "WHATSAPP_FOO is not a setting and is ignored; README lists every setting."
    ]
