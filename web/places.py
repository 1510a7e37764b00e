"""Post/Redirect/Get for the participant form: every action (a POST) ends in a redirect to the
address of what it led to, so back, reload and forward only ever GET a page: no browser asks
to send a form again, and no action happens twice.

A page's address says what it shows: `/v/vraag/<question>` a question (the short hash the
conversation's buttons carry), `/v/overzicht` the overview before sending, `/v/welkom` the
personal link after consent, `/v/gepauzeerd` the link after pausing, `/v/bericht` what an
action said that is no question (thanks, erased, ...), `/v` the rest. What an action said
besides the page itself (why it was refused, the answer just stored, the text typed) is kept
as a `Result` for that address, per browser session, until its next action: a reload shows
the same page, going back shows the earlier question without it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from conversation.screens import Block, Place, Screen

HOME = "/v"
QUESTION = "/v/vraag/"
OVERVIEW = "/v/overzicht"
WELCOME = "/v/welkom"
PAUSED = "/v/gepauzeerd"
MESSAGE = "/v/bericht"
PAGES = ("vraag", "overzicht", "welkom", "gepauzeerd", "bericht")  # fixed parts under /v


def place_of(screen: Screen) -> str:
    """The address of a screen that shows where a participant is: a question, the overview,
    or (for anything else) `/v`."""
    if screen.place is Place.QUESTION and screen.key is not None:
        return QUESTION + screen.key
    if screen.review is not None:
        return OVERVIEW
    return HOME


@dataclass
class Result:
    """What an action said, for the page it redirected to."""

    path: str
    notice: str | None = None  # why it was refused (shown as an alert)
    note: Block | None = None  # what was just stored ("✓ Je antwoord: ...")
    typed: str = ""  # the text of a refused answer, to correct it
    earlier: list[Screen] = field(default_factory=list)  # shown above the page's own screen
    screens: list[Screen] = field(default_factory=list)  # a message page's own screens
    resume_url: str | None = None  # the personal link just made (welcome, paused)
    at: float = field(default_factory=time.monotonic)


class Results:
    """The result of each browser session's last action, kept for `keep_seconds` and for at
    most `most` sessions (the oldest forgotten first). Memory only: after a restart a page
    shows where the participant is, without the extras."""

    def __init__(self, keep_seconds: float = 30 * 60, most: int = 10_000) -> None:
        self.keep = keep_seconds
        self.most = most
        self._by_session: dict[str, Result] = {}

    def put(self, session: str, result: Result) -> None:
        self._by_session.pop(session, None)
        self._by_session[session] = result
        while len(self._by_session) > self.most:
            del self._by_session[next(iter(self._by_session))]

    def get(self, session: str, path: str) -> Result | None:
        """The result waiting for this page, if the session's last action led here."""
        found = self._by_session.get(session)
        if found is None or time.monotonic() - found.at > self.keep:
            return None
        return found if found.path == path else None

    def forget(self, session: str) -> None:
        self._by_session.pop(session, None)
