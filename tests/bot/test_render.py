from bot.render import MAX_MESSAGE, keyboard, message_text, split_text, ticked
from conversation.choices import Press, PressKind
from conversation.screens import (
    Block,
    Choice,
    Emphasis,
    Expect,
    Screen,
    Span,
    heading,
    paragraph,
)


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
    yes, no = Press(PressKind.ANSWER, "1", "x", "0"), Press(PressKind.ANSWER, "1", "x", "1")
    screen = Screen([paragraph("vraag")], [[Choice("Ja", yes), Choice("Nee", no)]])
    markup = keyboard(screen)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Ja", "Nee"]]
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["a:1:x:0", "a:1:x:1"]
    ]
    assert keyboard(Screen([paragraph("geen knoppen")])) is None


def test_ticked_options_get_a_mark_that_is_read_back_from_the_keyboard() -> None:
    options = [
        Choice("Sporten", Press(PressKind.TOGGLE, "1", "x", "0"), selected=True),
        Choice("Lezen", Press(PressKind.TOGGLE, "1", "x", "1"), selected=False),
    ]
    markup = keyboard(Screen([paragraph("Wat doe je graag?")], [[o] for o in options]))
    assert markup is not None
    assert [row[0].text for row in markup.inline_keyboard] == ["✅ Sporten", "Lezen"]
    assert ticked(markup) == ["m:1:x:0"]


def test_emphasis_becomes_telegram_html_and_values_are_escaped() -> None:
    screen = Screen(
        [
            heading("Zorg & <Co>"),
            Block((Span("Je antwoord: "), Span("a < b", Emphasis.SOFT))),
        ],
        expect=Expect.TEXT,
    )
    assert message_text(screen) == "<b>Zorg &amp; &lt;Co&gt;</b>\n\nJe antwoord: <i>a &lt; b</i>"
