"""`inspraak demo`: a fresh database with two rounds of generated answers, then the report.

Everything goes through the real storage layer (invites, consent, answers, submit, quote
review), so the demo shows what a coordinator would get. Generated data is seeded, so every run
gives the same figures.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from coordination.reports import ExportKind, export_files, report_files, save_files
from demo.answers import CURRENT_PLAN, LOCATIONS, PREVIOUS_PLAN, Generator
from demo.channels import (
    BOT_PEOPLE,
    DEMO_WHATSAPP_NUMBER,
    WEB_PEOPLE,
    WHATSAPP_PEOPLE,
    reflection_through_the_bot,
    through_the_bot,
    through_the_web,
    through_whatsapp,
)
from demo.filler import Filler, review
from inspraak.errors import UserError
from questionnaires.model import Catalog
from report.document import Part
from report.invite_pack import write_invite_pack
from settings import Settings
from storage.store import Round, Store

SEED = 2026
DEMO_ORGANISATION = "Stichting Voorbeeld Wonen (demo)"


def fresh_database(out: Path, db: str | None) -> Path:
    """The demo database path, removed first if it is a previous demo's."""
    out.mkdir(parents=True, exist_ok=True)
    path = Path(db) if db else out / "demo.sqlite3"
    if path.exists():
        if path.resolve().parent != out.resolve():
            raise UserError(
                f"{path} already exists. The demo needs a fresh database: remove the file or "
                "choose another --db."
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


RoundDates = tuple[str, int, date, date]
SURVEY_OPENS = (9, 15)  # month, day: the surveys are open for six weeks from mid-September


def demo_rounds(today: date) -> tuple[RoundDates, RoundDates]:
    """Last calendar year's round and the one before, each the whole calendar year it feeds
    the kwaliteitsverslag of (ready by 31 May after): the coordinator writes the report in
    the spring, as a real one would."""
    year = today.year - 1
    return (
        (f"Jaarronde {year}", year, date(year, 1, 1), date(year, 12, 31)),
        (f"Jaarronde {year - 1}", year - 1, date(year - 1, 1, 1), date(year - 1, 12, 31)),
    )


def survey_opens(round_: Round) -> date:
    return date(round_.report_year, *SURVEY_OPENS)


async def _practice_invite(store: Store, today: date) -> tuple[Round, str]:
    """An open practice round with one code many people may use, to try the form by hand."""
    practice = await store.create_round(
        "Proberen (demo, niet in het verslag)", today.year, today, today + timedelta(days=30)
    )
    expires = datetime.combine(practice.ends_on, time(23, 59), tzinfo=UTC)
    [invite] = await store.create_invites(practice.id, "client", 1, expires, max_uses=None)
    return practice, invite.code


async def run_demo(settings: Settings, catalog: Catalog, out: Path, db: str | None) -> str:
    """Fill the demo database, write report and exports to `out`; returns a summary."""
    path = fresh_database(out, db)
    today = settings.local_date()  # the day the bot and web form see (the organisation's time zone)
    current_dates, previous_dates = demo_rounds(today)
    rng = random.Random(SEED)
    async with Store.open(path) as store:
        previous = await store.create_round(*previous_dates)
        current = await store.create_round(*current_dates)
        locations = [await store.add_location(name) for name in LOCATIONS]
        filler = Filler(store, catalog)
        await filler.fill(
            previous, PREVIOUS_PLAN, locations, Generator(rng, mood=0.35), survey_opens(previous)
        )
        await filler.fill(
            current, CURRENT_PLAN, locations, Generator(rng, mood=0.7), survey_opens(current)
        )
        # Peer experts log their contributions all year long.
        await filler.contribution_log(current, Generator(rng, mood=0.7), people=9)
        # A few answer through the real bot, web form and WhatsApp, which check that the round
        # is open today: for them it stays open until today, then gets its calendar year back.
        await store.set_round_dates(current.id, current.starts_on, today)
        open_now = await store.get_round(current.id) or current
        conversation = await through_the_bot(
            settings, catalog, store, open_now, locations[0].id, out
        )
        web_pages = await through_the_web(settings, catalog, store, open_now, locations[1].id, out)
        on_whatsapp = await through_whatsapp(
            settings, catalog, store, open_now, locations[2 % len(locations)].id, out
        )
        await store.set_round_dates(current.id, current.starts_on, current.ends_on)
        # The round closes; then the reflection round looks at its results.
        await store.close_round(current.id)
        current = await store.get_round(current.id) or current
        reflection = await reflection_through_the_bot(settings, catalog, store, current, out)
        await filler.reflection(current, Generator(rng, mood=0.7))
        approved = await review(store, catalog, current, rng)

        # The demo's own organisation name, for everything the report and exports show.
        shown_as = settings.model_copy(update={"organisation": DEMO_ORGANISATION})

        async def report(formats: list[str], section: Part) -> list[Path]:
            files = await report_files(
                store, catalog, current, formats, section, shown_as, actor="demo"
            )
            return save_files(files, out)

        async def exports(formats: list[str], kind: ExportKind) -> list[Path]:
            files = await export_files(
                store, catalog, current, formats, "demo", shown_as, kind=kind
            )
            return save_files(files, out / "export")

        report_paths = await report(["md", "html", "docx"], "all")
        art_paths = await report(["html"], "art")
        research_files = await exports(["csv", "xlsx", "fhir"], "research")
        public_files = await exports(["csv", "xlsx"], "public")
        counts = await store.response_counts(current.id)
        # Examples of invites (in the practice round, so the report's figures stay the same).
        practice, practice_code = await _practice_invite(store, today)
        sample = await store.create_invites(
            practice.id,
            "client",
            4,
            datetime.combine(practice.ends_on, time(23, 59), tzinfo=UTC),
            locations[0].id,
        )
        pack = write_invite_pack(
            sample,
            practice,
            settings.bot_username,
            "Stichting Voorbeeld Wonen",
            out / "invites",
            settings.web_url,
            whatsapp=settings.whatsapp_phone_number or DEMO_WHATSAPP_NUMBER,
        )
        audited = next(
            (
                d.get("disclosure_audit")
                for _, _, action, d in await store.audit_entries(20)
                if action == "report"
            ),
            None,
        )
    submitted = sum(c.submitted for c in counts)
    lines = [
        f"Demo database: {path}",
        f"Round {current.name!r}: {submitted} submitted responses, {approved} approved quotes; "
        f"previous round {previous.name!r} for comparison. Of every ten generated people, seven "
        "answer in the bot, two in the web form and one through WhatsApp.",
        f"{len(BOT_PEOPLE)} of them answered through the real bot on a local Bot API server; "
        f"what a client saw: {conversation}",
        f"{len(WEB_PEOPLE)} answered in the web form, same questions and storage, one "
        f"population in the report; what a naaste saw: {web_pages}",
        f"{len(WHATSAPP_PEOPLE)} answered through WhatsApp (the real webhook, a local Cloud API "
        f"as WhatsApp); what a client saw: {on_whatsapp}",
        f"After the round closed, the reflection round in the bot: {reflection}"
        if reflection
        else "(No reflection questionnaire: no reflection round.)",
        f"{audited}",
        "Report (input section):",
        *(f"  {p}" for p in report_paths),
        f"ART part on its own: {art_paths[0]}",
        "Research export (pseudonymised personal data, NOT anonymous; audit-logged):",
        *(f"  {p}" for p in research_files),
        "Public export (the report's audited figures):",
        *(f"  {p}" for p in public_files),
        f"Invite sheet example: {pack.sheet}",
        "Try the web form by hand (a practice round, not in the report):",
        f"  INSPRAAK_DB={path} .venv/bin/inspraak web",
        f"  then open {settings.web_url}/v/{practice_code}",
    ]
    return "\n".join(lines)
