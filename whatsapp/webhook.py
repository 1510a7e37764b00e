"""The WhatsApp webhook: a section of the web server at /whatsapp.

GET answers Meta's verification (hub.mode=subscribe, hub.verify_token, echo hub.challenge).
POST must carry `X-Hub-Signature-256`, the HMAC-SHA256 of the raw body with the app secret,
compared in constant time: without it 401, a wrong one 403, and nothing happens. A signed call
is answered 200 at once and its messages are handled beside the request (Meta expects an answer
within seconds and sends again otherwise; a second delivery changes nothing, see channel.py).

Not covered: a process killed after answering 200 and before handling loses those messages
(Meta will not send them again); the person gets no reply and writes again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import timedelta

from aiohttp import web

from conversation.reachable import Reachability
from web.app import CHANNELS, CONVERSATION, SECURITY, SETTINGS, Section
from whatsapp import reminders
from whatsapp.channel import WhatsAppChannel
from whatsapp.client import CloudApi
from whatsapp.reach import ADVICE

log = logging.getLogger(__name__)

PATH = "/whatsapp"
SIGNATURE_HEADER = "X-Hub-Signature-256"
CHANNEL = web.AppKey("whatsapp", WhatsAppChannel)
OWED_EVERY = timedelta(seconds=30)
REMINDERS_EVERY = timedelta(minutes=10)
CLEANUP_EVERY = timedelta(hours=6)


def section(
    api: CloudApi | None = None,
    *,
    owed_every: timedelta = OWED_EVERY,
    reminders_every: timedelta | None = REMINDERS_EVERY,
) -> Section:
    """The webhook section; `api` defaults to a client made from the WHATSAPP_ settings.
    `reminders_every`: how often reminders are sent (None: never, for tests and the demo)."""

    def setup(app: web.Application) -> None:
        app[SECURITY].signed_paths.add(PATH)
        app.router.add_get(PATH, verify, name="whatsapp_verify")
        app.router.add_post(PATH, receive, name="whatsapp")
        settings = app[SETTINGS]
        reach = Reachability("WhatsApp", ADVICE, settings.unreachable_seconds)
        app[CHANNELS]["whatsapp"] = reach.state  # /healthz asks it too

        async def run(app: web.Application) -> AsyncIterator[None]:
            client = api or CloudApi(
                settings.whatsapp_api_url,
                settings.whatsapp_phone_number_id or "",
                settings.whatsapp_token or "",
            )
            if client.reach is None:
                client.reach = reach
            channel = WhatsAppChannel(app[CONVERSATION], client)
            app[CHANNEL] = channel
            loop = asyncio.create_task(_background(channel, owed_every, reminders_every))
            yield
            loop.cancel()
            with suppress(asyncio.CancelledError):
                await loop
            if channel.tasks:  # messages being handled finish first
                await asyncio.wait(channel.tasks, timeout=10)
            await client.close()

        app.cleanup_ctx.append(run)

    return setup


async def _background(
    channel: WhatsAppChannel, every: timedelta, reminders_every: timedelta | None
) -> None:
    """Deliver owed questions (also at start-up: from before a restart), send reminders and
    drop old records, each at its own pace."""
    since_cleanup = CLEANUP_EVERY
    since_reminders = reminders_every or timedelta()
    while True:
        try:
            await channel.deliver_owed()
            if reminders_every is not None and since_reminders >= reminders_every:
                since_reminders = timedelta()
                await reminders.send_due(channel)
            if since_cleanup >= CLEANUP_EVERY:
                since_cleanup = timedelta()
                await channel.store.forget_handled()
        except Exception as exc:  # the loop must go on; the next round tries again
            log.error("WhatsApp background work failed: %s", type(exc).__name__, exc_info=exc)
        await asyncio.sleep(every.total_seconds())
        since_cleanup += every
        since_reminders += every


async def verify(request: web.Request) -> web.StreamResponse:
    """Meta's check when the webhook is set up: echo the challenge if the token matches."""
    settings = request.app[SETTINGS]
    expected = settings.whatsapp_verify_token or ""
    given = request.query.get("hub.verify_token", "")
    if (
        request.query.get("hub.mode") == "subscribe"
        and expected
        and hmac.compare_digest(given.encode(), expected.encode())
    ):
        return web.Response(text=request.query.get("hub.challenge", ""))
    log.info("refused a WhatsApp webhook verification with a wrong token")
    return web.Response(status=403, text="Forbidden")


def signature_ok(body: bytes, header: str, app_secret: str) -> bool:
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.encode(), expected.encode())


async def receive(request: web.Request) -> web.StreamResponse:
    body = await request.read()
    header = request.headers.get(SIGNATURE_HEADER)
    if not header:
        log.info("refused a WhatsApp webhook call without a signature")
        return web.Response(status=401, text="Unauthorized")
    if not signature_ok(body, header, request.app[SETTINGS].whatsapp_app_secret or ""):
        log.info("refused a WhatsApp webhook call with a wrong signature")
        return web.Response(status=403, text="Forbidden")
    try:
        notification = json.loads(body)
    except ValueError:
        return web.Response(status=400, text="Bad Request")
    if isinstance(notification, dict):
        channel = request.app[CHANNEL]
        task = asyncio.create_task(_handle(channel, notification))
        channel.tasks.add(task)
        task.add_done_callback(channel.tasks.discard)
    return web.Response(text="OK")


async def _handle(channel: WhatsAppChannel, notification: dict[str, object]) -> None:
    try:
        await channel.notification(notification)
    except Exception as exc:
        log.error("a WhatsApp notification failed: %s", type(exc).__name__, exc_info=exc)
