from pathlib import Path

import pytest

from inspraak.settings import Settings, SettingsError, load_settings

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme() -> None:
    for name, field in Settings.model_fields.items():
        assert field.alias, f"setting {name} has no environment variable name"
        assert f"`{field.alias}`" in README, f"{field.alias} is missing from README.md"
        assert field.description, f"setting {name} has no description"


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPRAAK_COORDINATORS", "12, 34")
    monkeypatch.setenv("INSPRAAK_MIN_GROUP_SIZE", "7")
    monkeypatch.setenv("INSPRAAK_QUIET_HOURS", "22-8")
    settings = load_settings()
    assert settings.coordinators == [12, 34]
    assert settings.min_group_size == 7
    assert settings.quiet_range == (22, 8)


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INSPRAAK_ORGANISATION", raising=False)
    (tmp_path / ".env").write_text("INSPRAAK_ORGANISATION=Stichting Test\n")
    assert load_settings().organisation == "Stichting Test"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INSPRAAK_MIN_GROUP_SIZE", "vijf"),
        ("INSPRAAK_MIN_GROUP_SIZE", "1"),
        ("INSPRAAK_QUIET_HOURS", "laat"),
        ("INSPRAAK_COORDINATORS", "abc"),
    ],
)
def test_a_wrong_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings()
