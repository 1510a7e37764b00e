"""The web form in a real browser: headless Chromium answers every role's questionnaire, pauses
and resumes, goes back and changes, erases, and tries bad input; axe-core checks every kind of
page (WCAG 2.1 A/AA) and screenshots at 390 px and 1280 px go to INSPRAAK_TEST_SCREENSHOTS."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.web.conftest import WebWorld
from tests.web.playwright_browser import (
    CHROMIUM,
    answer_everything,
    answer_page,
    axe_violations,
    chromium,
    describe,
    kind_of,
    phone,
    press,
    shoot,
    shown,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")

ROLES = [
    ("client", "survey"),
    ("naaste", "survey"),
    ("ervaringsdeskundige", "survey"),
    ("ervaringsdeskundige", "contribution"),
    ("partner", "survey"),
    ("professional", "survey"),
]


async def accessible(page: Page, name: str, *, screenshot: bool = True) -> None:
    """Zero axe-core violations on this page, and its screenshots."""
    violations = await axe_violations(page)
    assert not violations, f"{name}: {describe(violations)}"
    if screenshot:
        await shoot(page, name)


async def consent(page: Page, world: WebWorld, code: str) -> None:
    await page.goto(f"{world.url}/v/{code}")
    await press(page, "Ja, ik doe mee")
    assert "Bewaar je persoonlijke link" in (await shown(page)).heading
    await page.locator("main").get_by_role("link", name="Naar de vragen").click()
    await page.wait_for_load_state()


async def test_every_role_answers_completely(world: WebWorld) -> None:
    async with chromium() as browser:
        for number, (role, kind) in enumerate(ROLES):
            code = await world.invite(role, kind=kind)
            async with phone(browser) as context:
                page = await context.new_page()
                await consent(page, world, code)
                steps = await answer_everything(page, number)
                done = await shown(page)
                assert "Dank je wel" in done.text or "bijdrage is bewaard" in done.text, done.text
                assert steps > 5
    async with world.store.conn.execute(
        "SELECT role, count(*), sum(status = 'submitted') FROM responses GROUP BY role"
    ) as cursor:
        rows = {row[0]: (row[1], row[2]) for row in await cursor.fetchall()}
    assert rows == {
        "client": (1, 1),
        "naaste": (1, 1),
        "ervaringsdeskundige": (2, 2),
        "partner": (1, 1),
        "professional": (1, 1),
    }
    assert await world.count("web_sessions") == len(ROLES)
    assert await world.count("messaging_links") == 0


async def test_every_kind_of_page_is_accessible(world: WebWorld) -> None:
    """Consent, each kind of question, overview, thanks, my data, erase, help, code entry and
    error pages: zero axe-core violations, screenshots at both widths."""
    code = await world.invite("client")
    async with chromium() as browser, phone(browser) as context:
        page = await context.new_page()
        await page.goto(f"{world.url}/v")
        await accessible(page, "code-entry")
        await page.goto(f"{world.url}/v/{code}")
        await accessible(page, "consent")
        await press(page, "Ja, ik doe mee")
        await accessible(page, "welcome-resume-link")
        await page.goto(f"{world.url}/v")
        met: set[str] = set()
        for _ in range(60):
            now = await shown(page)
            kind = kind_of(now)
            if kind not in met:
                met.add(kind)
                await accessible(page, f"question-{kind}")
            if kind == "overview":
                break
            await answer_page(page, now, 0, "Het gaat goed.")
        assert met >= {"info", "choice", "multi", "text", "overview"}, met
        # The overview lists question, answer and 'Wijzig' per answer; change the first one.
        overview = page.locator("main ol.overzicht > li")
        assert await overview.count() >= 5
        first = await overview.nth(0).inner_text()
        assert "Iets veranderen" not in (await shown(page)).buttons
        await press(page, "Wijzig je antwoord op vraag 1")
        changing = await shown(page)
        assert changing.heading in first
        await answer_page(page, changing, 1, "Het gaat goed.")
        again = await shown(page)
        assert "Je bent klaar!" in again.text, again.text  # straight back to the overview
        assert first != await overview.nth(0).inner_text()  # with the new answer
        await press(page, "Versturen")
        assert "Dank je wel" in (await shown(page)).text
        await accessible(page, "thanks")
        await page.goto(f"{world.url}/v/mijn-gegevens")
        await accessible(page, "my-data")
        await page.goto(f"{world.url}/v/wissen")
        await accessible(page, "erase-confirm")
        await page.goto(f"{world.url}/v/uitleg")
        await accessible(page, "help")
        await page.goto(f"{world.url}/v/bestaat/niet/hoor")
        await accessible(page, "not-found", screenshot=False)
        await page.goto(f"{world.url}/v/{code}")
        await accessible(page, "used-code", screenshot=False)
        # English too.
        await page.locator("footer").get_by_role("button", name="English").click()
        await page.wait_for_load_state()
        assert await page.locator("html").get_attribute("lang") == "en"
        await page.goto(f"{world.url}/v/uitleg")
        assert "How it works" in (await shown(page)).text
        await accessible(page, "help-english")


async def test_pause_resume_back_change_and_erase(world: WebWorld) -> None:
    code = await world.invite("client")
    async with chromium() as browser:
        async with phone(browser) as first_phone:
            page = await first_phone.new_page()
            await consent(page, world, code)
            await press(page, "Verder »")
            first = await shown(page)
            assert first.buttons[0] != "Verder »"
            await press(page, first.buttons[0])
            second = await shown(page)
            assert f"✓ Je antwoord: {first.buttons[0]}" in second.text
            # Back: the first question again, showing the answer given; change it.
            await press(page, "« Terug")
            again = await shown(page)
            assert again.heading == first.heading
            assert f"Je antwoord: {first.buttons[0]}" in again.text
            await press(page, first.buttons[1])
            assert (await shown(page)).heading == second.heading
            # Same phone, later: the cookie brings them back where they were.
            await page.goto(f"{world.url}/v")
            assert (await shown(page)).heading == second.heading
            # Pause: a fresh personal link.
            await page.locator("footer").get_by_role("button", name="Pauzeren").click()
            await page.wait_for_load_state()
            paused = await shown(page)
            assert "Je antwoorden zijn bewaard" in paused.text
            link = await page.locator(".link-vak a").get_attribute("href")
            assert link is not None and "/v/terug/" in link
            await shoot(page, "paused")
        async with phone(browser) as laptop:
            page = await laptop.new_page()
            await page.goto(link)
            assert "Verder met je antwoorden" in (await shown(page)).heading
            await accessible(page, "resume-link")
            await press(page, "Ja, ga verder")
            assert (await shown(page)).heading == second.heading
            await answer_everything(page, 1)
            assert "Dank je wel" in (await shown(page)).text
            await page.goto(f"{world.url}/v/mijn-gegevens")
            mine = await shown(page)
            assert "Wat er over jou is bewaard" in mine.text and first.buttons[1] in mine.text
            assert "verstuurd" in mine.text
            await page.goto(f"{world.url}/v/wissen")
            await press(page, "Nee, niet wissen")
            assert "niets gewist" in (await shown(page)).text
            await page.goto(f"{world.url}/v/wissen")
            await press(page, "Ja, wis alles")
            assert "Alles is gewist" in (await shown(page)).text
            await shoot(page, "erased")
    for table in ("participants", "responses", "answers", "web_sessions", "resume_tokens"):
        assert await world.count(table) == 0, table


async def test_bad_input_changes_nothing_and_says_why(world: WebWorld) -> None:
    expired = await world.invite("client", days=-1)
    code = await world.invite("client")
    async with chromium() as browser:
        async with phone(browser) as context:
            page = await context.new_page()
            await page.goto(f"{world.url}/v/{expired}")
            assert "verlopen" in (await shown(page)).text
            await page.goto(f"{world.url}/v/onbestaand12")
            assert "ken ik niet" in (await shown(page)).alert
            # Typed from paper with spaces and capitals: still found.
            await page.goto(f"{world.url}/v")
            await page.fill("#code", " ".join(code[i : i + 4] for i in (0, 4, 8)).upper())
            await press(page, "Verder")
            assert "Doe je mee?" in (await shown(page)).text
            await press(page, "Ja, ik doe mee")
            await page.goto(f"{world.url}/v")
            await press(page, "Verder »")
            question = await shown(page)
            # A forged button: another response, another question: refused, nothing stored.
            answers_before = await world.count("answers")
            await page.evaluate(
                "() => { const b = document.querySelector('main form button.keuze');"
                " b.value = b.value.replace(/^a:\\d+:/, 'a:999:'); }"
            )
            await press(page, question.buttons[0])
            refused = await shown(page)
            assert refused.alert and refused.heading == question.heading
            await page.evaluate(
                "() => { const b = document.querySelector('main form button.keuze');"
                " b.value = 'a:1:deadbeef:0'; }"
            )
            await press(page, question.buttons[0])
            assert (await shown(page)).alert
            assert await world.count("answers") == answers_before
            # A replayed POST: the same form sent again after it was answered.
            await page.reload()
            sent = await page.evaluate(
                "() => Object.fromEntries([...document.querySelectorAll('main form [name]')]"
                ".filter(e => e.type !== 'submit' || e.classList.contains('keuze'))"
                ".map(e => [e.name, e.value]))"
            )
            await press(page, question.buttons[0])
            following = await shown(page)
            stored_before_replay = await world.count("answers")
            replayed = await page.request.post(f"{world.url}/v/actie", form=sent)
            assert replayed.status == 200 and "eerdere vraag" in await replayed.text()
            assert await world.count("answers") == stored_before_replay
            replay = await shown(page)
            # A form without its CSRF token: the friendly expired page, nothing changed.
            await page.evaluate("() => document.querySelector('main form [name=csrf]').remove()")
            await press(page, replay.buttons[0])
            assert "verlopen" in (await shown(page)).heading
            stored = await world.count("answers")
        # The single-use code in another browser (a begeleider who kept the card): it says
        # where to continue and opens nothing of the answers, not even under 'Mijn gegevens'.
        async with phone(browser) as other:
            page = await other.new_page()
            await page.goto(f"{world.url}/v/{code}")
            used = await shown(page)
            assert "al iemand begonnen" in used.text and not used.buttons
            assert following.heading not in used.text
            await shoot(page, "code-started-elsewhere")
            await page.goto(f"{world.url}/v/mijn-gegevens")
            mine = await shown(page)
            assert "geen antwoorden" in mine.text and question.buttons[0] not in mine.text
            await page.goto(f"{world.url}/v")
            assert "Je code" in (await shown(page)).text  # the code form: nothing open here
            # The first person's form, sent from here: changes nothing.
            await page.goto(f"{world.url}/v")
            token = await page.locator("main form [name=csrf]").first.get_attribute("value")
            forged = await page.request.post(
                f"{world.url}/v/actie", form={**sent, "csrf": token or ""}
            )
            assert forged.status == 200 and following.heading not in await forged.text()
    assert await world.count("answers") == stored
    assert await world.count("participants") == 1


async def test_works_without_javascript_and_reads_aloud_with_it(world: WebWorld) -> None:
    async with chromium() as browser:
        async with phone(browser, java_script_enabled=False) as context:
            page = await context.new_page()
            await consent(page, world, await world.invite("naaste"))
            assert not await page.locator("[data-leesvoor]").is_visible()
            await answer_everything(page, 2)
            assert "Dank je wel" in (await shown(page)).text
        async with phone(browser) as context:
            page = await context.new_page()
            await page.add_init_script(
                "window.__spoken = [];"
                "window.speechSynthesis.speak = u => window.__spoken.push([u.text, u.lang]);"
            )
            await consent(page, world, await world.invite("client"))
            button = page.locator("[data-leesvoor]")
            assert await button.is_visible() and await button.inner_text() == "Lees voor"
            await button.click()
            spoken = await page.evaluate("window.__spoken")
            heading = (await shown(page)).heading
            assert spoken and heading in spoken[0][0] and spoken[0][1] == "nl-NL"
            assert await button.get_attribute("aria-pressed") == "true"
            assert await button.inner_text() == "Stop met voorlezen"
            # At the end, reading aloud includes every question and answer of the overview.
            for _ in range(60):
                now = await shown(page)
                if kind_of(now) == "overview":
                    break
                await answer_page(page, now, 0, "Het gaat goed.")
            listed = page.locator("main ol.overzicht > li")
            questions = await listed.locator(".ov-vraag [data-voorlees]").all_inner_texts()
            answers = await listed.locator(".ov-antwoord [data-voorlees]").all_inner_texts()
            assert len(questions) == len(answers) >= 5
            await page.locator("[data-leesvoor]").click()
            read = (await page.evaluate("window.__spoken"))[-1][0]
            for question, answer in zip(questions, answers, strict=True):
                assert f"{question.strip()}. \n{answer.strip()}" in read


async def test_a_closed_round_takes_no_more_answers(world: WebWorld) -> None:
    code = await world.invite("client", max_uses=None)
    async with chromium() as browser, phone(browser) as context:
        page = await context.new_page()
        await consent(page, world, code)
        [round_] = await world.store.list_rounds()
        await world.store.close_round(round_.id)
        await page.goto(f"{world.url}/v")
        assert "geen vragenlijst openstaan" in (await shown(page)).text
        await page.goto(f"{world.url}/v/{code}")
        assert "gesloten" in (await shown(page)).text


async def test_back_reload_and_forward_are_ordinary_pages(world: WebWorld) -> None:
    """After every answer: reload shows the same page and sends nothing again; the browser's
    own back button shows the question just answered (never 'Confirm Form Resubmission');
    forward returns. Once, an answer is changed on the page gone back to."""
    code = await world.invite("client")
    async with chromium() as browser, phone(browser) as context:
        page = await context.new_page()
        await consent(page, world, code)
        changed = False
        last = None
        for step in range(60):
            before = await shown(page)
            if kind_of(before) == "overview":
                break
            last = before
            await answer_page(page, before, 0, "Het gaat goed.")
            now = await shown(page)
            assert not now.alert and now.heading != before.heading, now.text
            stored = await world.count("answers")
            await page.reload()
            assert (await shown(page)).heading == now.heading
            assert await world.count("answers") == stored
            went = await page.go_back()
            assert went is not None and went.ok, step
            back = await shown(page)
            assert back.heading == before.heading and not back.alert, (step, back.text)
            if step == 0:
                await shoot(page, "back-button")
            if not changed and kind_of(back) == "choice" and len(back.buttons) > 2:
                # Another answer on the page gone back to: stored, and on to where they were.
                await answer_page(page, back, 1, "Het gaat goed.")
                assert (await shown(page)).heading == now.heading
                assert await world.count("answers") == stored
                changed = True
                continue
            went = await page.go_forward()
            assert went is not None and went.ok, step
            assert (await shown(page)).heading == now.heading, step
        assert changed and last is not None
        # Back from the overview: the last question; forward: the overview again.
        await page.go_back()
        assert (await shown(page)).heading == last.heading
        await page.go_forward()
        assert kind_of(await shown(page)) == "overview"
        await press(page, "Versturen")
        thanks = await shown(page)
        assert "Dank je wel" in thanks.text
        await page.reload()
        assert "Dank je wel" in (await shown(page)).text
        went = await page.go_back()  # the overview's address: the path has ended
        assert went is not None and went.ok
        after_sending = await shown(page)
        assert "al verstuurd" in after_sending.text and not after_sending.alert
        await shoot(page, "back-after-sending")
    async with world.store.conn.execute("SELECT status FROM responses") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == ["submitted"]
