"""A real headless Chromium driven over the DevTools protocol, from the test's own event loop.

The web server under test runs in the same asyncio loop as the test, so the browser must not
block it: instead of a synchronous WebDriver we talk to Chromium's DevTools websocket with
aiohttp. Throwaway profile, no network besides 127.0.0.1, downloads into a folder.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")
TIMEOUT = 30.0


def find_chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


class BrowserError(Exception):
    pass


@dataclass(frozen=True)
class Download:
    path: Path
    name: str


class Page:
    """One tab: navigate, read, click, type, take screenshots, collect downloads."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, session: str, downloads: Path):
        self._ws = ws
        self._session = session
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[tuple[str, asyncio.Future[dict[str, Any]]]] = []
        self.downloads = downloads
        self.console_errors: list[str] = []
        # Downloads are followed by state, not by awaiting single events: several events can
        # arrive before the waiting test code runs again.
        self._begun: list[dict[str, Any]] = []
        self._states: dict[str, str] = {}
        self._changed = asyncio.Event()

    def dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and message["id"] in self._waiting:
            future = self._waiting.pop(message["id"])
            if not future.done():
                if "error" in message:
                    future.set_exception(BrowserError(str(message["error"])))
                else:
                    future.set_result(message.get("result", {}))
            return
        method = message.get("method", "")
        params = message.get("params", {})
        if method == "Browser.downloadWillBegin":
            self._begun.append(params)
            self._changed.set()
        elif method == "Browser.downloadProgress":
            self._states[params["guid"]] = params["state"]
            self._changed.set()
        if method == "Runtime.exceptionThrown":
            self.console_errors.append(str(params.get("exceptionDetails", {}).get("text")))
        entry = params.get("entry", {}) if method == "Log.entryAdded" else {}
        if entry.get("level") == "error" and not str(entry.get("url")).endswith("/favicon.ico"):
            self.console_errors.append(f"{entry.get('text')} {entry.get('url', '')}")
        for listener in list(self._listeners):
            name, future = listener
            if name == method and not future.done():
                future.set_result(params)
                self._listeners.remove(listener)

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        number = next(self._ids) + 1_000_000  # apart from the browser-level ids
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._ws.send_json(
            {"id": number, "method": method, "params": params or {}, "sessionId": self._session}
        )
        return await asyncio.wait_for(future, TIMEOUT)

    def expect(self, method: str) -> asyncio.Future[dict[str, Any]]:
        """A future for the next event `method` (register it before causing the event)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._listeners.append((method, future))
        return future

    async def goto(self, url: str) -> None:
        loaded = self.expect("Page.loadEventFired")
        result = await self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"{url}: {result['errorText']}")
        await asyncio.wait_for(loaded, TIMEOUT)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    async def url(self) -> str:
        return str(await self.evaluate("location.href"))

    async def text(self, selector: str = "main") -> str:
        found = await self.evaluate(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''"
        )
        return str(found)

    async def status_of(self, url: str) -> int:
        """The HTTP status of a GET from this page (with its cookies), without navigating."""
        code = await self.evaluate(
            f"fetch({json.dumps(url)}, {{redirect: 'manual', credentials: 'same-origin'}})"
            ".then(r => r.type === 'opaqueredirect' ? 303 : r.status)"
        )
        return int(code)

    async def _navigating(self, script: str) -> None:
        loaded = self.expect("Page.loadEventFired")
        await self.evaluate(script)
        await asyncio.wait_for(loaded, TIMEOUT)

    async def click(self, selector: str) -> None:
        """Click an element that loads a new page (a link or a submit button)."""
        await self._navigating(f"document.querySelector({json.dumps(selector)}).click()")

    async def click_text(self, text: str, within: str = "main") -> None:
        """Click the link or button whose visible text starts with `text`."""
        targets = json.dumps(f"{within} a, {within} button")
        await self._navigating(
            f"""(() => {{
              const all = [...document.querySelectorAll({targets})];
              const hit = all.find(e => e.innerText.trim().startsWith({json.dumps(text)}));
              if (!hit) throw new Error('nothing to click: ' + {json.dumps(text)});
              hit.click();
            }})()"""
        )

    async def fill(self, selector: str, value: str) -> None:
        await self.evaluate(
            f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) throw new Error('no field ' + {json.dumps(selector)});
            if (e.type === 'checkbox' || e.type === 'radio') e.checked = {json.dumps(value)} !== '';
            else e.value = {json.dumps(value)}; }})()"""
        )

    async def key(self, key: str, *, navigates: bool = True) -> None:
        """Press one key as a person would (keydown/keyup through the input pipeline)."""
        code = {"Escape": "Escape"}.get(key, f"Key{key.upper()}")
        params: dict[str, Any] = {"key": key, "code": code}
        if len(key) == 1:
            params["text"] = key
        loaded = self.expect("Page.loadEventFired") if navigates else None
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", **params})
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", **params})
        if loaded is not None:
            await asyncio.wait_for(loaded, TIMEOUT)

    async def _until(self, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(TIMEOUT):
            while not done():
                self._changed.clear()
                await self._changed.wait()

    async def download(self, selector: str) -> Download:
        """Click a download link; the saved file and the name the server gave it."""
        before = len(self._begun)
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        await self._until(lambda: len(self._begun) > before)
        begun = self._begun[before]
        guid = begun["guid"]
        await self._until(lambda: self._states.get(guid) in ("completed", "canceled"))
        if self._states[guid] == "canceled":
            raise BrowserError(f"download from {selector} was canceled")
        return Download(self.downloads / guid, str(begun["suggestedFilename"]))

    async def screenshot(self, path: Path, width: int = 1280) -> Path:
        """The whole page at `width` CSS pixels, as PNG."""
        height = int(await self.evaluate("document.documentElement.scrollHeight"))
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": max(height, 200), "deviceScaleFactor": 1, "mobile": False},
        )
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))  # noqa: ASYNC240
        return path

    async def cookies(self) -> list[dict[str, Any]]:
        return list((await self.send("Network.getCookies"))["cookies"])

    async def set_cookie(self, name: str, value: str, url: str) -> None:
        await self.send("Network.setCookie", {"name": name, "value": value, "url": url})

    async def clear_cookies(self) -> None:
        await self.send("Network.clearBrowserCookies")


@asynccontextmanager
async def chromium(width: int = 1280) -> AsyncIterator[Page]:
    """A fresh headless Chromium with one page at `width` px; closed afterwards."""
    binary = find_chromium()
    if binary is None:
        raise BrowserError("Chromium is not installed (Debian: apt-get install chromium).")
    with tempfile.TemporaryDirectory() as profile:
        downloads = Path(profile) / "downloads"
        downloads.mkdir()
        process = await asyncio.create_subprocess_exec(
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--proxy-server=direct://",
            "--proxy-bypass-list=*",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}/profile",
            f"--window-size={width},900",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            endpoint = await asyncio.wait_for(_endpoint(process), TIMEOUT)
            async with (
                aiohttp.ClientSession() as http,
                http.ws_connect(endpoint, max_msg_size=0) as ws,
            ):
                yield await _open_page(ws, downloads, width)
        finally:
            if process.returncode is None:
                process.kill()
            await process.wait()


async def _endpoint(process: asyncio.subprocess.Process) -> str:
    assert process.stderr is not None
    while True:
        line = await process.stderr.readline()
        if not line:
            raise BrowserError("Chromium stopped before it listened for DevTools")
        found = LISTENING.search(line.decode(errors="replace"))
        if found:
            return found[1]


async def _open_page(ws: aiohttp.ClientWebSocketResponse, downloads: Path, width: int) -> Page:
    ids = itertools.count(1)
    replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
    pages: list[Page] = []

    async def call(method: str, params: dict[str, Any]) -> dict[str, Any]:
        number = next(ids)
        replies[number] = asyncio.get_running_loop().create_future()
        await ws.send_json({"id": number, "method": method, "params": params})
        return await asyncio.wait_for(replies[number], TIMEOUT)

    async def read() -> None:
        async for message in ws:
            data = json.loads(message.data)
            if data.get("id") in replies:
                future = replies.pop(data["id"])
                if not future.done():
                    future.set_result(data.get("result", {}))
            elif pages and (data.get("sessionId") or data.get("method", "").startswith("Browser.")):
                pages[0].dispatch(data)

    reader = asyncio.get_running_loop().create_task(read())
    ws_reader_tasks.add(reader)
    reader.add_done_callback(ws_reader_tasks.discard)
    target = await call("Target.createTarget", {"url": "about:blank"})
    attached = await call(
        "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
    )
    page = Page(ws, attached["sessionId"], downloads)
    pages.append(page)
    await call(
        "Browser.setDownloadBehavior",
        {"behavior": "allowAndName", "downloadPath": str(downloads), "eventsEnabled": True},
    )
    for domain in ("Page.enable", "Runtime.enable", "Network.enable", "Log.enable"):
        await page.send(domain)
    await page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    return page


ws_reader_tasks: set[asyncio.Task[None]] = set()
