from hypothesis import given
from hypothesis import strategies as st

from conversation.choices import MAX_BYTES, Press, PressKind, parse, question_hash


def test_round_trip_of_every_kind() -> None:
    for kind in PressKind:
        callback = Press(kind, "123456", question_hash("client_wonen_thuis"), "6")
        assert parse(callback.id) == callback


def test_longest_realistic_data_fits_telegram_limit() -> None:
    callback = Press(PressKind.TOGGLE, str(10**12), question_hash("x" * 40), "99")
    assert len(callback.id.encode()) <= MAX_BYTES


def test_too_long_data_is_refused_when_encoding() -> None:
    try:
        _ = Press(PressKind.ANSWER, "1" * 70).id
    except ValueError as exc:
        assert "too long" in str(exc)
    else:
        raise AssertionError("expected ValueError")


@given(st.text(max_size=100))
def test_decode_never_raises(data: str) -> None:
    result = parse(data)
    assert result is None or isinstance(result.kind, PressKind)


def test_malformed_data_is_none() -> None:
    assert parse(None) is None
    assert parse("") is None
    assert parse("zz:1:2:3") is None
    assert parse("a:1:2:3:4") is None
