"""The conversation without Telegram: screens in, answers stored, privacy rights honoured."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from conversation import texts
from conversation.choices import Press, PressKind, parse, question_hash
from conversation.flow import Conversation
from conversation.screens import BlockKind, Emphasis, Expect, Outcome, Place, Screen, ticked_ids
from questionnaires.model import Lang
from storage.identities import Browser, Chat, new_token


async def invite(conv: Conversation, max_uses: int | None = 1, **kw: object) -> str:
    today = date.today()
    round_ = await conv.store.create_round(
        f"r{today}{kw}", today.year, today - timedelta(days=1), today + timedelta(days=30)
    )
    expires = datetime.now(UTC) + timedelta(days=7)
    [inv] = await conv.store.create_invites(round_.id, "client", 1, expires, max_uses=max_uses)
    return inv.code


def buttons(screen: Screen) -> dict[str, str]:
    return {b.label: b.id for b in screen.flat_choices}


async def press(
    conv: Conversation, chat: int, screen: Screen, label: str, lang: Lang = "nl"
) -> Outcome:
    data = parse(buttons(screen)[label])
    assert data is not None
    flat = ticked_ids(screen.flat_choices)
    return await conv.press(Chat(chat), data, flat, lang)


async def test_full_run_with_condition_multi_back_and_submit(conv: Conversation) -> None:
    code = await invite(conv)
    out = await conv.start(Chat(1), code, "nl")
    consent = out.screens[0]
    assert "Zorg & Co" in consent.plain and "minstens 5" in consent.plain
    assert await conv.store.participant_for(Chat(1)) is None  # nothing stored before consent

    out = await press(conv, 1, consent, "Ja, ik doe mee")
    intro = out.screens[0]
    assert intro.title == "Vragenlijst" and intro.blocks[0].kind is BlockKind.TITLE
    assert intro.blocks[0].spans[0].emphasis is Emphasis.STRONG
    info = out.screens[1]
    assert "Eerst wat uitleg." in info.plain
    out = await press(conv, 1, info, "Verder »")
    likert = out.screens[0]
    assert "Vraag 1 van 5" in likert.plain  # c_meer hidden until c_weet is "no"
    assert list(buttons(likert))[:5] == [
        "Helemaal oneens",
        "Oneens",
        "Neutraal",
        "Eens",
        "Helemaal eens",
    ]

    out = await press(conv, 1, likert, "Eens")
    assert out.edit is not None and "Je antwoord: Eens" in out.edit.plain
    yesno = out.screens[0]
    out = await press(conv, 1, yesno, "Nee")
    meer = out.screens[0]
    assert "Wil je er meer over weten?" in meer.plain and "Vraag 3 van 6" in meer.plain
    # Back to the yes/no question, change the answer: the follow-up disappears.
    out = await press(conv, 1, meer, "« Terug")
    again = out.screens[0]
    assert "Je antwoord: Nee" in again.plain
    out = await press(conv, 1, again, "Ja")
    multi = out.screens[0]
    assert "Wat doe je graag?" in multi.plain and "Vraag 3 van 5" in multi.plain

    out = await press(conv, 1, multi, "Lezen")
    assert out.edit is not None
    assert [c.label for c in out.edit.flat_choices if c.selected] == ["Lezen"]
    out = await press(conv, 1, out.edit, "Sporten")
    assert out.edit is not None
    out = await press(conv, 1, out.edit, "Klaar")
    number = out.screens[0]
    assert "Typ een getal van 16 tot en met 110." in number.plain
    assert "Sla over" not in buttons(number)  # required

    out = await conv.on_text(Chat(1), "twaalf")
    assert "Typ een heel getal" in out.screens[0].plain
    assert out.alert and out.toast is not None and "heel getal" in out.toast  # refused
    assert number.expect is Expect.NUMBER and number.progress is not None
    out = await conv.on_text(Chat(1), "200")
    assert "van 16 tot en met 110" in out.screens[0].plain
    out = await conv.on_text(Chat(1), "42")
    text_q = out.screens[0]
    out = await conv.on_text(Chat(1), "x" * 51)
    assert "hoogstens 50" in out.screens[0].plain
    out = await press(conv, 1, text_q, "Sla over")
    overview = out.screens[0]
    assert "Sporten, Lezen" in overview.plain and "Overgeslagen" in overview.plain

    participant = await conv.store.participant_for(Chat(1))
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    answers = await conv.store.answers_of(response.id)
    assert answers["c_wat"].value == ["sport", "lezen"]
    assert answers["c_leeftijd"].value == 42
    assert "c_meer" not in answers  # never answered: hidden before it was reached

    out = await press(conv, 1, overview, "Versturen")
    # The end: the overview turns into a short thank-you with nothing left to press.
    assert out.edit is not None and out.edit.ended and not out.edit.choices
    assert "Dank je wel" in out.edit.plain and not out.screens
    assert await conv.store.active_response(participant.id) is None
    submitted = await conv.store.answers_of(response.id)
    assert "c_meer" not in submitted


async def test_refused_consent_stores_nothing(conv: Conversation) -> None:
    code = await invite(conv)
    out = await conv.start(Chat(2), code, "nl")
    out = await press(conv, 2, out.screens[0], "Nee, liever niet")
    assert out.edit is not None and "niets van je bewaard" in out.edit.plain
    assert await conv.store.participant_for(Chat(2)) is None
    check = await conv.store.check_invite(code)
    assert check.problem is None  # the code can still be used later


async def stored(conv: Conversation) -> list[tuple[object, ...]]:
    """Everything a press could change: responses (state) and answers, as stored."""
    rows = await conv.store.fetch_all(
        "SELECT 'response', id, status, current_question, updated_at, participant_id "
        "FROM responses UNION ALL SELECT 'answer', response_id, question_id, value, skipped, "
        "answered_at FROM answers ORDER BY 1, 2, 3"
    )
    return [tuple(row) for row in rows]


async def test_forged_and_stale_buttons_change_nothing(conv: Conversation) -> None:
    # Two people at the same question (the likert c_thuis) of their own responses.
    responses = {}
    for chat in (3, 4):
        out = await conv.start(Chat(chat), await invite(conv, n=chat), "nl")
        out = await press(conv, chat, out.screens[0], "Ja, ik doe mee")
        info = out.screens[1]
        out = await press(conv, chat, info, "Verder »")
        participant = await conv.store.participant_for(Chat(chat))
        assert participant is not None
        response = await conv.store.active_response(participant.id)
        assert response is not None
        responses[chat] = response.id
    likert = out.screens[0]
    before = await stored(conv)
    thuis, weet, leeftijd = (question_hash(q) for q in ("c_thuis", "c_weet", "c_leeftijd"))
    refused = [
        # Pressing the info screen's button again is stale now.
        (Chat(4), parse(buttons(info)["Verder »"])),
        # Chat 3 presses with chat 4's real response id and the question both are at.
        (Chat(3), Press(PressKind.ANSWER, str(responses[4]), thuis, "3")),
        (Chat(3), Press(PressKind.SKIP, str(responses[4]), thuis)),
        # Its own response, but a real question that is not the current one.
        (Chat(3), Press(PressKind.ANSWER, str(responses[3]), weet, "0")),
        (Chat(3), Press(PressKind.SKIP, str(responses[3]), leeftijd)),
        # The current question, but a choice that does not exist (7 buttons: 0-6).
        (Chat(3), Press(PressKind.ANSWER, str(responses[3]), thuis, "7")),
        (Chat(3), Press(PressKind.ANSWER, str(responses[3]), thuis, "-1")),
        (Chat(3), Press(PressKind.TOGGLE, str(responses[3]), thuis, "0")),  # not a multi
        (Chat(3), Press(PressKind.SUBMIT, str(responses[4]))),
        (Chat(3), Press(PressKind.GOTO, str(responses[3]), "abcd")),
        # Someone without any response.
        (Chat(5), Press(PressKind.ANSWER, str(responses[3]), thuis, "3")),
    ]
    for who, callback in refused:
        assert callback is not None
        out = await conv.press(who, callback, [])
        assert out.alert and not out.screens, callback
        assert await stored(conv) == before, f"{callback} changed the stored answers"
    # The real button still works, and only for its own response.
    await press(conv, 4, likert, "Eens")
    after = await conv.store.answers_of(responses[4])
    assert after["c_thuis"].value == 4
    assert "c_thuis" not in await conv.store.answers_of(responses[3])


async def test_a_required_question_cannot_be_skipped(conv: Conversation) -> None:
    out = await conv.start(Chat(12), await invite(conv), "nl")
    out = await press(conv, 12, out.screens[0], "Ja, ik doe mee")
    out = await press(conv, 12, out.screens[1], "Verder »")
    for label in ("Eens", "Ja"):
        out = await press(conv, 12, out.screens[0], label)
    out = await press(conv, 12, out.screens[0], "Lezen")
    assert out.edit is not None
    out = await press(conv, 12, out.edit, "Klaar")
    number = out.screens[0]
    assert number.flat_choices[0].press.question == question_hash("c_leeftijd")
    participant = await conv.store.participant_for(Chat(12))
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    before = await stored(conv)
    forged = Press(PressKind.SKIP, str(response.id), question_hash("c_leeftijd"))
    out = await conv.press(Chat(12), forged, [])
    assert out.alert and "c_leeftijd" not in await conv.store.answers_of(response.id)
    assert await stored(conv) == before


async def test_erase_removes_everything(conv: Conversation) -> None:
    code = await invite(conv)
    out = await conv.start(Chat(5), code, "nl")
    out = await press(conv, 5, out.screens[0], "Ja, ik doe mee")
    await press(conv, 5, out.screens[1], "Verder »")
    mine = await conv.my_data(Chat(5), "nl")
    assert "p-" in mine.screens[0].plain and "nog bezig" in mine.screens[0].plain
    out = await conv.erase(Chat(5), True, "nl")
    assert out.edit is not None and "Alles is gewist" in out.edit.plain
    assert await conv.store.participant_for(Chat(5)) is None
    assert "geen antwoorden" in (await conv.my_data(Chat(5), "nl")).screens[0].plain


async def test_invite_problems_are_explained(conv: Conversation) -> None:
    out = await conv.start(Chat(6), "doesnotexist", "nl")
    assert "ken ik niet" in out.screens[0].plain
    code = await invite(conv)
    first = await conv.start(Chat(7), code, "nl")
    await press(conv, 7, first.screens[0], "Ja, ik doe mee")
    # The same person opening the link again resumes.
    again = await conv.start(Chat(7), code, "nl")
    assert "Welkom terug" in again.screens[0].plain
    # The code alone never opens the answers given: not in another chat, not in a browser.
    for elsewhere in (Chat(8), Browser.from_token(new_token())):
        moved = await conv.start(elsewhere, code, "nl")
        [screen] = moved.screens
        assert "al iemand begonnen" in screen.plain and "waar je begon" in screen.plain
        assert not screen.choices and screen.place is Place.NOTICE
        assert await conv.store.participant_for(elsewhere) is None
        assert "geen antwoorden" in (await conv.my_data(elsewhere, "nl")).screens[0].plain
    # Once handed in, the code is simply used.
    await conv.store.submit_response(await _active_id(conv, Chat(7)), [])
    assert "al gebruikt" in (await conv.start(Chat(8), code, "nl")).screens[0].plain


async def _active_id(conv: Conversation, who: Chat) -> int:
    participant = await conv.store.participant_for(who)
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    return response.id


async def test_english(conv: Conversation) -> None:
    code = await invite(conv)
    out = await conv.start(Chat(9), code, "en")
    assert "Will you take part?" in out.screens[0].plain
    out = await press(conv, 9, out.screens[0], "Yes, I'll take part", "en")
    assert "Next »" in buttons(out.screens[1])


async def test_the_web_channel_words_texts_for_a_browser(conv: Conversation) -> None:
    code = await invite(conv)
    telegram = await conv.start(Chat(10), code, "nl")
    assert "/stop" in telegram.screens[0].plain
    token = texts.CHANNEL.set("web")
    try:
        browser = Browser.from_token(new_token())
        web = await conv.start(browser, code, "nl")
        assert "/stop" not in web.screens[0].plain and "'Pauzeren'" in web.screens[0].plain
        data = parse(buttons(web.screens[0])["Ja, ik doe mee"])
        assert data is not None
        await conv.press(browser, data, [], "nl")
        now = await conv.current(browser)
        [screen] = now.screens
        assert screen.flat_choices[0].press.question == question_hash("c_info")
        assert "Welkom terug" not in screen.plain
    finally:
        texts.CHANNEL.reset(token)
    assert "/stop" in (await conv.start(Chat(11), await invite(conv, n=2), "nl")).screens[0].plain
