import pytest

from bot.reminders import in_quiet_hours


@pytest.mark.parametrize(
    ("hour", "quiet"),
    [(21, (21, 9)), (23, (21, 9)), (0, (21, 9)), (8, (21, 9)), (13, (12, 14))],
)
def test_quiet(hour: int, quiet: tuple[int, int]) -> None:
    assert in_quiet_hours(hour, quiet)


@pytest.mark.parametrize(
    ("hour", "quiet"), [(9, (21, 9)), (12, (21, 9)), (20, (21, 9)), (14, (12, 14)), (5, (5, 5))]
)
def test_not_quiet(hour: int, quiet: tuple[int, int]) -> None:
    assert not in_quiet_hours(hour, quiet)
