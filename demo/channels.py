"""A few of the demo's people answer through the real channels: the bot on a local Bot API
server, the web form in a browser, and WhatsApp on a local Cloud API; each leaves a transcript
of what one of them saw."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from questionnaires.model import Catalog, Kind
from settings import Settings
from storage.store import Round, Store

if TYPE_CHECKING:
    from localwhatsapp import Person, Sent

BOT_PEOPLE = (("client", 3), ("client", 4), ("naaste", 3), ("partner", 3))
# Others answer through the web form: one population in the report, whatever the channel.
WEB_PEOPLE = ("naaste", "client", "professional")


async def through_the_web(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, location_id: int, out: Path
) -> Path:
    """A few people answer in the web form on a local server; what the first one saw."""
    from demo.web_visitor import people_answer_in_browsers

    expires = datetime.combine(round_.ends_on, time(23, 59), tzinfo=UTC)
    invites = [
        (await store.create_invites(round_.id, role, 1, expires, location_id))[0]
        for role in WEB_PEOPLE
    ]
    pages = await people_answer_in_browsers(
        settings, catalog, store, invites, "Fijn dat ik het op mijn telefoon kon invullen."
    )
    path = out / "webformulier-naaste.txt"
    path.write_text("\n\n".join(pages) + "\n", encoding="utf-8")
    return path


async def through_the_bot(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, location_id: int, out: Path
) -> Path:
    """A few people answer through the real bot on a local Bot API server; one transcript."""
    from bot.app import build_application, running
    from demo.respondent import answer_everything
    from localbotapi import LocalBotApi

    async with LocalBotApi(username=settings.bot_username) as api:
        app = build_application(
            settings, catalog, base_url=api.base_url, token="1:DEMO", reminders_every=None
        )
        api.attach(app)
        async with running(app, store, poll_timeout=1):
            expires = datetime.combine(round_.ends_on, time(23, 59), tzinfo=UTC)
            transcript: list[str] = []
            for number, (role, variant) in enumerate(BOT_PEOPLE):
                [invite] = await store.create_invites(round_.id, role, 1, expires, location_id)
                person = api.user(900_000 + number, "Demo")
                record = None if transcript else transcript
                if record is not None:
                    record.append(f"> /start {invite.code}")
                    record += [m.view() for m in await person.command("start", invite.code)]
                    record.append("> [Ja, ik doe mee]")
                    record += [m.view() for m in await person.press("Ja, ik doe mee")]
                else:
                    await person.command("start", invite.code)
                    await person.press("Ja, ik doe mee")
                text = "Fijn dat er naar mij geluisterd wordt."
                await answer_everything(person, variant, text, record)
    path = out / "gesprek-client.txt"
    path.write_text("\n\n".join(transcript) + "\n", encoding="utf-8")
    return path


async def reflection_through_the_bot(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, out: Path
) -> Path | None:
    """A member of the cliëntenraad reads the results per pillar in the real bot and answers;
    the transcript shows what the reflection round looks like. None: no reflection round in
    these questionnaires."""
    if catalog.for_role("clientenraad", Kind.REFLECTION) is None:
        return None
    from bot.app import build_application, running
    from coordination.reports import results_maker
    from demo.respondent import answer_everything
    from localbotapi import LocalBotApi
    from localbotapi.terminal import render

    async with LocalBotApi(username=settings.bot_username) as api:
        app = build_application(
            settings,
            catalog,
            base_url=api.base_url,
            token="1:DEMO",
            reminders_every=None,
            results_maker=results_maker(settings, catalog),
        )
        api.attach(app)
        async with running(app, store, poll_timeout=1):
            expires = datetime.now(UTC) + timedelta(days=21)
            [invite] = await store.create_invites(
                round_.id, "clientenraad", 1, expires, kind="reflection"
            )
            person = api.user(910_000, "Raad")
            await person.command("start", invite.code)
            await person.press("Ja, ik doe mee")
            await answer_everything(person, 0, "Fijn dat de raad mag meekijken.")
            transcript = "\n\n".join(render(m, numbered=False) for m in person.messages)
    path = out / "gesprek-reflectie.txt"
    path.write_text(transcript + "\n", encoding="utf-8")
    return path


# A few answer through WhatsApp, on a local Cloud API (no Meta involved).
WHATSAPP_PEOPLE = (("client", 1), ("naaste", 2))
DEMO_WHATSAPP_NUMBER = "31201234567"  # a made-up business number for the demo's links


async def through_whatsapp(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, location_id: int, out: Path
) -> Path:
    """A few people answer through WhatsApp: the real webhook on a local web server, the local
    Cloud API as WhatsApp; what the first one saw on their phone."""
    from localwhatsapp import LocalCloudApi
    from web.app import default_sections, serving
    from whatsapp.client import CloudApi
    from whatsapp.webhook import section

    secret = "0123456789abcdef0123456789abcdef"
    async with LocalCloudApi(app_secret=secret, display_number=DEMO_WHATSAPP_NUMBER) as api:
        config = settings.model_copy(
            update={
                "whatsapp_token": api.token,
                "whatsapp_phone_number_id": api.phone_number_id,
                "whatsapp_phone_number": DEMO_WHATSAPP_NUMBER,
                "whatsapp_app_secret": secret,
                "whatsapp_verify_token": "demo-verify-token-0123",
                "whatsapp_api_url": api.base_url,
            }
        )
        client = CloudApi(api.base_url, api.phone_number_id, api.token, backoff=0.05)
        sections = [*default_sections(), section(client, reminders_every=None)]
        async with serving(config, catalog, store, port=0, sections=sections) as server:
            api.webhook_url = f"{server.url}/whatsapp"
            expires = datetime.combine(round_.ends_on, time(23, 59), tzinfo=UTC)
            transcript: list[str] = []
            for number, (role, variant) in enumerate(WHATSAPP_PEOPLE):
                [invite] = await store.create_invites(round_.id, role, 1, expires, location_id)
                person = api.person(f"3161234{number:04d}", "Demo")
                record = None if transcript else transcript
                await answer_on_whatsapp(person, invite.code, variant, record)
    path = out / "whatsapp-client.txt"
    path.write_text("\n\n".join(transcript) + "\n", encoding="utf-8")
    return path


async def answer_on_whatsapp(
    person: Person, code: str, variant: int, record: list[str] | None = None
) -> list[Sent]:
    """Join with the invite's message, consent, answer every question as `answering` says from
    what the phone shows, and send; `record` gets what the person did and saw. Returns the
    last messages (the thank-you)."""
    from demo.answering import answer

    def seen(did: str, replies: list[Sent]) -> list[Sent]:
        if record is not None:
            record.append(f"> {did}")
            record.extend(m.text + "".join(f"\n  [{c}]" for c in m.choices) for m in replies)
        return replies

    seen("(bericht)", await person.send_text(f"Hallo! Ik doe mee. Mijn code is {code}"))
    replies = seen("[Ja, ik doe mee]", await person.press("Ja, ik doe mee"))
    for step in range(120):
        last = replies[-1]
        if "Versturen" in last.choices:
            return seen("[Versturen]", await person.press("Versturen"))
        text = "Fijn dat het gewoon in WhatsApp kan."
        move = answer(last.text, last.choices, variant + step, text, text_box=_asks_text(last))
        if move is None:
            raise RuntimeError(f"nothing on the phone answers: {last.text[:80]!r}")
        kind, value = move
        if kind == "type":
            replies = seen(value, await person.send_text(value))
        elif "Klaar" in last.choices:  # several choices: pick one, then done
            await person.choose(value)
            replies = seen(f"[{value}] [Klaar]", await person.choose("Klaar"))
        else:
            replies = seen(f"[{value}]", await person.choose(value))
    raise RuntimeError("the questionnaire did not end")


def _asks_text(message: Sent) -> bool:
    return "Typ je antwoord" in message.text
