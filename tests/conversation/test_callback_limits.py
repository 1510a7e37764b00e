"""Button data at Telegram's 64-byte limit, with missing parts, and its response id."""

from __future__ import annotations

import pytest

from conversation.callbacks import MAX_BYTES, Callback, Kind, decode, question_hash


def test_exactly_64_bytes_is_fine_and_65_is_not() -> None:
    fits = Callback(Kind.ANSWER, "1" * (MAX_BYTES - 2))  # "a:" + 62 digits
    assert fits.encode() == "a:" + "1" * 62 and len(fits.encode()) == MAX_BYTES
    assert decode(fits.encode()) == fits
    with pytest.raises(ValueError, match="callback data too long: 65 bytes"):
        Callback(Kind.ANSWER, "1" * (MAX_BYTES - 1)).encode()
    assert decode("a:" + "1" * 63) is None
    # Bytes, not characters: a two-byte character counts twice.
    assert decode("a:" + "é" * 31) is not None and decode("a:" + "é" * 32) is None


def test_short_data_is_padded_and_trailing_parts_dropped() -> None:
    assert Callback(Kind.SUBMIT, "12").encode() == "f:12"
    assert Callback(Kind.CONSENT, "abc", "", "y").encode() == "c:abc::y"
    # Only empty trailing parts go, never a character of a part.
    assert Callback(Kind.CONSENT, "CODEX").encode() == "c:CODEX"
    assert decode("f:12") == Callback(Kind.SUBMIT, "12", "", "")
    assert decode("b") == Callback(Kind.BACK)
    assert decode("a:1:h:2") == Callback(Kind.ANSWER, "1", "h", "2")


def test_response_id() -> None:
    assert Callback(Kind.ANSWER, "42").response_id == 42
    assert Callback(Kind.ANSWER, "4x2").response_id is None
    assert Callback(Kind.ANSWER, "").response_id is None


def test_question_hash_is_short_and_stable() -> None:
    assert question_hash("c_thuis") == question_hash("c_thuis")
    assert question_hash("c_thuis") != question_hash("c_weet")
    assert len(question_hash("c_thuis")) == 8


def test_the_multi_selection_is_read_only_from_marked_toggle_buttons() -> None:
    from conversation.flow import _choice_token, _selected_tokens
    from conversation.screens import SELECTED
    from questionnaires.engine import InvalidAnswer
    from questionnaires.model import Choice, Text

    choices = [Choice("sport", Text("Sporten")), Choice("lezen", Text("Lezen"))]
    h = question_hash("c_wat")
    buttons = [
        (f"{SELECTED}Sporten", f"m:1:{h}:0"),
        ("Lezen", f"m:1:{h}:1"),  # not marked
        (f"{SELECTED}Klaar", f"d:1:{h}"),  # marked, but no toggle
        (f"{SELECTED}Weg", f"m:1:{h}:2"),  # no such choice
        (f"{SELECTED}Raar", f"m:1:{h}:x"),
        (f"{SELECTED}Kort", "m:1"),
    ]
    assert _selected_tokens(choices, buttons) == {"sport"}
    assert _selected_tokens(choices, [(f"{SELECTED}Lezen", f"m:1:{h}:1")]) == {"lezen"}
    assert _choice_token(choices, "1") == "lezen" and _choice_token(choices, "0") == "sport"
    for wrong in ("2", "-1", "", "x"):
        with pytest.raises(InvalidAnswer):
            _choice_token(choices, wrong)
