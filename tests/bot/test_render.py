from bot.render import MAX_MESSAGE, keyboard, split_text
from conversation.screens import Button, Screen


def test_short_text_is_one_part() -> None:
    assert split_text("hallo") == ["hallo"]


def test_long_text_splits_on_lines_within_limit() -> None:
    lines = [f"regel {i} " + "x" * 50 for i in range(300)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    assert "\n".join(parts) == "\n".join(lines)


def test_one_enormous_line_is_cut_hard() -> None:
    parts = split_text("y" * (MAX_MESSAGE * 2 + 5))
    assert [len(p) for p in parts] == [MAX_MESSAGE, MAX_MESSAGE, 5]


def test_keyboard_rows_follow_screen() -> None:
    screen = Screen("vraag", [[Button("Ja", "a:1:x:0"), Button("Nee", "a:1:x:1")]])
    markup = keyboard(screen)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Ja", "Nee"]]
    assert keyboard(Screen("geen knoppen")) is None
