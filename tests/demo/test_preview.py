import pytest

from demo.preview import preview
from inspraak.errors import UserError
from questionnaires.model import Catalog
from settings import Settings


async def test_preview_walks_through_a_questionnaire(
    short_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    # consent, info, likert "Eens" (4th button), yes/no "Ja", multi: toggle 1, Klaar (4th),
    # a number typed, a text typed, then submit on the overview.
    script = iter(["1", "1", "4", "1", "1", "4", "42", "Meer uitjes", "1", ":q"])
    shown: list[str] = []

    async def read(prompt: str) -> str | None:
        return next(script, None)

    await preview(Settings(), short_catalog, "client", read, shown.append)
    output = "\n".join(shown)
    assert "[1] Ja, ik doe mee" in output
    assert "Vraag 1 van 5" in output
    assert "Sporten" in output and "Meer uitjes" in output
    assert "Dank je wel!" in output
    assert "<b>" not in output  # HTML is turned into plain text


async def test_unknown_role_is_a_clear_error(short_catalog: Catalog) -> None:
    with pytest.raises(UserError, match="Choose one of: client"):
        await preview(Settings(), short_catalog, "klant")
