"""Text people typed or pasted is normalised when it is stored."""

from datetime import date

import pytest

from storage.store import Contribution, Store
from storage.text import clean_fields, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Regel een\vregel twee", "Regel een\nregel twee"),  # Word's line break
        ("Blad een\fblad twee", "Blad een\nblad twee"),  # Word's page break
        ("a\r\nb\rc", "a\nb\nc"),
        ("nul\x00byte en bel\x07", "nulbyte en bel"),
        ("tab\tblijft", "tab\tblijft"),
        ("kapot \ud800 teken", "kapot  teken"),
        ("niet\ufffeteken", "nietteken"),
        ("regel\u2028scheiding", "regel\nscheiding"),
        ("cafe\u0301", "café"),  # NFC: one character, as typed on another keyboard
        ("Gewone tekst, met 'quotes' en émoji 🙂", "Gewone tekst, met 'quotes' en émoji 🙂"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_fields_reaches_every_string_of_a_tree() -> None:
    tree = Contribution("2026-03-01", "groep\v", ["client\f"], 3, None, "ja\x0b", None, None)
    cleaned = clean_fields(tree)
    assert cleaned.kind == "groep\n" and cleaned.with_whom == ["client\n"]
    assert cleaned.yielded == "ja\n" and cleaned.people_reached == 3
    assert clean_fields(cleaned) is cleaned  # nothing to change: the same object


async def test_stored_text_is_normalised(store: Store) -> None:
    round_ = await store.create_round("Voorjaar\v2026", 2026, date(2026, 3, 1), date(2026, 4, 1))
    assert round_.name == "Voorjaar\n2026"
    location = await store.add_location("De\x0cLinde")
    assert location.name == "De\nLinde"
    renamed = await store.rename_location(location.id, "De Linde\x00")
    assert renamed is not None and renamed.name == "De Linde"
