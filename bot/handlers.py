"""Telegram handlers: parse the update, call the conversation, render what it returns."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import Conflict, Forbidden, InvalidToken, TelegramError
from telegram.ext import ApplicationHandlerStop, CallbackContext

from bot import delivery, once, render, replies
from bot.context import Context, ReportMaker
from bot.coordination import Coordination
from bot.reach import webhook_delivery
from bot.texts import says, t
from bot.updates import PerChatUpdateProcessor
from conversation.flow import Conversation
from conversation.screens import Outcome, Place
from questionnaires.model import Lang
from storage.identities import Chat, Who

log = logging.getLogger(__name__)
# Screens of an open questionnaire: stale once the conversation says nothing is open.
ANSWERING = frozenset({Place.QUESTION, Place.REVIEW, Place.CHANGE})


def conversation(context: Context) -> Conversation:
    return context.bot_data.conversation


async def language(update: Update, context: Context) -> Lang:
    """The participant's stored language, else what they chose before consenting, else Dutch."""
    chat = update.effective_chat
    if chat is not None:
        participant = await conversation(context).store.participant_for(Chat(chat.id))
        if participant is not None:
            return "en" if participant.language == "en" else "nl"
    return chosen_language(context)


def chosen_language(context: Context) -> Lang:
    """What the person chose before consenting (/taal), else Dutch. The conversation uses it
    until a participant exists, and their stored language after: no lookup needed here."""
    chosen = context.user_data.lang if context.user_data is not None else None
    return chosen or "nl"


async def send(context: Context, chat_id: int, outcome: Outcome, *, forward: bool = True) -> None:
    """Show an outcome in a private chat; with `forward`, end on the person's current question."""
    await replies.reply(
        context, chat_id, outcome, current=_current(context, chat_id) if forward else None
    )


def _current(context: Context, chat_id: int) -> replies.Current:
    """The person's way forward: their current question, else the last question with buttons
    they were asked (before consenting, say), else what the conversation says."""

    async def current() -> Outcome:
        outcome = await conversation(context).current(Chat(chat_id))
        if outcome.screens and replies.leads_on(outcome.screens[-1]):
            return outcome
        # Nothing open: only a question of no questionnaire (consent, say) is still a way on.
        asked = replies.ChatView.of(context).prompt_screen
        if asked is not None and asked.place not in ANSWERING:
            return Outcome([asked])
        return outcome

    return current


def _seen(update: Update, context: Context) -> None:
    message = update.message
    if message is not None:
        replies.ChatView.of(context).saw(message.message_id)


async def note_seen(update: Update, context: Context) -> None:
    """Notes the newest message id of a private chat (see replies.ChatView)."""
    if update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
        _seen(update, context)


async def not_private(update: Update, context: Context) -> None:
    """Groups and channels: explain once per message that the bot only works privately."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.CHANNEL:
        raise ApplicationHandlerStop
    if chat.type != ChatType.PRIVATE:
        message = update.effective_message
        if message is not None and message.text and message.text.startswith("/"):
            await context.bot.send_message(chat.id, t("private_only", "nl"))
        raise ApplicationHandlerStop


async def cmd_start(update: Update, context: Context) -> None:
    chat = update.effective_chat
    assert chat is not None
    code = context.args[0] if context.args else None
    lang = await language(update, context)
    await _once(update, context, lambda: conversation(context).start(Chat(chat.id), code, lang))


async def _once(
    update: Update,
    context: Context,
    decide: Callable[[], Awaitable[Outcome]],
    *,
    forward: bool = True,
) -> None:
    """A participant's update: decide what it changes (once, see bot/once.py), then reply."""
    chat = update.effective_chat
    assert chat is not None
    outcome = await once.decide_once(update, context, decide)
    if outcome is None:
        return  # handled before a restart; a reply that did not go out then is owed
    await send(context, chat.id, outcome, forward=forward)
    await once.replied(context, chat.id)


ChatCommand = Callable[[Conversation, Who, Lang], Awaitable[Outcome]]
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def chat_command(operation: ChatCommand, *, forward: bool = True) -> Handler:
    """A participant command: the conversation operation for this chat, in their language.
    With `forward`, the reply ends on the current question (not after /stop: "type /verder")."""

    async def handler(update: Update, context: Context) -> None:
        chat = update.effective_chat
        assert chat is not None
        lang = await language(update, context)
        who = Chat(chat.id)
        await _once(
            update, context, lambda: operation(conversation(context), who, lang), forward=forward
        )

    return handler


CoordinatorCommand = Callable[[Context, int, Lang, Coordination], Coroutine[Any, Any, None]]


def coordinator_command(name: str, operation: CoordinatorCommand) -> Handler:
    """A command for the user ids in INSPRAAK_COORDINATORS; anyone else is refused and logged."""

    async def handler(update: Update, context: Context) -> None:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        lang = await language(update, context)
        coordination = context.bot_data.ready.coordination
        if not await coordination.allowed(user.id, name):
            await send(context, chat.id, says("no_access", lang), forward=False)
            return
        await operation(context, chat.id, lang, coordination)

    return handler


async def _progress(context: Context, chat_id: int, lang: Lang, coordination: Coordination) -> None:
    await send(context, chat_id, await coordination.progress(lang), forward=False)


async def _report(context: Context, chat_id: int, lang: Lang, coordination: Coordination) -> None:
    """/rapport: the input section of the latest round, as files."""
    make: ReportMaker | None = context.bot_data.built.report_maker
    current = await coordination.current_round()
    if make is None or current is None:
        key = "report_unavailable" if make is None else "progress_none"
        await send(context, chat_id, says(key, lang), forward=False)
        return
    await send(context, chat_id, says("report_busy", lang, round=current.name), forward=False)
    for name, content in await make(coordination.store, current):
        await context.bot.send_document(chat_id, document=content, filename=name)
    k = coordination.settings.min_group_size
    await send(context, chat_id, says("report_sent", lang, k=k), forward=False)
    if current.still_running(coordination.settings.local_date()):
        interim = says("report_interim", lang, round=current.name)
        await send(context, chat_id, interim, forward=False)


cmd_progress = coordinator_command("voortgang", _progress)
cmd_report = coordinator_command("rapport", _report)


async def _console(context: Context, chat_id: int, lang: Lang, coordination: Coordination) -> None:
    user_id = chat_id  # coordinator commands work in private chats only: chat id is user id
    await send(context, chat_id, await coordination.console_link(user_id, lang))


cmd_console = coordinator_command("beheer", _console)


async def on_text(update: Update, context: Context) -> None:
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None and message.text is not None
    view = replies.ChatView.of(context)
    shown = view.prompt_choices if view.prompt else None
    lang = chosen_language(context)
    text = message.text
    await _once(
        update, context, lambda: conversation(context).on_text(Chat(chat.id), text, shown, lang)
    )


async def on_unusable(update: Update, context: Context) -> None:
    """Photos, stickers, voice, locations...: explain, store nothing."""
    chat = update.effective_chat
    assert chat is not None
    await send(context, chat.id, says("only_text", await language(update, context)))


on_unknown_command = chat_command(Conversation.help)


async def on_callback(update: Update, context: Context) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    message = query.message if isinstance(query.message, Message) else None
    outcome = await once.decide_once(update, context, lambda: _pressed(update, context, message))
    if outcome is None:
        return  # handled before a restart (see _once)
    await _acknowledge(query, outcome.toast, outcome.alert)
    current = _current(context, chat.id)
    await replies.reply(context, chat.id, outcome, pressed=message, current=current)
    await once.replied(context, chat.id)


async def _pressed(update: Update, context: Context, message: Message | None) -> Outcome:
    """What a pressed button changes and shows."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    ticked = render.ticked(message.reply_markup if message is not None else None)
    outcome = await conversation(context).choose(
        Chat(chat.id), str(query.data or ""), ticked, chosen_language(context)
    )
    if outcome.language is not None and context.user_data is not None:
        context.user_data.lang = outcome.language
    return outcome


async def _acknowledge(query: CallbackQuery, text: str | None, alert: bool) -> None:
    """Answer a press. Only a courtesy: when it fails, the reply itself still goes out."""
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as exc:
        # A press from before a restart can be too old to answer; Telegram may be failing.
        log.debug("callback not acknowledged: %s", type(exc).__name__)


async def on_error(update: object, context: Context) -> None:
    """Log without personal data; owe the question when Telegram failed, else say sorry."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    private = chat is not None and chat.type == ChatType.PRIVATE
    if update is None and (delivery.transient(error) or isinstance(error, Conflict | InvalidToken)):
        # getUpdates (or a job) failed; PTB's polling loop keeps trying. How long Telegram has
        # been out of reach is the bot's Reachability's to say, once (bot/reach.py).
        log.debug("polling or a job failed: %s", type(error).__name__)
        return
    if delivery.transient(error):
        # Telegram is unreachable, failing or flooded: the answer is stored with the record of
        # its update, which stays unreplied; the question follows as soon as Telegram answers
        # again (deliver_owed). Not news on its own: an outage that lasts is said once by the
        # bot's Reachability (bot/reach.py).
        log.debug("reply not delivered, will retry: %s", type(error).__name__)
        return
    if isinstance(error, Forbidden):
        log.info("a participant blocked the bot; their reminders stop")
        if chat is not None:
            await stop_reminders_for(context, chat.id)
            await once.replied(context, chat.id)  # nothing can be owed to them
        return
    log.error("error while handling an update: %s", type(error).__name__, exc_info=error)
    if chat is not None and private:
        try:
            lang = await language(update, context) if isinstance(update, Update) else "nl"
            await send(context, chat.id, says("error", lang))
            await once.replied(context, chat.id)  # the apology ends on their question
        except Exception:  # the report itself failed: the log line above is all we can do
            log.warning("could not tell the participant about the error")


async def stop_reminders_for(context: Context, chat_id: int) -> None:
    participant = await conversation(context).store.participant_for(Chat(chat_id))
    if participant is not None:
        await conversation(context).store.stop_reminders(participant.id)


async def deliver_owed(context: Context) -> int:
    """Job: send every chat that missed its reply its current question; returns how many.

    Owed are the participants whose handled update has no delivered reply (bot/once.py), also
    from before a restart: the job runs at start-up too."""
    processor = context.application.update_processor
    delivered = 0
    for chat_id in [chat.chat_id for chat in await once.store(context).owed_replies(Chat)]:
        try:
            if isinstance(processor, PerChatUpdateProcessor):
                async with processor.chat(chat_id):  # never between a person's own updates
                    delivered += await _deliver_owed(context, chat_id)
            else:
                delivered += await _deliver_owed(context, chat_id)
        except Forbidden:
            await once.replied(context, chat_id)
            await stop_reminders_for(context, chat_id)
        except TelegramError as exc:
            log.warning("owed questions not delivered yet: %s", type(exc).__name__)
            break  # still failing: everyone is tried again next time
    if delivered:
        log.info("delivered %d owed question(s)", delivered)
    return delivered


async def _deliver_owed(job: Context, chat_id: int) -> int:
    # The chat's own context, so that what is sent is what the chat shows next (ChatView).
    application: Any = job.application
    context: Context = CallbackContext(application, chat_id=chat_id, user_id=chat_id)
    if not await once.store(context).reply_owed(Chat(chat_id)):
        return 0  # the person wrote meanwhile and got the question then
    outcome = await conversation(context).resume(Chat(chat_id))
    if not outcome.screens or not replies.leads_on(outcome.screens[-1]):
        await once.replied(context, chat_id)  # nothing open: no question to give
        return 0
    await send(context, chat_id, outcome)
    await once.replied(context, chat_id)
    return 1


async def probe(context: Context) -> None:
    """Job of a webhook bot: ask Telegram how its deliveries to the webhook go, so that health
    knows whether Telegram answers and delivers also when nobody writes (a polling bot asks for
    updates every few seconds anyway)."""
    try:
        info = await context.bot.get_webhook_info()
    except TelegramError:
        return  # told to the bot's Reachability by the request itself
    delivered = context.bot_data.built.delivered
    pending, last_error = info.pending_update_count, info.last_error_date
    webhook_delivery(delivered, pending, last_error, info.last_error_message, datetime.now(UTC))


async def close_later(context: Context) -> int:
    """Job: in the chats whose path ended while other people's updates were being handled, the
    older messages lose their buttons now, at a quiet moment (see replies.close_older).
    Returns the calls made."""
    waiting = context.bot_data.close_later
    processor = context.application.update_processor
    application: Any = context.application
    calls = 0
    for chat_id in sorted(waiting):
        if not isinstance(processor, PerChatUpdateProcessor) or processor.busy_chats:
            break  # replies first: the rest at the next quiet moment
        chat_context: Context = CallbackContext(application, chat_id=chat_id, user_id=chat_id)
        try:
            async with processor.chat(chat_id):
                calls += await replies.close_older(chat_context, chat_id)
        except Forbidden:
            pass  # blocked: nothing to close for them
        except TelegramError as exc:
            log.warning("older buttons not closed yet: %s", type(exc).__name__)
            break
        waiting.discard(chat_id)
    return calls
