"""End to end through the real Application and the local Bot API server: the mechanics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from storage.identities import Chat
from tests.bot.conftest import BotWorld, bot_world


async def test_start_consent_and_first_question(small: BotWorld) -> None:
    code = await small.invite()
    anna = small.user(101)
    replies = await anna.command("start", code)
    assert "Doe je mee?" in replies[-1].text
    assert anna.buttons == [["Ja, ik doe mee"], ["Nee, liever niet"], ["In English"]]
    replies = await anna.press("Ja, ik doe mee")
    assert anna.answer_to_last_press() is not None  # the press was acknowledged
    assert any("Je doet mee" in m.text for m in replies)
    assert "Eerst wat uitleg." in anna.last_text
    await anna.press("Verder »")
    assert "Vraag 1 van 5" in anna.last_text
    question = anna.last
    eens = next(b["callback_data"] for row in question.buttons for b in row if b["text"] == "Eens")
    replies = await anna.press("Eens")
    # One call: the question turns into the next one, confirming the answer.
    assert replies == [question] and len(anna.messages) == 1
    assert "✓ Je antwoord: Eens" in question.text and "Vraag 2 van 5" in question.text
    # The old button cannot be pressed twice: it is refused, the live question stays.
    await anna.press_data(eens, question.id)
    answer = anna.answer_to_last_press()
    assert answer is not None and answer["show_alert"]
    assert "Vraag 2 van 5" in anna.last_text and anna.last.buttons


async def test_the_consent_can_be_read_in_english_first(small: BotWorld) -> None:
    """Someone who reads English switches before agreeing: the same message turns English,
    nothing is stored, and after agreeing the questions come in English; switching back works."""
    code = await small.invite()
    john = small.user(102)
    await john.command("start", code)
    consent = john.last
    replies = await john.press("In English")
    assert replies == [consent] and len(john.messages) == 1  # edited in place
    assert "Will you take part?" in consent.text and "Doe je mee?" not in consent.text
    assert john.buttons[-1] == ["In het Nederlands"]
    assert await small.store.participant_for(Chat(102)) is None  # nothing stored before consent
    await john.press("In het Nederlands")
    assert "Doe je mee?" in john.last_text
    await john.press("In English")
    assert john.buttons[:2] == [["Yes, I'll take part"], ["No, thanks"]]
    replies = await john.press("Yes, I'll take part")
    assert any("You are taking part. Thank you!" in m.text for m in replies)
    participant = await small.store.participant_for(Chat(102))
    assert participant is not None and participant.language == "en"


async def test_commands_are_registered_in_dutch_and_english(small: BotWorld) -> None:
    dutch = [c["command"] for c in small.api.commands[""]]
    assert dutch[:3] == ["start", "verder", "stop"]
    assert "verwijder" in dutch and "mijngegevens" in dutch
    english = {c["command"]: c["description"] for c in small.api.commands["en"]}
    assert english["verwijder"] == "Erase all your answers"


async def test_duplicate_update_changes_nothing(small: BotWorld) -> None:
    ben = await small.joined(102)
    count = len(ben.messages)
    again = await ben.resend_last_update()
    assert again == [] and len(ben.messages) == count
    participant = await small.store.participant_for(Chat(102))
    assert participant is not None
    assert len(await small.store.responses_of(participant.id)) == 1


async def test_forged_callback_is_refused(small: BotWorld) -> None:
    cas = await small.joined(103)
    await cas.press_data("a:1:deadbeef:0")
    answer = cas.answer_to_last_press()
    assert answer is not None and answer["show_alert"]
    await cas.press_data("totally invalid")
    answer = cas.answer_to_last_press()
    assert answer is not None and "werkt niet" in str(answer["text"])


async def test_group_chat_gets_an_explanation_and_nothing_is_stored(small: BotWorld) -> None:
    code = await small.invite()
    group = small.api.group(-500, "Team chat")
    dirk = small.user(104)
    await dirk.send_text(f"/start {code}", chat=group)
    bot_messages = [m for m in group.messages if m.from_bot]
    assert len(bot_messages) == 1 and "privégesprek" in bot_messages[0].text
    assert await small.store.participant_for(Chat(-500)) is None
    assert await small.store.participant_for(Chat(104)) is None


async def test_stickers_photos_and_voice_are_explained(small: BotWorld) -> None:
    eva = small.user(105)
    for send in (eva.send_sticker, eva.send_photo, eva.send_voice, eva.send_location):
        replies = await send()
        assert len(replies) == 1 and "alleen tekst" in replies[0].text
    assert await small.store.participant_for(Chat(105)) is None


async def test_pause_and_resume_across_a_restart(
    api: LocalBotApi, tmp_path: Path, short_catalog: Catalog
) -> None:
    db = tmp_path / "restart.sqlite3"
    async with bot_world(api, db, short_catalog) as first:
        fien = await first.joined(110)
        await fien.press("Verder »")
        await fien.press("Oneens")
        replies = await fien.command("stop")
        assert "Gepauzeerd" in replies[-1].text
    # The bot is gone; a new one starts on the same database.
    async with bot_world(api, db, short_catalog) as second:
        fien = second.user(110)
        replies = await fien.command("verder")
        assert "Welkom terug" in replies[0].text
        assert "Weet je van de cliëntondersteuner?" in replies[-1].text
        assert "Vraag 2 van 5" in replies[-1].text
        # Old buttons from before the restart are refused kindly.
        stale = fien.messages[0]  # answered questions before the restart lived here
        await fien.press_data("a:1:00000000:0", stale.id)
        answer = fien.answer_to_last_press()
        assert answer is not None and answer["show_alert"]
        assert "Vraag 2 van 5" in fien.last_text and fien.last.buttons


async def test_skip_back_change_and_invalid_answers(small: BotWorld) -> None:
    gijs = await small.joined(111)
    await gijs.press("Verder »")
    await gijs.press("Sla over")  # likert skipped
    await gijs.press("« Terug")
    assert "Ik voel me thuis." in gijs.last_text
    await gijs.press("Weet ik niet")
    await gijs.press("Ja")
    await gijs.press("Koken")
    await gijs.press("Klaar")
    replies = await gijs.send_text("honderd")
    assert "Typ een heel getal" in replies[-1].text
    await gijs.send_text("35")
    replies = await gijs.send_text("Eens")  # a text question: any text is fine
    overview = replies[-1].text
    assert "Je bent klaar!" in overview and "Weet ik niet" in overview and "Koken" in overview
    await gijs.press("Iets veranderen")
    await gijs.press("4. Hoe oud ben je?")
    await gijs.send_text("36")
    assert "Je bent klaar!" in gijs.last_text and "36" in gijs.last_text
    await gijs.press("Versturen")
    assert "Dank je wel!" in gijs.messages[-1].text or "Dank je wel!" in gijs.messages[-2].text
    participant = await small.store.participant_for(Chat(111))
    assert participant is not None
    [response] = await small.store.responses_of(participant.id)
    answers = await small.store.answers_of(response.id)
    assert response.status == "submitted"
    assert answers["c_thuis"].value == "dont_know"
    assert answers["c_leeftijd"].value == 36
    assert answers["c_wat"].value == ["koken"]


async def test_erase_through_the_bot_keeps_others(small: BotWorld) -> None:
    keep_code, erase_code = await small.invite(), await small.invite()
    for user_id, code in ((120, keep_code), (121, erase_code)):
        person = small.user(user_id)
        await person.command("start", code)
        await person.press("Ja, ik doe mee")
        await person.press("Verder »")
        await person.press("Eens")
    hans = small.user(121)
    mine = await hans.command("mijngegevens")
    assert "Ik voel me thuis." in mine[-1].text and "Eens" in mine[-1].text
    await hans.command("verwijder")
    await hans.press("Nee, niet wissen")
    assert await small.store.participant_for(Chat(121)) is not None
    await hans.command("verwijder")
    await hans.press("Ja, wis alles")
    assert "Alles is gewist" in hans.last_text
    assert await small.store.participant_for(Chat(121)) is None
    kept = await small.store.participant_for(Chat(120))
    assert kept is not None
    [response] = await small.store.responses_of(kept.id)
    assert (await small.store.answers_of(response.id))["c_thuis"].value == 4


async def test_every_invite_problem_gets_a_kind_message(small: BotWorld) -> None:
    ida = small.user(130)
    replies = await ida.command("start")
    assert "uitnodiging nodig" in replies[-1].text
    replies = await ida.command("start", "nietbestaand")
    assert "ken ik niet" in replies[-1].text
    expired = await small.invite(days=-1)
    replies = await ida.command("start", expired)
    assert "verlopen" in replies[-1].text
    revoked = await small.invite()
    await small.store.revoke_invite(revoked)
    replies = await ida.command("start", revoked)
    assert "ingetrokken" in replies[-1].text
    used = await small.invite()
    jan = small.user(131)
    await jan.command("start", used)
    await jan.press("Ja, ik doe mee")
    replies = await ida.command("start", used)
    # Jan is still answering: the code says where to continue, and opens none of his answers.
    assert "al iemand begonnen" in replies[-1].text and not replies[-1].buttons
    replies = await ida.command("mijngegevens")
    assert "geen antwoorden" in replies[-1].text
    [round_] = await small.store.list_rounds()
    await small.store.close_round(round_.id)
    fresh = await small.invite()
    replies = await ida.command("start", fresh)
    assert "gesloten" in replies[-1].text


async def test_consent_refused_stores_nothing(small: BotWorld) -> None:
    code = await small.invite()
    kim = small.user(140)
    await kim.command("start", code)
    await kim.press("Nee, liever niet")
    # Nothing stored; joining after all stays one press away.
    assert "niets van je bewaard" in kim.last_text and kim.buttons == [["Ja, ik doe mee"]]
    assert await small.store.participant_for(Chat(140)) is None
    await kim.press("Ja, ik doe mee")
    assert await small.store.participant_for(Chat(140)) is not None


async def test_progress_is_for_coordinators_only(small: BotWorld) -> None:
    await small.invite()
    stranger = small.user(150)
    replies = await stranger.command("voortgang")
    assert "Geen toegang" in replies[-1].text
    assert any(e[2] == "access_refused" for e in await small.store.audit_entries())
    coordinator = small.user(900)
    replies = await coordinator.command("voortgang")
    assert "Voortgang: Inspraak test" in replies[-1].text
    assert "Cliënten · Team Noord" in replies[-1].text
    # Nobody answered yet: the group is too small for the report, and the bot says so.
    assert "met antwoorden: 0 (te weinig voor het verslag, minimaal 5)" in replies[-1].text
    assert "Vraag meer mensen van die groep om mee te doen." in replies[-1].text
    # Five clients of Team Noord answered (one of them not finished): enough.
    [round_] = await small.store.list_rounds()
    [noord] = await small.store.list_locations()
    questionnaire = small.catalog.questionnaires["client"]
    question = next(q for q in questionnaire.questions if q.choices())
    done = await small.store.bulk_responses(round_.id, "client", questionnaire, 4, noord.id)
    busy = await small.store.bulk_responses(
        round_.id, "client", questionnaire, 1, noord.id, submitted=False
    )
    await small.store.bulk_answers(
        (rid, question.id, question.choices()[0].token) for rid in done + busy
    )
    text = (await coordinator.command("voortgang"))[-1].text
    assert "5 begonnen, 4 klaar" in text and "te weinig" not in text
    english = small.user(901, language_code="en")
    small.settings.coordinators.append(901)
    await english.command("taal")
    await english.press("English")
    await small.invite("naaste")
    # A team code without a location: its people are named as in the console and the report.
    expires = datetime.now(UTC) + timedelta(days=7)
    await small.store.create_invites(round_.id, "partner", 1, expires, None, max_uses=None)
    text = (await english.command("voortgang"))[-1].text
    assert " · no location:" in text
    assert "with answers: 0 (too few for the report, at least 5)" in text
    assert "Ask more people of that group to take part." in text


async def test_language_switch(small: BotWorld) -> None:
    code = await small.invite()
    liam = small.user(160, language_code="en")
    await liam.command("taal")
    await liam.press("English")
    replies = await liam.command("start", code)
    assert "Will you take part?" in replies[-1].text
    await liam.press("Yes, I'll take part")
    assert "Next »" in [label for row in liam.buttons for label in row]


async def test_a_closed_round_takes_no_more_answers(small: BotWorld) -> None:
    lars = await small.joined(170)
    [round_] = await small.store.list_rounds()
    await small.store.close_round(round_.id)
    await lars.press("Verder »")
    assert lars.answer_to_last_press() is not None
    replies = await lars.command("verder")
    assert "geen vragenlijst openstaan" in replies[-1].text
    participant = await small.store.participant_for(Chat(170))
    assert participant is not None
    [response] = await small.store.responses_of(participant.id)
    assert await small.store.answers_of(response.id) == {}


async def test_beheer_sends_a_one_time_console_link(small: BotWorld) -> None:
    stranger = small.user(151)
    assert "Geen toegang" in (await stranger.command("beheer"))[-1].text
    coordinator = small.user(900)
    text = (await coordinator.command("beheer"))[-1].text
    assert "werkt één keer en 10 minuten lang" in text
    [link] = [word for word in text.split() if "/beheer/inloggen/" in word]
    secret = link.rsplit("/", 1)[1]
    assert link.startswith(small.settings.web_url)
    assert await small.store.use_console_login(secret) == "telegram:900"
    assert [e[2] for e in await small.store.audit_entries()][:1] == ["console_login_link"]
