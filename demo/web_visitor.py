"""A simulated person in a browser without JavaScript: reads pages, presses buttons, types.

Used by the demo (some people answer through the web form) and by the web tests. It speaks
plain HTTP to the real server, keeps cookies like a browser, and only uses what a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

import aiohttp

from demo.answering import answer
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Invite, Store


@dataclass
class Field:
    name: str
    value: str
    label: str = ""


@dataclass
class Form:
    action: str
    method: str
    hidden: list[Field] = field(default_factory=list)
    buttons: list[Field] = field(default_factory=list)
    checkboxes: list[Field] = field(default_factory=list)
    text: str | None = None  # name of the text box, if any
    in_main: bool = True  # False: the menu at the bottom of every page


class PageParser(HTMLParser):
    """Forms, headings and the visible text of <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.main_text: list[str] = []
        self.headings: list[str] = []
        self.alerts: list[str] = []
        self._in_main = 0
        self._button: Field | None = None
        self._heading: list[str] | None = None
        self._alert: list[str] | None = None
        self._label_box: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "main":
            self._in_main += 1
        elif tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(Form(a.get("action", ""), method, in_main=self._in_main > 0))
        elif tag == "input" and self.forms:
            kind = a.get("type", "text")
            item = Field(a.get("name", ""), a.get("value", ""))
            if kind == "hidden":
                self.forms[-1].hidden.append(item)
            elif kind == "checkbox":
                self.forms[-1].checkboxes.append(item)
                self._label_box = item
            elif kind == "text":
                self.forms[-1].text = item.name
        elif tag == "textarea" and self.forms:
            self.forms[-1].text = a.get("name", "")
        elif tag == "button" and self.forms and a.get("type", "submit") == "submit":
            self._button = Field(a.get("name", ""), a.get("value", ""))
        elif tag in ("h1", "h2"):
            self._heading = []
        elif a.get("role") == "alert":
            self._alert = []
        elif tag == "br" and self._in_main:
            self.main_text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main -= 1
        elif tag == "button" and self._button is not None:
            self._button.label = " ".join(self._button.label.split())
            self.forms[-1].buttons.append(self._button)
            self._button = None
        elif tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None
        elif tag == "div" and self._alert is not None:
            self.alerts.append(" ".join("".join(self._alert).split()))
            self._alert = None
        elif tag == "label":
            self._label_box = None
        elif tag == "p" and self._in_main:
            self.main_text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.label += data
        if self._heading is not None:
            self._heading.append(data)
        if self._alert is not None:
            self._alert.append(data)
        if self._label_box is not None and data.strip():
            self._label_box.label += data.strip()
        if self._in_main:
            self.main_text.append(data)


class WebVisitor:
    """One person with one browser (its own cookies)."""

    def __init__(self, base_url: str, *, forwarded_for: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers
        )
        self.status = 0
        self.html = ""
        self.page = PageParser()
        self.history: list[str] = []

    async def close(self) -> None:
        await self.session.close()

    async def __aenter__(self) -> WebVisitor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def _read(self, status: int, body: str) -> None:
        self.status, self.html = status, body
        self.page = PageParser()
        self.page.feed(body)
        self.history.append(f"[{status}] {self.heading}\n{self.text}")

    async def open(self, path: str) -> int:
        async with self.session.get(self._url(path)) as response:
            self._read(response.status, await response.text())
        return self.status

    async def post(self, path: str, data: list[tuple[str, str]]) -> int:
        async with self.session.post(self._url(path), data=data) as response:
            self._read(response.status, await response.text())
        return self.status

    # What the page shows ---------------------------------------------------------------------

    @property
    def heading(self) -> str:
        return self.page.headings[0] if self.page.headings else ""

    @property
    def text(self) -> str:
        lines = "".join(self.page.main_text).split("\n")
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())

    @property
    def alert(self) -> str:
        return " ".join(self.page.alerts)

    @property
    def labels(self) -> list[str]:
        """The buttons on the page itself (not the menu at the bottom)."""
        return [b.label for form in self.page.forms if form.in_main for b in form.buttons]

    @property
    def choices(self) -> list[str]:
        return [box.label for form in self.page.forms for box in form.checkboxes]

    @property
    def has_text_box(self) -> bool:
        return any(form.text for form in self.page.forms)

    def csrf(self) -> str:
        for form in self.page.forms:
            for item in form.hidden:
                if item.name == "csrf":
                    return item.value
        raise AssertionError(f"no form on this page:\n{self.text}")

    # Doing things ----------------------------------------------------------------------------

    async def press(self, label: str, *, ticked: list[str] | None = None, typed: str = "") -> int:
        """Press the button with this label (and send the form it sits in); the page's own
        buttons first, then the menu's."""
        for form in sorted(self.page.forms, key=lambda form: not form.in_main):
            for button in form.buttons:
                if button.label == label:
                    data = [(h.name, h.value) for h in form.hidden]
                    data += [
                        (box.name, box.value)
                        for box in form.checkboxes
                        if box.label in (ticked or [])
                    ]
                    if form.text:
                        data.append((form.text, typed))
                    if button.name:
                        data.append((button.name, button.value))
                    return await self.post(form.action, data)
        raise AssertionError(f"no button {label!r} in {self.labels}:\n{self.text}")

    async def type(self, text: str) -> int:
        """Type in the text box and press the first button of its form (as Enter does)."""
        for form in self.page.forms:
            if form.text:
                return await self.press(form.buttons[0].label, typed=text)
        raise AssertionError(f"no text box:\n{self.text}")

    async def tick(self, labels: list[str], done: str = "Klaar") -> int:
        return await self.press(done, ticked=labels)

    def transcript(self) -> str:
        return "\n---\n".join(self.history[-6:])


async def answer_everything(person: WebVisitor, variant: int, text: str | None = None) -> int:
    """Answer every question and submit, like `demo.respondent` does through the bot.

    Starts on the current question page; returns the number of steps taken.
    """
    for step in range(200):
        shown, labels = person.text, person.labels
        if "Je bent klaar!" in shown and "Versturen" in labels:
            await person.press("Versturen")
            assert person.status == 200 and "Dank je wel" in person.text, person.transcript()
            return step
        if person.choices:
            await person.tick([person.choices[variant % len(person.choices)]])
        else:
            move = answer(shown, labels, variant, text, text_box=person.has_text_box)
            assert move is not None, f"stuck at:\n{person.transcript()}"
            how, what = move
            await (person.type(what) if how == "type" else person.press(what))
        assert person.status == 200, person.transcript()
    raise AssertionError(f"did not finish:\n{person.transcript()}")


async def people_answer_in_browsers(
    settings: Settings,
    catalog: Catalog,
    store: Store,
    invites: Sequence[Invite],
    text: str,
) -> list[str]:
    """Each invite answered completely by its own person through the real web form, on a local
    server with the same store; returns what the first person saw, page by page."""
    from web.app import serving

    seen: list[str] = []
    async with serving(settings, catalog, store, port=0) as server:
        for number, invite in enumerate(invites):
            async with WebVisitor(server.url) as person:
                await person.open(f"/v/{invite.code}")
                await person.press("Ja, ik doe mee")
                await person.open("/v")
                await answer_everything(person, number + 1, text)
                if not seen:
                    seen = list(person.history)
    return seen
