"""How a stored answer reads back to the participant (overview, /mijngegevens)."""

from __future__ import annotations

from dataclasses import replace

from questionnaires.engine import display_value
from questionnaires.model import Questionnaire, Text
from tests.questionnaires.answering import q


def test_display_value(rich: Questionnaire) -> None:
    soort, doen = q(rich, "r_soort"), q(rich, "r_doen")
    assert display_value(soort, None) == "-"
    assert display_value(soort, "gemeente") == "Gemeente"
    assert display_value(soort, "gemeente", "en") == "Municipality"
    assert display_value(doen, ["sport", "koken"]) == "Sporten, Koken"
    multi_en = replace(
        doen, options=(doen.options[0], replace(doen.options[2], label=Text("Koken", "Cooking")))
    )
    assert display_value(multi_en, ["sport", "koken"], "en") == "Sporten, Cooking"
    assert display_value(q(rich, "r_thuis"), 4) == "Eens"
    assert display_value(q(rich, "r_thuis"), 4, "en") == "Agree"
    assert display_value(q(rich, "r_datum"), "2026-03-05") == "05-03-2026"
    leeftijd = replace(q(rich, "r_leeftijd"), unit=Text("jaar", "years"))
    assert display_value(leeftijd, 42) == "42 jaar"
    assert display_value(leeftijd, 42, "en") == "42 years"
    assert display_value(replace(leeftijd, unit=None), 42) == "42"
    assert display_value(q(rich, "r_beter"), "2026-03-05") == "2026-03-05"  # text stays text
    assert display_value(q(rich, "r_beter"), "Meer uitjes") == "Meer uitjes"
