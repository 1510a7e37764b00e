"""The demo's generated people answer through the real storage layer (invites, consent,
answers, submit), and a careful coordinator reviews their quotes."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from demo.answers import REFLECTION_PEOPLE, Generator, fitting_texts
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import Catalog, Kind, Questionnaire
from report.quotes import approve, mask, reject, review_queue
from storage.identities import Browser, Chat, WhatsApp, Who
from storage.store import Location, Round, Store

CONSENT = "demo"
# Of every ten generated people, these answer in the web form and this one through WhatsApp; the
# others in the Telegram bot. The report counts each channel's people (at least k each).
WEB_OF_TEN = (3, 7)
WHATSAPP_OF_TEN = (5,)


class Filler:
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
        gen: Generator,
        finish: bool = True,
        who: Who | None = None,
        role: str | None = None,
    ) -> int:
        """One person answers (a new person in the bot unless `who` is given) as `role`
        (default: the questionnaire's own, e.g. a council for the reflection round); returns
        the response."""
        response, problem = await self.store.start_response(
            who or self.new_person(), code, questionnaire, CONSENT, at=at
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
                answers[question.id] = Answer(
                    gen.value(question, role or questionnaire.role, round_)
                )
            if not finish and len(answers) > 3:
                break
        for question_id, answer in answers.items():
            await self.store.save_answer(response.id, question_id, answer.value, answer.skipped)
        if finish:
            keep = engine.effective_answers(questionnaire, answers)
            await self.store.submit_response(response.id, keep)
            # A logbook entry is recorded as a contribution, as the bot's /bijdrage does.
            values = {qid: answer.value for qid, answer in keep.items()}
            await self.store.record_contribution(response, questionnaire, values)
        return response.id

    def new_person(self, channel: str = "telegram") -> Who:
        """Someone new on `channel`: a Telegram chat, a browser or a WhatsApp number."""
        self.chat_id += 1
        if channel == "web":
            return Browser.from_token(f"demo-browser-{self.chat_id}")
        if channel == "whatsapp":
            return WhatsApp(f"31{self.chat_id}")
        return Chat(self.chat_id)

    async def fill(
        self,
        round_: Round,
        plan: tuple[tuple[str, int | None, int], ...],
        locations: list[Location],
        gen: Generator,
        opens: date,
        weeks: int = 6,
    ) -> None:
        """The surveys of `plan`, answered in the `weeks` from `opens` (the codes expire
        then), within the round."""
        expires = datetime.combine(opens + timedelta(weeks=weeks), time(23, 59), tzinfo=UTC)
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
                day = opens + timedelta(days=gen.rng.randrange(weeks * 7))
                at = datetime.combine(day, time(12), tzinfo=UTC)
                channel = (
                    "web"
                    if index % 10 in WEB_OF_TEN
                    else "whatsapp"
                    if index % 10 in WHATSAPP_OF_TEN
                    else "telegram"
                )
                await self.respond(
                    round_,
                    questionnaire,
                    codes[index],
                    at,
                    gen,
                    finish=index < count,
                    who=self.new_person(channel),
                )

    async def reflection(self, round_: Round, gen: Generator) -> None:
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
                await self.respond(round_, questionnaire, invite.code, at, gen, role=role)

    async def contribution_log(self, round_: Round, gen: Generator, people: int) -> list[int]:
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
            person = self.new_person()
            per_person.append(
                [
                    await self.respond(round_, questionnaire, invite.code, at, gen, who=person)
                    for _ in range(gen.rng.randint(4, 8))
                ]
            )
        # Interleaved, so the first few rows come from different people.
        return [rid for turn in zip(*per_person, strict=False) for rid in turn]


async def review(store: Store, catalog: Catalog, round_: Round, rng: random.Random) -> int:
    """Approve some free-text answers (each text once), reject a few, leave the rest pending.
    Like a careful coordinator, the demo approves only answers that fit their question, and
    every fitting answer of the reflection round (the groups wrote them for the report)."""
    approved = 0
    seen: set[str] = set()
    reflection = {
        q.id
        for qn in catalog.questionnaires.values()
        if qn.kind is Kind.REFLECTION
        for q in qn.questions
    }
    for item in await review_queue(store, catalog, round_.id):
        draw = 0.0 if item.question_id in reflection else rng.random()
        fitting = {mask(text) for text in fitting_texts(item.question_id)}
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
