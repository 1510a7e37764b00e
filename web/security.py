"""The security layer every page of the web server shares (participant form and console).

- Strict headers on every response: a Content-Security-Policy that allows only this server's
  own scripts, styles and images, no framing, no referrer to other sites, nothing cached.
- A session cookie (random, HttpOnly, SameSite=Lax, Secure under https); the database only
  ever sees its SHA-256 (`storage.identities.Browser`).
- CSRF: every POST carries a token derived from the session cookie (an HMAC the attacker
  cannot compute without the cookie), and a foreign Origin is refused.
- Limits on guessing invite codes, resume links and console logins: a budget per kind of
  secret and per client address, none shared by everyone (`GuessLimits`).
- An access log without paths, addresses or query strings: an invite code or resume token in a
  URL never reaches a log, and answers are only ever sent in POST bodies. (Should another
  access log write paths, `inspraak/redact.py` takes the secrets out of every log record.)
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "connect-src 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # Same-origin requests keep their Origin header (no-referrer would make it "null"); no
    # other site ever sees one of our URLs, which may hold an invite code or resume token.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
SESSION_MAX_AGE = 60 * 60 * 24 * 60  # 60 days: a round lasts weeks; resume links outlive it
CSRF_FIELD = "csrf"
SESSION_TOKEN = web.RequestKey("session_token", str)
NEW_SESSION_TOKEN = web.RequestKey("new_session_token", str)  # to be sent as the cookie
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CookieNames:
    """Cookie names; under https the __Host- prefix pins them to this host and path /."""

    def __init__(self, secure: bool) -> None:
        prefix = "__Host-" if secure else ""
        self.session = f"{prefix}inspraak"
        self.language = f"{prefix}inspraak-taal"


class Security:
    """Headers, session cookie, CSRF check and guess limits for one web application."""

    def __init__(self, public_url: str, *, trust_proxy: bool = False) -> None:
        parts = urlsplit(public_url)
        self.secure = parts.scheme == "https"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.trust_proxy = trust_proxy
        self.cookies = CookieNames(self.secure)
        self.guesses = GuessLimits()
        # Paths whose POSTs carry their own proof (a signature from Meta, say), not a browser's
        # cookie: no CSRF token or Origin applies there. A section adds its path.
        self.signed_paths: set[str] = set()

    # Session cookie --------------------------------------------------------------------------

    def session_token(self, request: web.Request) -> str | None:
        token = request.cookies.get(self.cookies.session)
        return token if token and 20 <= len(token) <= 100 and token.isascii() else None

    def ensure_session(self, request: web.Request) -> str:
        """The visitor's session token; a new one (sent with the response) if they have none."""
        token: str | None = request.get(SESSION_TOKEN) or self.session_token(request)
        if token is None:
            token = secrets.token_urlsafe(32)
            request[NEW_SESSION_TOKEN] = token
        request[SESSION_TOKEN] = token
        return token

    def new_session(self, request: web.Request) -> str:
        """Replace the session (after erasure, or taking over on another device)."""
        token = secrets.token_urlsafe(32)
        request[NEW_SESSION_TOKEN] = token
        request[SESSION_TOKEN] = token
        return token

    def set_cookie(self, response: web.StreamResponse, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            max_age=SESSION_MAX_AGE,
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="Lax",  # Strict would drop the cookie when a link from WhatsApp opens
        )

    # CSRF ------------------------------------------------------------------------------------

    @staticmethod
    def csrf_token(session_token: str) -> str:
        return hmac.new(session_token.encode(), b"inspraak-csrf", hashlib.sha256).hexdigest()

    def csrf_ok(self, request: web.Request, submitted: str | None) -> bool:
        token = self.session_token(request)
        if token is None or not submitted:
            return False
        return hmac.compare_digest(self.csrf_token(token), submitted)

    def origin_ok(self, request: web.Request) -> bool:
        """A browser's Origin header, when it names a site, must name this one. ("null", from
        privacy settings, and none at all leave the decision to the CSRF token.)"""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            return True
        return origin in (self.origin, f"{request.scheme}://{request.host}")

    # Visitors --------------------------------------------------------------------------------

    def visitor(self, request: web.Request) -> str:
        """The client to count guesses against: the connecting address, or with
        INSPRAAK_WEB_TRUST_PROXY the address our proxy saw (the last X-Forwarded-For hop;
        earlier hops are written by the client and prove nothing)."""
        address = request.remote or "?"
        if self.trust_proxy:
            forwarded = request.headers.get("X-Forwarded-For", "")
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if hops:
                address = hops[-1]
        return client_key(address)

    # Middleware ------------------------------------------------------------------------------

    def middleware(
        self, error_page: Callable[[web.Request, int], web.StreamResponse]
    ) -> Middleware:
        """Headers and cookies on every response; CSRF and Origin checked before every POST.

        `error_page(request, status)` renders the friendly page for a refused POST (403), a
        body that is not a readable form (400) or too large (413).
        """

        @web.middleware
        async def secure(request: web.Request, handler: Handler) -> web.StreamResponse:
            # An address or method no route takes is answered by the router (404, 405).
            if (
                request.method in UNSAFE_METHODS
                and request.path not in self.signed_paths
                and request.match_info.http_exception is None
            ):
                try:
                    form = await request.post()
                except web.HTTPException as exc:  # 413: larger than the application takes
                    log.info("refused a request body: %s", exc.reason)
                    return self._finish(request, error_page(request, exc.status))
                except (UnicodeDecodeError, LookupError, ValueError) as exc:
                    log.info("refused a request body that is no form: %s", type(exc).__name__)
                    return self._finish(request, error_page(request, 400))
                submitted = form.get(CSRF_FIELD)
                if not self.origin_ok(request) or not self.csrf_ok(
                    request, submitted if isinstance(submitted, str) else None
                ):
                    log.info("refused a POST without a valid CSRF token or origin")
                    return self._finish(request, error_page(request, 403))
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                self._finish(request, exc)  # a redirect sets cookies and headers too
                raise
            return self._finish(request, response)

        return secure

    def _finish(self, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if self.secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        new_token = request.get(NEW_SESSION_TOKEN)
        if new_token:
            self.set_cookie(response, self.cookies.session, new_token)
        return response


class GuessLimiter:
    """Failed guesses of one kind, per client address, in a sliding window.

    There is no overall budget: one guesser must never lock everyone else out. An address
    that guessed wrong `per_visitor` times waits until its oldest failure leaves the window;
    everyone else goes on. What is remembered is bounded (`max_visitors` addresses, the ones
    seen longest ago forgotten first), so a guesser with many addresses cannot fill memory.
    """

    def __init__(
        self, per_visitor: int = 10, window_seconds: float = 600.0, max_visitors: int = 100_000
    ) -> None:
        self.per_visitor = per_visitor
        self.window = window_seconds
        self.max_visitors = max_visitors
        self._by_visitor: dict[str, deque[float]] = {}

    def __len__(self) -> int:
        """How many addresses it remembers."""
        return len(self._by_visitor)

    def blocked(self, visitor: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        events = self._by_visitor.get(visitor)
        if events is None:
            return False
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            del self._by_visitor[visitor]
            return False
        return len(events) >= self.per_visitor

    def failed(self, visitor: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        events = self._by_visitor.pop(visitor, None) or deque()
        events.append(now)
        self._by_visitor[visitor] = events  # last in the order: seen most recently
        while len(self._by_visitor) > self.max_visitors:
            del self._by_visitor[next(iter(self._by_visitor))]


@dataclass(frozen=True)
class GuessLimits:
    """A budget per kind of secret: a person who mistypes their invite code a few times can
    still open their resume link, and guessing codes never keeps a coordinator out."""

    codes: GuessLimiter = field(default_factory=GuessLimiter)
    resume: GuessLimiter = field(default_factory=GuessLimiter)
    console: GuessLimiter = field(default_factory=GuessLimiter)


def client_key(address: str) -> str:
    """What one client is counted as: its IPv4 address, or its IPv6 /64 network (one home or
    phone gets a whole /64, so single IPv6 addresses would be free for the taking)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class RefusedByParser(logging.Filter):
    """aiohttp logs a request its HTTP parser refused (raw bytes in the address, no HTTP
    method at all) with a traceback, at ERROR. Only a client can cause that: one line (at
    INFO at most) says it, without the request line (which may hold a code)."""

    def filter(self, record: logging.LogRecord) -> bool:
        refused = record.exc_info[1] if record.exc_info else None
        if isinstance(refused, HttpProcessingError):
            record.msg, record.args = (
                "refused a request that is no valid HTTP: %s",
                (type(refused).__name__,),
            )
            record.exc_info = record.exc_text = None
            record.levelno = min(record.levelno, logging.INFO)  # scanners' noise stays DEBUG
            record.levelname = logging.getLevelName(record.levelno)
        return True


REFUSED_BY_PARSER = RefusedByParser()


class AccessLogger(AbstractAccessLogger):
    """One line per request: method, route name, status, time. No path, address or query."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        try:
            route = request.match_info.route.name or "-"  # type: ignore[attr-defined]
        except (AssertionError, AttributeError):  # refused by the HTTP parser: no route
            route = "-"
        self.logger.info("%s %s %s %.0fms", request.method, route, response.status, time * 1000)
