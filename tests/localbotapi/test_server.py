"""The local Bot API server, proven with a tiny real PTB Application."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from localbotapi import LocalBotApi, SimulatedUser
from localbotapi.terminal import run_terminal_chat

TOKEN = "123456:LOCAL-test_token"
Context = ContextTypes.DEFAULT_TYPE
AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx would send 127.0.0.1 through a configured proxy otherwise.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@dataclass
class Seen:
    """What the tiny bot's handlers saw."""

    update_ids: list[int] = field(default_factory=list)
    args: list[list[str]] = field(default_factory=list)
    callback_messages: list[Message] = field(default_factory=list)
    chat_types: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def tiny_app(api: LocalBotApi, seen: Seen) -> AnyApp:
    app = Application.builder().token(TOKEN).base_url(api.base_url).build()

    async def record(update: Update, context: Context) -> None:
        seen.update_ids.append(update.update_id)
        if update.effective_chat is not None:
            seen.chat_types.append(update.effective_chat.type)

    async def start(update: Update, context: Context) -> None:
        assert update.message is not None
        seen.args.append(list(context.args or []))
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Eens", callback_data="e"),
                    InlineKeyboardButton("Oneens", callback_data="o"),
                ]
            ]
        )
        await update.message.reply_text(
            f"Hallo! Vraag {' '.join(context.args or [])}", reply_markup=keyboard
        )

    async def pressed(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and isinstance(query.message, Message)
        seen.callback_messages.append(query.message)
        await query.answer(f"Gekozen: {query.data}")
        await query.edit_message_text(f"Je koos <b>{query.data}</b>", parse_mode=ParseMode.HTML)

    async def document(update: Update, context: Context) -> None:
        assert update.effective_chat is not None
        await context.bot.send_document(
            update.effective_chat.id, io.BytesIO(b"Verslag 2025\n"), filename="verslag.txt"
        )

    async def echo(update: Update, context: Context) -> None:
        message = update.effective_message  # channel posts are not in update.message
        assert message is not None and message.text is not None
        await message.reply_text(f"Echo: {message.text}")

    async def other(update: Update, context: Context) -> None:
        message = update.message
        assert message is not None
        kind = next(k for k in ("sticker", "photo", "voice", "location") if getattr(message, k))
        seen.kinds.append(kind)
        await message.reply_text(f"Alleen tekst, geen {kind}")

    app.add_handler(TypeHandler(Update, record), group=-1)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("doc", document))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(~filters.TEXT, other))
    return app


@dataclass
class EchoWorld:
    """The local Bot API with a tiny echo bot on it: the server tested alone, no product."""

    api: LocalBotApi
    app: AnyApp
    seen: Seen


@asynccontextmanager
async def world_of(**options: Any) -> AsyncIterator[EchoWorld]:
    seen = Seen()
    async with LocalBotApi(**options) as api:
        app = tiny_app(api, seen)
        async with api.running(app, poll_timeout=5):
            yield EchoWorld(api, app, seen)


@pytest.fixture
async def world() -> AsyncIterator[EchoWorld]:
    async with world_of() as started:
        yield started


async def test_startup_calls_getme_and_takes_the_bot_identity(world: EchoWorld) -> None:
    assert world.app.bot.username == "inspraak_test_bot"
    assert world.app.bot.first_name == "Inspraak"
    methods = [method for method, _ in world.api.calls]
    assert methods[0] == "getMe"
    assert "deleteWebhook" in methods and "getUpdates" in methods
    assert world.api.errors == []


async def test_start_with_deep_link_payload_reaches_the_handler(world: EchoWorld) -> None:
    anna = world.api.user(101, "Anna")
    replies = await anna.command("start", "uitnodiging42")
    assert world.seen.args == [["uitnodiging42"]]
    assert [m.text for m in replies] == ["Hallo! Vraag uitnodiging42"]
    assert anna.buttons == [["Eens", "Oneens"]]
    assert anna.last.view() == "Hallo! Vraag uitnodiging42\n[Eens]  [Oneens]"


async def test_press_delivers_the_real_message_and_the_edit_is_in_history(world: EchoWorld) -> None:
    anna = world.api.user(101)
    await anna.command("start")
    question = anna.last
    asked = question.text
    replies = await anna.press("Oneens")
    [message] = world.seen.callback_messages
    assert message.message_id == question.id and message.text == asked
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][1].callback_data == "o"
    assert replies == [question]  # edited in place, no new message
    assert question.text == "Je koos <b>o</b>" and question.plain_text == "Je koos o"
    assert question.buttons == [] and question.edited
    assert anna.answer_to_last_press() == {
        "text": "Gekozen: o",
        "show_alert": False,
        "url": None,
        "cache_time": None,
    }
    assert all(press.answered for press in anna.presses)
    with pytest.raises(AssertionError, match="no buttons to press"):
        await anna.press("Eens")


async def test_press_by_part_of_a_label_and_a_clear_error_when_missing(world: EchoWorld) -> None:
    anna = world.api.user(101)
    await anna.command("start")
    await anna.press("onee")  # unique, case-insensitive part
    await anna.command("start")
    labels = r"\['Eens', 'Oneens'\]"
    with pytest.raises(AssertionError, match=r"several buttons match 'ens'.*" + labels):
        await anna.press("ens")
    with pytest.raises(AssertionError, match=r"no button matches 'Misschien'"):
        await anna.press("Misschien")


async def test_duplicate_delivery_repeats_the_update_id(world: EchoWorld) -> None:
    ben = world.api.user(102)
    await ben.send_text("hoi")
    again = await ben.resend_last_update()
    first, second = world.seen.update_ids
    assert first == second
    assert [m.text for m in again] == ["Echo: hoi"]  # the tiny bot does not deduplicate
    assert [m.text for m in ben.messages] == ["Echo: hoi", "Echo: hoi"]


async def test_a_forgotten_confirmation_delivers_the_updates_again(world: EchoWorld) -> None:
    ben = world.api.user(103)
    await ben.send_text("een")
    first = world.seen.update_ids[-1]
    await ben.send_text("twee")
    await world.api.wait_for(lambda: not world.api.pending)  # the next poll confirmed them
    tickets = world.api.forget_confirmed(first)
    assert [t.update_id for t in tickets] == [first, first + 1]
    await world.api.wake()
    for ticket in tickets:
        await world.api.settle(ticket)
    assert world.seen.update_ids[-4:] == [first, first + 1, first, first + 1]
    assert [m.text for m in ben.messages] == ["Echo: een", "Echo: twee"] * 2
    assert world.api.forget_confirmed(first + 2) == []  # nothing newer was confirmed


async def test_unknown_method_is_400_and_a_bad_token_401() -> None:
    async with LocalBotApi(token=TOKEN) as api, aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}{TOKEN}/sendDice", data={"chat_id": "1"}) as resp:
            assert resp.status == 400
            body = await resp.json()
        assert body == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: method sendDice is not implemented by the local Bot API "
            "server",
        }
        async with http.post(f"{api.base_url}999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.get(f"{api.base_url}{TOKEN}/getMe") as resp:
            assert (await resp.json())["result"]["username"] == "inspraak_test_bot"


async def test_telegram_limits_are_enforced(world: EchoWorld) -> None:
    world.api.user(103)
    bot = world.app.bot
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(103, "Vraag", reply_markup=too_long)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("é", callback_data="é" * 32)]])
    sent = await bot.send_message(103, "Vraag", reply_markup=fits)
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.edit_message_reply_markup(103, sent.message_id, reply_markup=too_long)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(103, "a" * 4097)
    await bot.send_message(103, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(103, " ")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(103, "1 < 2", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "wie?")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Vraag", 103, sent.message_id, reply_markup=fits)
    assert len(world.api.errors) == 7


async def test_long_poll_waits_without_spinning_and_wakes_at_once() -> None:
    async with world_of() as started:
        api = started.api
        await asyncio.sleep(0.05)  # let the first long poll arrive
        before = sum(method == "getUpdates" for method, _ in api.calls)
        await asyncio.sleep(1.0)
        idle_polls = sum(method == "getUpdates" for method, _ in api.calls) - before
        assert idle_polls <= 2
        loop = asyncio.get_running_loop()
        began = loop.time()
        await api.user(104).send_text("wakker?")
        assert loop.time() - began < 0.5


async def test_get_updates_honours_offset_limit_and_timeout() -> None:
    async with LocalBotApi() as api, aiohttp.ClientSession() as http:
        person = api.user(105)
        for text in ("een", "twee", "drie"):
            await person.send_text(text, wait=False)

        async def get_updates(**params: float) -> list[dict[str, Any]]:
            async with http.post(f"{api.base_url}{TOKEN}/getUpdates", json=params) as resp:
                body = await resp.json()
            assert body["ok"], body
            result: list[dict[str, Any]] = body["result"]
            return result

        first = await get_updates(limit=2)
        assert [u["message"]["text"] for u in first] == ["een", "twee"]
        assert [u["update_id"] for u in await get_updates()] == [1, 2, 3]  # not yet confirmed
        assert [u["update_id"] for u in await get_updates(offset=3)] == [3]
        assert [u["update_id"] for u in await get_updates(offset=-1)] == [3]
        loop = asyncio.get_running_loop()
        began = loop.time()
        assert await get_updates(offset=4, timeout=0.4) == []
        assert 0.35 <= loop.time() - began < 1.0
        # Starting afresh can drop what is queued, as PTB's drop_pending_updates does.
        await person.send_text("vier", wait=False)
        async with http.post(
            f"{api.base_url}{TOKEN}/deleteWebhook", data={"drop_pending_updates": "true"}
        ):
            pass
        assert await get_updates() == []


async def test_documents_are_kept_and_downloadable(world: EchoWorld) -> None:
    cor = world.api.user(106)
    [reply] = await cor.command("doc")
    [document] = cor.documents
    assert (document.filename, document.content) == ("verslag.txt", b"Verslag 2025\n")
    assert reply.document == ("verslag.txt", b"Verslag 2025\n")
    params = dict(world.api.calls)["sendDocument"]
    assert params["document"] == "<upload verslag.txt>" and params["chat_id"] == 106


async def test_group_message_arrives_as_group(world: EchoWorld) -> None:
    group = world.api.group(-500, "Team Noord")
    dirk = world.api.user(107, "Dirk")
    replies = await dirk.send_text("hallo allemaal", chat=group)
    assert world.seen.chat_types == ["group"]
    assert [m.text for m in replies] == ["Echo: hallo allemaal"]
    assert [m.text for m in group.messages] == ["hallo allemaal", "Echo: hallo allemaal"]
    assert dirk.messages == []  # nothing in the private chat
    await dirk.command("start", chat=group)
    await dirk.press("Eens", chat=group)
    assert world.seen.callback_messages[0].chat.type == "group"


async def test_stickers_photos_voice_and_locations_are_valid_updates(world: EchoWorld) -> None:
    eva = world.api.user(108)
    for send in (eva.send_sticker, eva.send_photo, eva.send_voice, eva.send_location):
        [reply] = await send()
        assert reply.text.startswith("Alleen tekst")
    assert world.seen.kinds == ["sticker", "photo", "voice", "location"]


async def test_commands_and_a_blocked_user(world: EchoWorld) -> None:
    bot = world.app.bot
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("stop", "Pauzeer")])
    await bot.set_my_commands([BotCommand("start", "Begin")], language_code="en")
    assert [c["description"] for c in world.api.commands[""]] == ["Begin", "Pauzeer"]
    assert [c["command"] for c in world.api.commands["en"]] == ["start"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Mijn-Gegevens", "x")])
    gijs = world.api.user(110)
    gijs.block()
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(110, "Herinnering")
    gijs.unblock()
    assert (await bot.send_message(110, "Herinnering")).text == "Herinnering"


async def test_wait_for_reply_picks_up_a_message_the_bot_sends_on_its_own(world: EchoWorld) -> None:
    hans = world.api.user(111)

    async def remind(context: Context) -> None:
        await context.bot.send_message(111, "Herinnering: je bent nog niet klaar")

    assert world.app.job_queue is not None
    world.app.job_queue.run_once(remind, 0.05)
    [reminder] = await hans.wait_for_reply(timeout=2)
    assert reminder.text.startswith("Herinnering")
    with pytest.raises(TimeoutError, match="said nothing"):
        await hans.wait_for_reply(timeout=0.1)
    await hans.send_text("een", wait=False)
    await hans.send_text("twee", wait=False)
    assert [m.text for m in await hans.wait_for_reply()] == ["Echo: een", "Echo: twee"]


async def test_steps_are_fast(world: EchoWorld) -> None:
    jan = world.api.user(113)
    loop = asyncio.get_running_loop()
    began = loop.time()
    for _ in range(20):
        await jan.command("start")
        await jan.press("Eens")
    assert (loop.time() - began) / 40 < 0.15  # ~5 ms on an idle machine; margin for a busy one


async def test_terminal_chat_with_scripted_input(world: EchoWorld) -> None:
    kim = world.api.user(114)
    script = iter(["/start abc", "2", "", "hallo", ":q"])
    shown: list[str] = []

    async def read_line(prompt: str) -> str | None:
        return next(script, None)

    await run_terminal_chat(kim, read_line, shown.append)
    assert shown == [
        "Hallo! Vraag abc\n[1] Eens  [2] Oneens",
        "(edited) Je koos o",
        "Type a button number, a /command, any text, or :q to quit.",
        "Echo: hallo",
    ]
    # A plain function works too, and the end of input quits.
    await run_terminal_chat(kim, lambda prompt: None, shown.append)


async def test_user_is_the_same_object_each_time(world: EchoWorld) -> None:
    first: SimulatedUser = world.api.user(115, "Liam", language_code="en")
    assert world.api.user(115) is first
    assert first.json["language_code"] == "en" and first.chat.first_name == "Liam"
