"""The local Bot API server on 127.0.0.1: HTTP, the requests it answered, and running a bot.

PTB's `Application` runs against it unchanged (give it `base_url`). Simulated users (see
`users.py`) queue updates; the Application fetches them with long polling; `attach(app)` lets
the server know exactly when an update has been handled, so a person's action returns the bot
messages it caused, also when thousands of people act at once. What the server holds (chats,
messages, the update queue) is `state.BotApiState`; the methods are in `methods.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from localbotapi.faults import BotApiFaults
from localbotapi.methods import CHAT_BOUND, METHODS, Method, Uploads, decode
from localbotapi.model import BotApiChat, BotApiError, Json, Upload
from localbotapi.state import AnyApplication, BotApiState, until_still

log = logging.getLogger(__name__)

MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bot uploads; aiohttp's default is 1 MB
TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]+")
POLLING = "getupdates"


class LocalBotApi(BotApiState):
    """The server. Use `async with LocalBotApi() as api:` and give PTB `api.base_url`."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 7000001,
        first_name: str = "Inspraak",
        username: str = "inspraak_test_bot",
        quiet: float = 0.05,
        keep_calls: bool = True,
        webhook_via: str | None = None,
    ) -> None:
        """`token`: the only token accepted (default: any token that looks like one).

        `quiet`: how long a chat must be silent before a message the bot sent on its own (a
        reminder) counts as complete. `keep_calls`: log every request's parameters in `calls`
        (a load run keeps only the counts). `webhook_via`: the reverse proxy in front of a bot
        that sets a webhook, e.g. `http://127.0.0.1:8443` (see `webhook.py`).
        """
        bot: Json = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        super().__init__(bot, quiet=quiet, webhook_via=webhook_via)
        self.token = token
        self.keep_calls = keep_calls
        self.calls: list[tuple[str, Json]] = []  # every request: (method, params)
        self.counts: Counter[str] = Counter()  # requests per method
        self.errors: list[tuple[str, str]] = []  # every refused request: (method, description)
        self.faults = BotApiFaults()
        self.port = 0
        self.polls = 0  # getUpdates requests so far
        self._state = asyncio.Condition()  # `wait_for` predicates are checked here
        self._runner: web.AppRunner | None = None

    # Server lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a long poll whose client went away, so it cannot swallow the next update.
        self._runner = web.AppRunner(
            app, shutdown_timeout=1.0, handler_cancellation=True, access_log=None
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))  # started again after `stop()`: the same address
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock, backlog=4096).start()
        self.closing = False

    async def stop(self) -> None:
        """Stop answering: the bot gets no connection (Telegram out of reach) until `start()`
        listens on the same port again, with what the server held kept."""
        self.closing = True
        async with self.updates:
            self.updates.notify_all()
        await self.webhooks.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @asynccontextmanager
    async def running(
        self, app: AnyApplication, *, poll_timeout: int = 10
    ) -> AsyncIterator[AnyApplication]:
        """Attach and run `app` with long polling; stop and shut it down cleanly afterwards.

        Note: like `Application.initialize()`, this does not call `post_init`.
        """
        self.attach(app)
        await app.initialize()
        try:
            await app.start()
            try:
                assert app.updater is not None, "build the Application with an Updater"
                polls = self.polls
                await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
                try:
                    # Listening for sure once the first long poll has arrived.
                    await self.wait_for(lambda: self.polls > polls, quiet=False)
                    yield app
                finally:
                    await app.updater.stop()
            finally:
                await app.stop()
        finally:
            await app.shutdown()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        quiet: bool = True,
    ) -> None:
        """Wait until `predicate()` holds (checked whenever the bot makes a request), and then,
        with `quiet`, until no request has come in for `self.quiet` seconds."""
        async with asyncio.timeout(timeout), self._state:
            await self._state.wait_for(predicate)
            if quiet:
                await until_still(self._state, lambda: sum(self.counts.values()), self.quiet)

    # HTTP ------------------------------------------------------------------------------------

    def _token_ok(self, token: str) -> bool:
        if self.token is not None:
            return token == self.token
        return TOKEN_PATTERN.fullmatch(token) is not None

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not self._token_ok(token):
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        name = method.lower()
        handler = METHODS.get(name)
        chat: BotApiChat | None = None
        try:
            params, uploads = await self._params(request)
            self.counts[method] += 1
            if self.keep_calls:
                logged = dict(params)
                logged.update({k: f"<upload {u.filename}>" for k, u in uploads.items()})
                self.calls.append((method, logged))
            if name == POLLING:
                self.polls += 1
            chat_id = params.get("chat_id")
            chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
            if chat is not None:
                chat.inflight += 1
            async with self._state:
                self._state.notify_all()
            if handler is None:
                raise BotApiError(
                    f"Bad Request: method {method} is not implemented by the local Bot API server"
                )
            result = await self._answer(name, handler, params, uploads)
        except BotApiError as exc:
            self.errors.append((method, exc.description))
            return web.json_response(exc.as_json(), status=exc.code)
        except Exception as exc:
            # A bug here must show up as a failed request, not as a hanging bot.
            log.exception("local Bot API server failed on %s", method)
            description = f"Internal Server Error: {exc!r}"
            self.errors.append((method, description))
            return web.json_response(
                {"ok": False, "error_code": 500, "description": description}, status=500
            )
        finally:
            if chat is not None:
                chat.inflight -= 1
                await chat.notify()
        return web.json_response({"ok": True, "result": result})

    async def _answer(self, name: str, handler: Method, params: Json, uploads: Uploads) -> Any:
        fault = self.faults.take(name, params)
        if fault is None:
            return await handler(self, params, uploads)
        if fault.applied:
            with contextlib.suppress(BotApiError):
                await handler(self, params, uploads)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        raise fault.error()

    @staticmethod
    async def _params(request: web.Request) -> tuple[Json, dict[str, Upload]]:
        params: Json = {}
        uploads: Uploads = {}
        if request.content_type == "application/json":
            body = await request.json() if request.can_read_body else {}
            if isinstance(body, dict):
                params.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    mime = value.content_type or "application/octet-stream"
                    uploads[key] = Upload(value.filename, value.file.read(), mime)
                else:
                    params[key] = value
        params.update(request.query)
        return {key: decode(key, value) for key, value in params.items()}, uploads

    def chat_bound_calls(self) -> int:
        """Requests that put something in a chat (sends and edits), the ones Telegram limits."""
        return sum(n for method, n in self.counts.items() if method.lower() in CHAT_BOUND)
