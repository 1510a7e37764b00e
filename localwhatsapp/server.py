"""The local Cloud API server on 127.0.0.1: the messages endpoint, and webhooks to the business.

It serves `POST {base_url}/{phone_number_id}/messages` (`base_url` ends in the Graph API version,
like https://graph.facebook.com/v21.0) with Bearer auth, checks each call against Meta's limits
(limits.py), keeps the 24-hour customer-service window per person on its own clock (`advance`
moves it), and posts signed notifications to `webhook_url` as people act (people.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterable

import aiohttp
from aiohttp import web

from localwhatsapp import limits, webhooks
from localwhatsapp.faults import CloudApiFaults
from localwhatsapp.limits import Json, MetaError
from localwhatsapp.people import Person, Sent, new_message_id

log = logging.getLogger(__name__)

WINDOW_SECONDS = 24 * 3600
VERSION = "v21.0"


class LocalCloudApi:
    """`async with LocalCloudApi(token=..., app_secret=..., webhook_url=...) as api:`."""

    def __init__(
        self,
        *,
        token: str = "EAAlocaltoken0123456789",
        phone_number_id: str = "106540352242922",
        display_number: str = "31201234567",
        app_secret: str = "local-app-secret-0123456789abcdef",
        webhook_url: str | None = None,
        templates: Iterable[str] = ("inspraak_herinnering",),
        statuses: bool = False,
    ) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.display_number = display_number
        self.app_secret = app_secret
        self.webhook_url = webhook_url
        self.templates = set(templates)
        self.statuses = statuses  # also send sent/delivered statuses, not only failures
        self.people: dict[str, Person] = {}
        self.faults = CloudApiFaults()
        self.calls: list[Json] = []  # every call to /messages, accepted or refused
        self.notifications: list[bytes] = []  # every webhook body posted
        self.unknown_sent: list[Sent] = []  # messages to numbers nobody has
        self._offset = 0.0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    # Clock and people ----------------------------------------------------------------------

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, *, hours: float) -> None:
        """Move the clock on (people's windows close after 24 hours)."""
        self._offset += hours * 3600

    def person(self, wa_id: str, name: str = "Deelnemer") -> Person:
        if wa_id not in self.people:
            self.people[wa_id] = Person(self, wa_id, name)
        return self.people[wa_id]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    # Lifecycle -----------------------------------------------------------------------------

    async def __aenter__(self) -> LocalCloudApi:
        app = web.Application()
        app.router.add_post("/{version}/{phone_number_id}/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # Webhooks ------------------------------------------------------------------------------

    async def post_webhook(self, notification: Json, *, secret: str | None = None) -> int:
        """Post a notification signed with the app secret (or `secret`, to forge one); returns
        the HTTP status the business answered."""
        return await self.post_raw(webhooks.encode(notification), secret=secret)

    async def post_raw(self, body: bytes, *, secret: str | None = None) -> int:
        assert self._session is not None and self.webhook_url, "no webhook_url set"
        self.notifications.append(body)
        signature = webhooks.sign(body, self.app_secret if secret is None else secret)
        headers = {"Content-Type": "application/json", webhooks.SIGNATURE_HEADER: signature}
        async with self._session.post(self.webhook_url, data=body, headers=headers) as response:
            await response.read()
            return response.status

    async def redeliver(self, index: int = -1) -> int:
        """Post an earlier notification again, as Meta does when it got no 200 in time."""
        return await self.post_raw(self.notifications[index])

    def _status_later(
        self, message_id: str, wa_id: str, status: str, error: Json | None = None
    ) -> None:
        if not self.webhook_url:
            return
        notification = webhooks.status_notification(
            self.phone_number_id,
            self.display_number,
            message_id,
            wa_id,
            status,
            int(self.now()),
            error,
        )

        async def post() -> None:
            try:
                await self.post_webhook(notification)
            except aiohttp.ClientError as exc:
                log.info("status webhook not delivered: %s", type(exc).__name__)

        task = asyncio.get_running_loop().create_task(post())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # The messages endpoint -----------------------------------------------------------------

    async def _messages(self, request: web.Request) -> web.Response:
        try:
            payload = await self._payload(request)
            self.calls.append(payload)
            return web.json_response(self._handle(payload))
        except MetaError as error:
            return web.json_response(error.body(), status=error.status)

    async def _payload(self, request: web.Request) -> Json:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            raise limits.bad_token()
        if request.match_info["phone_number_id"] != self.phone_number_id:
            raise MetaError(
                400,
                100,
                "Unsupported post request. Object with ID does not exist",
                kind="GraphMethodException",
            )
        try:
            payload = json.loads(await request.read())
        except ValueError:
            raise limits.invalid("The request body is not valid JSON") from None
        if not isinstance(payload, dict):
            raise limits.invalid("The request body must be a JSON object")
        return payload

    def _handle(self, payload: Json) -> Json:
        if payload.get("status") == "read":
            return self._mark_read(payload)
        kind = limits.check_message(payload)
        wa_id = str(payload["to"]).lstrip("+")
        self.faults.check(wa_id)
        person = self.people.get(wa_id)
        if kind == "template":
            template = payload["template"]
            if template["name"] not in self.templates:
                raise limits.unknown_template(template["name"], template["language"]["code"])
        elif (
            person is None
            or person.last_wrote is None
            or (self.now() - person.last_wrote > WINDOW_SECONDS)
        ):
            raise limits.re_engagement()
        sent = _as_sent(new_message_id("wamid.HBgB"), kind, payload)
        if person is None or person.blocked:
            self.unknown_sent.append(sent)
            self._status_later(sent.id, wa_id, "failed", webhooks.undeliverable_error())
        else:
            person.receive(sent)
            if self.statuses:
                self._status_later(sent.id, wa_id, "sent")
                self._status_later(sent.id, wa_id, "delivered")
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload["to"], "wa_id": wa_id}],
            "messages": [{"id": sent.id}],
        }

    def _mark_read(self, payload: Json) -> Json:
        message_id = payload.get("message_id")
        if payload.get("messaging_product") != "whatsapp" or not isinstance(message_id, str):
            raise limits.invalid("The parameter message_id is required.")
        owner = next((p for p in self.people.values() if message_id in p.sent_ids), None)
        if owner is None:
            raise limits.invalid(f"Invalid message_id: {message_id}")
        self.faults.check(owner.wa_id)
        if message_id not in owner.read_marks:
            owner.read_marks.append(message_id)
        return {"success": True}


def _as_sent(message_id: str, kind: str, payload: Json) -> Sent:
    if kind == "text":
        return Sent(message_id, "text", payload["text"]["body"], payload=payload)
    if kind == "template":
        template = payload["template"]
        parameters = [
            str(parameter.get("text", ""))
            for component in template.get("components", [])
            for parameter in component.get("parameters", [])
        ]
        text = " ".join([template["name"], *parameters])
        return Sent(
            message_id,
            "template",
            text,
            template=template["name"],
            parameters=parameters,
            payload=payload,
        )
    interactive = payload["interactive"]
    body = interactive["body"]["text"]
    action = interactive["action"]
    if interactive["type"] == "button":
        buttons = [(b["reply"]["id"], b["reply"]["title"]) for b in action["buttons"]]
        return Sent(message_id, "buttons", body, buttons=buttons, payload=payload)
    rows = [
        (row["id"], row["title"], row.get("description", ""))
        for section in action["sections"]
        for row in section["rows"]
    ]
    return Sent(message_id, "list", body, rows=rows, list_button=action["button"], payload=payload)
