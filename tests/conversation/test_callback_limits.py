"""Button data at Telegram's 64-byte limit, with missing parts, and its response id."""

from __future__ import annotations

import pytest

from conversation.choices import MAX_BYTES, Press, PressKind, parse, question_hash


def test_exactly_64_bytes_is_fine_and_65_is_not() -> None:
    fits = Press(PressKind.ANSWER, "1" * (MAX_BYTES - 2))  # "a:" + 62 digits
    assert fits.id == "a:" + "1" * 62 and len(fits.id) == MAX_BYTES
    assert parse(fits.id) == fits
    with pytest.raises(ValueError, match="choice id too long: 65 bytes"):
        _ = Press(PressKind.ANSWER, "1" * (MAX_BYTES - 1)).id
    assert parse("a:" + "1" * 63) is None
    # Bytes, not characters: a two-byte character counts twice.
    assert parse("a:" + "é" * 31) is not None and parse("a:" + "é" * 32) is None


def test_short_data_is_padded_and_trailing_parts_dropped() -> None:
    assert Press(PressKind.SUBMIT, "12").id == "f:12"
    assert Press(PressKind.CONSENT, "abc", "", "y").id == "c:abc::y"
    # Only empty trailing parts go, never a character of a part.
    assert Press(PressKind.CONSENT, "CODEX").id == "c:CODEX"
    assert parse("f:12") == Press(PressKind.SUBMIT, "12", "", "")
    assert parse("b") == Press(PressKind.BACK)
    assert parse("a:1:h:2") == Press(PressKind.ANSWER, "1", "h", "2")


def test_response_id() -> None:
    assert Press(PressKind.ANSWER, "42").response_id == 42
    assert Press(PressKind.ANSWER, "4x2").response_id is None
    assert Press(PressKind.ANSWER, "").response_id is None


def test_question_hash_is_short_and_stable() -> None:
    assert question_hash("c_thuis") == question_hash("c_thuis")
    assert question_hash("c_thuis") != question_hash("c_weet")
    assert len(question_hash("c_thuis")) == 8


def test_the_multi_selection_is_read_only_from_marked_toggle_buttons() -> None:
    from conversation.flow import _choice_token, _selected_tokens
    from questionnaires.engine import InvalidAnswer
    from questionnaires.model import AnswerOption, Text

    choices = [AnswerOption("sport", Text("Sporten")), AnswerOption("lezen", Text("Lezen"))]
    h = question_hash("c_wat")
    ticked = [
        f"m:1:{h}:0",
        f"d:1:{h}",  # ticked, but no option
        f"m:1:{h}:2",  # no such choice
        f"m:1:{h}:x",
        "m:1",
        "zz:1",
    ]
    assert _selected_tokens(choices, ticked) == {"sport"}
    assert _selected_tokens(choices, [f"m:1:{h}:1"]) == {"lezen"}
    assert _choice_token(choices, "1") == "lezen" and _choice_token(choices, "0") == "sport"
    for wrong in ("2", "-1", "", "x"):
        with pytest.raises(InvalidAnswer):
            _choice_token(choices, wrong)
