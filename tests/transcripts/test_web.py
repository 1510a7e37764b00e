"""Every role's whole path in the web form over HTTP, read as a person reads the pages.

The person agrees, answers, sends an old form again (a stale button), goes back, pauses and
continues on another device with the personal link, changes an answer from the overview,
hands in, and comes back twice. Every page is recorded as heading, text and the buttons on the
page itself; the path ends on a thank-you with no answer buttons, and coming back shows a short
word on what they can still do. Compared with the reviewed transcript in this folder.
"""

from __future__ import annotations

import re

import pytest

from demo.answering import answer
from demo.web_visitor import WebVisitor
from tests.transcripts.transcript import Transcript
from tests.web.conftest import WebWorld

ROLES = ["client", "naaste", "ervaringsdeskundige", "partner", "professional"]
LINK = re.compile(r"/v/terug/[A-Za-z0-9_-]+")
ORIGIN = re.compile(r"http://127\.0\.0\.1:\d+")


class WebWalk:
    """A person's pages in the web form, each written to the transcript as it reads."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    def seen(self, action: str, person: WebVisitor) -> None:
        assert person.status < 400, person.transcript()
        text = ORIGIN.sub("<web>", LINK.sub("/v/terug/<link>", person.text))
        page = [f"# {person.heading}", text]
        if person.choices:
            page.append("  ".join(f"[ ] {label}" for label in person.choices))
        if person.labels:
            page.append("  ".join(f"[{label}]" for label in person.labels))
        self.transcript.step(action, page)


async def answer_one(walk: WebWalk, person: WebVisitor, step: int) -> None:
    if person.choices:
        picked = person.choices[step % len(person.choices)]
        await person.tick([picked])
        walk.seen(f"[x] {picked} [Klaar]", person)
        return
    move = answer(person.text, person.labels, step, None, text_box=person.has_text_box)
    assert move is not None, person.transcript()
    how, what = move
    await (person.type(what) if how == "type" else person.press(what))
    walk.seen(what if how == "type" else f"[{what}]", person)


@pytest.mark.parametrize("role", ROLES)
async def test_a_whole_path_in_the_web_form(web: WebWorld, role: str) -> None:
    kind = "contribution" if role == "ervaringsdeskundige" else "survey"
    code = await web.invite(role, kind=kind)
    walk = WebWalk(Transcript(f"web_{role}"))
    async with WebVisitor(web.url) as phone, WebVisitor(web.url) as laptop:
        await phone.open(f"/v/{code}")
        walk.seen("open de link uit de uitnodiging", phone)
        await phone.press("Ja, ik doe mee")
        walk.seen("[Ja, ik doe mee]", phone)
        await phone.open("/v")
        walk.seen("naar de vragen", phone)
        person, stale, went_back, paused = phone, False, False, False
        for step in range(200):
            if "Je bent klaar!" in person.text:
                break
            if step == 2 and not stale and person.labels:
                stale = True
                form = [(field.name, field.value) for f in person.page.forms for field in f.hidden]
                old = [*form, ("knop", _value(person, person.labels[0]))]
                await answer_one(walk, person, step)
                await person.post("/v/actie", old)  # the same form once more
                walk.seen("hetzelfde formulier nog een keer", person)
                continue
            await answer_one(walk, person, step)
            if step == 4 and not went_back and "« Terug" in person.labels:
                went_back = True
                await person.press("« Terug")
                walk.seen("[« Terug]", person)
            if step == 6 and not paused:
                paused = True
                await person.press("Pauzeren")
                walk.seen("[Pauzeren]", person)
                found = LINK.search(person.html)
                assert found is not None, person.text
                await laptop.open(found.group(0))
                walk.seen("op de laptop: de persoonlijke link", laptop)
                await laptop.press("Ja, ga verder")
                walk.seen("[Ja, ga verder]", laptop)
                person = laptop
        else:
            raise AssertionError(f"did not reach the overview:\n{person.transcript()}")
        await person.press("Wijzig je antwoord op vraag 1")
        walk.seen("[Wijzig] bij het eerste antwoord", person)
        for step in range(1, 50):
            if "Je bent klaar!" in person.text:
                break
            await answer_one(walk, person, step)
        await person.press("Versturen")
        walk.seen("[Versturen]", person)

        # The end: a thank-you with nothing left to answer, also when they come back.
        assert "Dank je wel" in person.text or "bijdrage is bewaard" in person.text
        onward = {"Nog een bijdrage"}  # a peer expert may log another contribution
        assert set(person.labels) <= onward and not person.choices and not person.has_text_box
        for _ in range(2):
            await person.open("/v")
            walk.seen("later nog eens naar de vragen", person)
            assert "al verstuurd" in person.text and set(person.labels) <= onward
    walk.transcript.compare()


def _value(person: WebVisitor, label: str) -> str:
    for form in person.page.forms:
        for button in form.buttons:
            if button.label == label:
                return button.value
    raise AssertionError(label)
