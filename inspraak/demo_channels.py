"""A few of the demo's people answer through the real channels: the bot on a local Bot API
server, and the web form in a browser; each leaves a transcript of what one of them saw."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from inspraak.settings import Settings
from questionnaires.model import Catalog, Kind
from storage.store import Round, Store

BOT_PEOPLE = (("client", 3), ("client", 4), ("naaste", 3), ("partner", 3))
# Others answer through the web form: one population in the report, whatever the channel.
WEB_PEOPLE = ("naaste", "client", "professional")


async def through_the_web(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, location_id: int, out: Path
) -> Path:
    """A few people answer in the web form on a local server; what the first one saw."""
    from inspraak.web_visitor import people_answer_in_browsers

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
    from inspraak.respondent import answer_everything
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
    from inspraak.respondent import answer_everything
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
