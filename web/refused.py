"""Requests aiohttp's own HTTP parser refuses still get the product's pages.

aiohttp's parser (llhttp) knows a fixed list of HTTP methods: a well-formed request with any
other method (``FROB /v HTTP/1.1``) is refused before routing, as are request lines with raw
bytes in the address. aiohttp then answers a plain-text "400 Bad Request" itself. Here such a
request goes through the application after all: a well-formed request line with an unknown
method is routed as it is (405 with ``Allow`` where the address exists, else 404), anything
else gets the 400 page; both in the layout of the part of the site the address is in, with the
usual security headers. The connection is closed after it, as aiohttp does.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

REFUSED = web.RequestKey("refused_by_parser", bool)  # the app answers such a request with 400
# The request line as the parser's message quotes it: b'METHOD /path HTTP/1.1'.
REQUEST_LINE = re.compile(r"b'([!#$%&*+.^_`|~0-9A-Za-z-]{1,20}) (/\S*) HTTP/1\.[01]'")
SAFE_PATH = re.compile(r"/[A-Za-z0-9._~!$&()*+,;=:@/%?-]*")

Handler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]


def routed_again(request: web.BaseRequest, refusal: str) -> web.BaseRequest:
    """The request as the application should see it: with its own method and address when the
    request line was well-formed, else marked `REFUSED` (the 400 page) at the address's part of
    the site (only a prefix of letters, so nothing the parser refused is passed on)."""
    line = REQUEST_LINE.search(refusal)
    if line and SAFE_PATH.fullmatch(line[2]) and line[1].isupper() and line[1].isalpha():
        return request.clone(method=line[1], rel_url=line[2])
    request[REFUSED] = True
    path = line[2] if line else "/"
    section = re.match(r"/[a-z]+", path)
    return request.clone(method="GET", rel_url=section[0] if section else "/v")


class PageRequestHandler(RequestHandler):
    """aiohttp's request handler, with the application's pages for the parser's refusals."""

    def _make_error_handler(self, err_info: Any) -> Handler:
        plain = super()._make_error_handler(err_info)
        application: Handler | None = self._request_handler

        async def handler(request: web.BaseRequest) -> web.StreamResponse:
            answer = await plain(request)  # logs the refusal (in one line: web.security)
            if application is None or answer.status != 400:
                return answer
            response = await application(routed_again(request, str(err_info.message)))
            response.force_close()
            return response

        return handler


class PageServer(web.Server):
    """A web.Server whose connections use `PageRequestHandler`."""

    def __call__(self) -> RequestHandler:
        return PageRequestHandler(self, loop=self._loop, **self._kwargs)


class PageRunner(web.AppRunner):
    """web.AppRunner serving through `PageServer`."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = PageServer  # same fields: only how connections are made differs
        return server
