"""`inspraak demo`: a fresh database with two rounds of generated answers, then the report.

Everything goes through the real storage layer (invites, consent, answers, submit, quote
review), so the demo shows what a coordinator would get. Generated data is seeded, so every run
gives the same figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from coordination.reports import report_files, save_files
from inspraak.errors import UserError
from inspraak.settings import Settings
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import AnswerValue, Catalog, Kind, Question, Questionnaire, QuestionType
from report.aggregate import build_input_section
from report.document import Part
from report.exports import export
from report.invites import write_invite_pack
from report.quotes import approve, mask, reject, review_queue
from storage.contributions import record_contribution
from storage.counts import response_counts
from storage.identities import Chat
from storage.store import Location, Round, Store

SEED = 2026
CONSENT = "demo"
# (role, location index or None, responses) per round; small groups show suppression.
CURRENT_PLAN: tuple[tuple[str, int | None, int], ...] = (
    ("client", 0, 24),
    ("client", 1, 16),
    ("client", 2, 3),
    ("client", 3, 12),
    ("naaste", 0, 9),
    ("naaste", 1, 6),
    ("naaste", None, 3),
    ("ervaringsdeskundige", None, 7),
    ("partner", None, 4),
    ("professional", 0, 10),
    ("professional", 1, 8),
    ("professional", 3, 6),
)
PREVIOUS_PLAN: tuple[tuple[str, int | None, int], ...] = (
    ("client", 0, 20),
    ("client", 1, 12),
    ("client", 3, 9),
    ("naaste", None, 11),
    ("professional", None, 15),
)
LOCATIONS = ("De Linde", "Het Anker", "Zonnehof", "Ambulant team Noord")
# What people write, per free-text question, so every quote answers the question above it.
# A few carry contact details to show the masking.
TEXTS: dict[str, tuple[str, ...]] = {
    "client_goed": (
        "Mijn persoonlijk begeleider luistert goed. Dat wil ik zo houden.",
        "Ik heb een eigen kamer en een sleutel. Dat geeft rust.",
        "Samen koken op woensdag is gezellig.",
        "Ik mag zelf weten wanneer ik opsta.",
    ),
    "client_beter": (
        "Meer activiteiten in het weekend, dan is het hier erg stil.",
        "Dat mijn begeleider vaker op tijd komt.",
        "Bel mij gerust op 06-12345678, dan vertel ik meer.",
        "Meer rust op de gang in de avond.",
        "Ik woon op Kerkstraat 12 en daar is te weinig licht in de tuin.",
    ),
    "client_wens": (
        "Hulp bij het vinden van vrijwilligerswerk.",
        "Ik wil zelf meer beslissen over mijn geld.",
        "Volgend jaar wil ik een cursus koken doen.",
        "Meer contact met mijn zus.",
    ),
    "naaste_goed": (
        "Fijn dat ik mee mag praten over het plan van mijn zoon.",
        "De begeleiders zijn vriendelijk als ik op bezoek kom.",
    ),
    "naaste_beter": (
        "Ik word niet altijd gebeld als er iets is gebeurd.",
        "Een vaste contactpersoon zou helpen. Mail mij op ouder@voorbeeld.nl.",
    ),
    "naaste_wens": (
        "Meer uitleg over wat herstel betekent voor ons als familie.",
        "Een familieavond, twee keer per jaar.",
    ),
    "partner_goed": (
        "Korte lijnen met de huisartsenpraktijk, dat werkt.",
        "Het team belt snel terug als wij ons zorgen maken.",
    ),
    "partner_beter": (
        "De wijkagent weet niet altijd wie hij moet bellen.",
        "Bij afschalen horen wij het soms te laat.",
    ),
    "partner_wens": (
        "Een vast overleg met het wijkteam, eens per kwartaal.",
        "Eén telefoonnummer voor de avond en het weekend.",
    ),
    "prof_goed": (
        "Samen met naasten plannen maken werkt goed, dat willen we vaker doen.",
        "De ervaringsdeskundige in ons team helpt bij lastige gesprekken.",
    ),
    "prof_beter": (
        "Minder administratie, meer tijd voor gesprekken.",
        "Betere afspraken met de wijkteams over op- en afschalen.",
    ),
    "prof_wens": (
        "Scholing over ervaringskennis voor het hele team.",
        "Meer tijd om cliënten te helpen bij werk en dagbesteding.",
    ),
    "ed_goed": ("Teams vragen vaker om mee te denken. Dat is een goede ontwikkeling.",),
    "ed_beter": ("Ik word nog te laat betrokken bij nieuwe cliënten.",),
    "ed_wens": ("Een eigen overleg voor ervaringsdeskundigen van alle locaties.",),
    "ed_opbrengst_clienten": (
        "De herstelgroep loopt goed, cliënten komen steeds terug.",
        "Cliënten durven meer te vertellen over wat ze zelf willen.",
    ),
    "ed_opbrengst_voor_team": ("Het team praat anders over herstel, met meer hoop.",),
    "ed_opbrengst_organisatie": ("Het beleid over separeren is samen met ons herschreven.",),
    "ed_belemmeringen": ("Te weinig uren om bij alle teams te komen.",),
    "ed_activiteiten_anders": ("Een voorlichting op een school in de wijk.",),
    "edb_opbrengst": (
        "Twee cliënten gaan nu zelf naar de herstelgroep.",
        "Het team snapt beter waarom een vaste dag zo belangrijk is.",
        "Een moeder voelde zich voor het eerst gehoord.",
    ),
    "edb_belemmering": ("Er was geen ruimte vrij voor de groep.",),
}
# The reflection round, per pillar: what stands out, what must get better, what to keep.
REFLECTION_SAYS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ov": (
        ("Veel mensen willen meer doen in het weekend.", "Iedereen noemt de begeleider."),
        ("Zorg dat afspraken over op- en afschalen op papier staan.",),
        ("Dat we als cliëntenraad mee mogen kijken naar de uitkomsten.",),
    ),
    "p1": (
        (
            "Cliënten voelen zich veilig, maar niet iedereen voelt zich thuis.",
            "Een op de drie cliënten weet niets van de onafhankelijke cliëntondersteuner.",
        ),
        (
            "Vertel elke nieuwe cliënt over de onafhankelijke cliëntondersteuner.",
            "Meer invloed op het eigen plan.",
        ),
        ("De begeleiders luisteren goed. Dat moet zo blijven.",),
    ),
    "p2": (
        ("Naasten zijn positiever dan vorig jaar.",),
        ("Bel naasten meteen als er iets gebeurd is.",),
        ("Het familiegesprek bij de start.",),
    ),
    "p3": (
        ("Professionals willen meer tijd voor gesprekken.",),
        ("Minder papierwerk voor de teams.",),
        ("De ervaringsdeskundige in het team.",),
    ),
    "p4": (
        ("Partners weten niet altijd wie ze 's avonds kunnen bellen.",),
        ("Eén telefoonnummer voor partners in de avond en het weekend.",),
        ("Het korte contact met de huisartsen.",),
    ),
}
REFLECTION_PEOPLE = (
    ("clientenraad", 6),
    ("familieraad", 5),
    ("ervaringsdeskundige", 5),
    ("professional", 5),
)
for _short, (_opvalt, _beter, _houden) in REFLECTION_SAYS.items():
    TEXTS[f"refl_{_short}_opvalt"] = _opvalt
    TEXTS[f"refl_{_short}_beter"] = _beter
    TEXTS[f"refl_{_short}_houden"] = _houden
# For free-text questions of other questionnaires (an organisation's own definitions).
OTHER_TEXTS = (
    "Het is goed zo.",
    "Meer tijd voor een praatje.",
    "Duidelijke afspraken, en dat die ook doorgaan.",
    "Vaker samen iets ondernemen.",
    "Dat ik weet wie ik kan bellen als het niet goed gaat.",
    "Meer hulp bij geldzaken.",
    "De huiskamer is gezellig, dat moet zo blijven.",
    "Minder wisselingen in het team.",
    "Een vaste dag voor een gesprek met mijn begeleider.",
)


@dataclass
class _Generator:
    """Seeded answers that lean towards the positive side, as real surveys often do."""

    rng: random.Random
    mood: float  # 0 (negative) to 1 (positive) for this round

    def value(self, question: Question, role: str, round_: Round) -> AnswerValue:
        rng = self.rng
        if question.type is QuestionType.LIKERT:
            if rng.random() < 0.06:
                return "dont_know"
            weights = [1, 2, 3, 3 + 4 * self.mood, 1 + 4 * self.mood]
            return rng.choices([1, 2, 3, 4, 5], weights)[0]
        if question.type is QuestionType.YESNO:
            tokens = [c.token for c in question.choices()]
            weights = [0.4 + 0.4 * self.mood, 0.4 - 0.2 * self.mood, 0.1][: len(tokens)]
            return rng.choices(tokens, weights)[0]
        if question.records == "kind":  # most peer experts run groups and one-to-one talks
            tokens = [c.token for c in question.choices()]
            return rng.choice(tokens[:3] * 3 + tokens)
        if question.type is QuestionType.CHOICE:
            return rng.choice([c.token for c in question.choices()])
        if question.type is QuestionType.MULTI:
            tokens = [c.token for c in question.choices()]
            most = min(len(tokens), question.max or 3, 3)
            return rng.sample(tokens, rng.randint(1, most))
        if question.records == "people_reached":  # a group, a team meeting: a handful
            return rng.choice([1, 1, 2, 4, 6, 8, 10, 12])
        if question.type is QuestionType.NUMBER:
            low, high = question.min or 0, question.max or 10
            return int(rng.triangular(low, high, low + (high - low) * (0.5 + 0.3 * self.mood)))
        if question.type is QuestionType.DATE:
            span = max((min(round_.ends_on, date.today()) - round_.starts_on).days, 0)
            return (round_.starts_on + timedelta(days=rng.randint(0, span))).isoformat()
        if question.type is QuestionType.TEXT:
            return rng.choice(TEXTS.get(question.id, OTHER_TEXTS))
        return None

    def skip(self, question: Question) -> bool:
        """Whether this person skips this question (text questions often)."""
        if question.required or question.type is QuestionType.INFO:
            return False
        chance = 0.6 if question.type is QuestionType.TEXT else 0.05
        return self.rng.random() < chance


class _Filler:
    def __init__(self, store: Store, catalog: Catalog) -> None:
        self.store = store
        self.catalog = catalog
        self.chat_id = 900_000_000

    async def respond(
        self,
        round_: Round,
        questionnaire: Questionnaire,
        code: str,
        at: datetime,
        gen: _Generator,
        finish: bool = True,
        chat_id: int | None = None,
    ) -> int:
        """One person answers (a new person unless `chat_id` is given); returns the response."""
        if chat_id is None:
            self.chat_id += 1
            chat_id = self.chat_id
        response, problem = await self.store.start_response(
            Chat(chat_id), code, questionnaire, CONSENT, at=at
        )
        if response is None:
            raise RuntimeError(f"demo invite refused: {problem}")
        answers: dict[str, Answer] = {}
        for question in questionnaire.questions:
            visible = {q.id for q in engine.visible_questions(questionnaire, answers)}
            if question.id not in visible:
                continue
            if not question.answerable:
                answers[question.id] = Answer(None)
            elif gen.skip(question):
                answers[question.id] = Answer(None, skipped=True)
            else:
                answers[question.id] = Answer(gen.value(question, questionnaire.role, round_))
            if not finish and len(answers) > 3:
                break
        for question_id, answer in answers.items():
            await self.store.save_answer(response.id, question_id, answer.value, answer.skipped)
        if finish:
            keep = engine.effective_answers(questionnaire, answers)
            await self.store.submit_response(response.id, keep)
            # A logbook entry is recorded as a contribution, as the bot's /bijdrage does.
            values = {qid: answer.value for qid, answer in keep.items()}
            await record_contribution(self.store, response, questionnaire, values)
        return response.id

    async def fill(
        self,
        round_: Round,
        plan: tuple[tuple[str, int | None, int], ...],
        locations: list[Location],
        gen: _Generator,
    ) -> None:
        at = datetime.combine(round_.starts_on + timedelta(days=3), time(12), tzinfo=UTC)
        expires = datetime.combine(round_.ends_on, time(23, 59), tzinfo=UTC)
        for role, where, count in plan:
            questionnaire = self.catalog.for_role(role, Kind.SURVEY)
            if questionnaire is None:
                continue
            location_id = locations[where].id if where is not None else None
            unfinished = max(1, count // 6)
            # Single-use codes for clients and naasten, one team code for the others.
            if role in ("client", "naaste"):
                invites = await self.store.create_invites(
                    round_.id, role, count + unfinished + count // 3, expires, location_id
                )
                codes = [i.code for i in invites]
            else:
                team = await self.store.create_invites(
                    round_.id, role, 1, expires, location_id, max_uses=None
                )
                codes = [team[0].code] * (count + unfinished)
            for index in range(count + unfinished):
                await self.respond(
                    round_, questionnaire, codes[index], at, gen, finish=index < count
                )

    async def reflection(self, round_: Round, gen: _Generator) -> None:
        """After the round closed: councils, peer experts and a team reflect, each with a team
        code of their own (as `inspraak invite create --kind reflection` makes)."""
        at = datetime.now(UTC)
        for role, people in REFLECTION_PEOPLE:
            questionnaire = self.catalog.for_role(role, Kind.REFLECTION)
            if questionnaire is None:
                continue
            [invite] = await self.store.create_invites(
                round_.id, role, 1, at + timedelta(days=21), max_uses=None, kind="reflection"
            )
            for _ in range(people):
                await self.respond(round_, questionnaire, invite.code, at, gen)

    async def contribution_log(self, round_: Round, gen: _Generator, people: int) -> list[int]:
        """Each of `people` peer experts logs a few contributions with their own logbook code;
        returns the log's response ids."""
        questionnaire = self.catalog.for_role("ervaringsdeskundige", Kind.CONTRIBUTION)
        if questionnaire is None:
            return []
        at = datetime.combine(round_.starts_on + timedelta(days=3), time(12), tzinfo=UTC)
        expires = datetime.combine(round_.ends_on, time(23, 59), tzinfo=UTC)
        invites = await self.store.create_invites(
            round_.id, "ervaringsdeskundige", people, expires, max_uses=None, kind="contribution"
        )
        per_person = []
        for invite in invites:
            self.chat_id += 1
            person = self.chat_id
            per_person.append(
                [
                    await self.respond(round_, questionnaire, invite.code, at, gen, chat_id=person)
                    for _ in range(gen.rng.randint(3, 6))
                ]
            )
        # Interleaved, so the first few rows come from different people.
        return [rid for turn in zip(*per_person, strict=False) for rid in turn]


async def _review(store: Store, catalog: Catalog, round_: Round, rng: random.Random) -> int:
    """Approve some free-text answers (each text once), reject a few, leave the rest pending.
    Like a careful coordinator, the demo approves only answers that fit their question."""
    approved = 0
    seen: set[str] = set()
    for item in await review_queue(store, catalog, round_.id):
        draw = rng.random()
        fitting = {mask(text) for text in TEXTS.get(item.question_id, OTHER_TEXTS)}
        if item.text not in fitting:
            continue
        if item.text in seen:
            await reject(store, item, "demo")
        elif draw < 0.5:
            seen.add(item.text)
            await approve(store, item, "demo")
            approved += 1
        elif draw < 0.65:
            await reject(store, item, "demo")
    return approved


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


def season(day: date) -> str:
    return ("Winter", "Voorjaar", "Zomer", "Najaar")[(day.month % 12) // 3]


def demo_rounds(today: date) -> tuple[RoundDates, RoundDates]:
    """This year's round (six weeks up to today) and the same round a year earlier, each
    feeding the kwaliteitsverslag of the calendar year it ran in (ready by 31 May after)."""
    start = today - timedelta(days=42)
    before = start - timedelta(days=364)
    return (
        (f"{season(start)} {start.year}", start.year, start, today),
        (f"{season(before)} {before.year}", before.year, before, today - timedelta(days=364)),
    )


BOT_PEOPLE = (("client", 3), ("client", 4), ("naaste", 3), ("partner", 3))
# Others answer through the web form: one population in the report, whatever the channel.
WEB_PEOPLE = ("naaste", "client", "professional")


async def _through_the_web(
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


async def _practice_invite(store: Store, today: date) -> str:
    """An open practice round with one code many people may use, to try the form by hand."""
    practice = await store.create_round(
        "Proberen (demo, niet in het verslag)", today.year, today, today + timedelta(days=30)
    )
    expires = datetime.combine(practice.ends_on, time(23, 59), tzinfo=UTC)
    [invite] = await store.create_invites(practice.id, "client", 1, expires, max_uses=None)
    return invite.code


async def _through_the_bot(
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


async def _reflection_through_the_bot(
    settings: Settings, catalog: Catalog, store: Store, round_: Round, out: Path
) -> Path | None:
    """A member of the cliëntenraad reads the results per pillar in the real bot and answers;
    the transcript shows what the reflection round looks like. None: no reflection round in
    these questionnaires."""
    if catalog.for_role("clientenraad", Kind.REFLECTION) is None:
        return None
    from bot.app import build_application, running
    from inspraak.coordinator import results_maker
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


async def run_demo(settings: Settings, catalog: Catalog, out: Path, db: str | None) -> str:
    """Fill the demo database, write report and exports to `out`; returns a summary."""
    path = fresh_database(out, db)
    today = date.today()
    current_dates, previous_dates = demo_rounds(today)
    rng = random.Random(SEED)
    async with Store.open(path) as store:
        previous = await store.create_round(*previous_dates)
        current = await store.create_round(*current_dates)
        locations = [await store.add_location(name) for name in LOCATIONS]
        filler = _Filler(store, catalog)
        await filler.fill(previous, PREVIOUS_PLAN, locations, _Generator(rng, mood=0.35))
        await filler.fill(current, CURRENT_PLAN, locations, _Generator(rng, mood=0.7))
        await filler.contribution_log(current, _Generator(rng, mood=0.7), people=7)
        conversation = await _through_the_bot(
            settings, catalog, store, current, locations[0].id, out
        )
        web_pages = await _through_the_web(settings, catalog, store, current, locations[1].id, out)
        # The round closes; then the reflection round looks at its results.
        await store.close_round(current.id)
        current = await store.get_round(current.id) or current
        reflection = await _reflection_through_the_bot(settings, catalog, store, current, out)
        await filler.reflection(current, _Generator(rng, mood=0.7))
        approved = await _review(store, catalog, current, rng)

        async def report(formats: list[str], section: Part) -> list[Path]:
            files = await report_files(
                store,
                catalog,
                current,
                formats,
                section,
                min_group_size=settings.min_group_size,
                organisation="Stichting Voorbeeld Wonen (demo)",
                actor="demo",
            )
            return save_files(files, out)

        report_paths = await report(["md", "html", "docx"], "all")
        art_paths = await report(["html"], "art")
        export_files = await export(
            store,
            catalog,
            current,
            ("csv", "xlsx", "fhir"),
            out / "export",
            "demo",
            fhir_base=settings.fhir_base,
        )
        public_files = await export(
            store,
            catalog,
            current,
            ("csv", "xlsx"),
            out / "export",
            "demo",
            kind="public",
            section=await build_input_section(
                store,
                catalog,
                current,
                min_group_size=settings.min_group_size,
                organisation="Stichting Voorbeeld Wonen (demo)",
            ),
        )
        sample = await store.create_invites(
            current.id,
            "client",
            4,
            datetime.combine(current.ends_on, time(23, 59), tzinfo=UTC),
            locations[0].id,
        )
        pack = write_invite_pack(
            sample,
            current,
            settings.bot_username,
            "Stichting Voorbeeld Wonen",
            out / "invites",
            settings.web_url,
        )
        audited = next(
            (
                d.get("disclosure_audit")
                for _, _, action, d in await store.audit_entries(20)
                if action == "report"
            ),
            None,
        )
        counts = await response_counts(store, current.id)
        practice_code = await _practice_invite(store, today)
    submitted = sum(c.submitted for c in counts)
    lines = [
        f"Demo database: {path}",
        f"Round {current.name!r}: {submitted} submitted responses, {approved} approved quotes; "
        f"previous round {previous.name!r} for comparison.",
        f"{len(BOT_PEOPLE)} of them answered through the real bot on a local Bot API server; "
        f"what a client saw: {conversation}",
        f"{len(WEB_PEOPLE)} answered in the web form, same questions and storage, one "
        f"population in the report; what a naaste saw: {web_pages}",
        f"After the round closed, the reflection round in the bot: {reflection}"
        if reflection
        else "(No reflection questionnaire: no reflection round.)",
        f"{audited}",
        "Report (input section):",
        *(f"  {p}" for p in report_paths),
        f"ART part on its own: {art_paths[0]}",
        "Research export (pseudonymised personal data, NOT anonymous; audit-logged):",
        *(f"  {p}" for p in export_files),
        "Public export (the report's audited figures):",
        *(f"  {p}" for p in public_files),
        f"Invite sheet example: {pack.sheet}",
        "Try the web form by hand (a practice round, not in the report):",
        f"  INSPRAAK_DB={path} .venv/bin/inspraak web",
        f"  then open {settings.web_url}/v/{practice_code}",
    ]
    return "\n".join(lines)
