"""The storage world: a round in March and April 2026 with two locations, in which a test makes
codes and people who answer (the store and the rich sample questionnaire, `store` and `rich`,
come from tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from questionnaires.model import AnswerValue, Questionnaire
from storage.identities import Chat
from storage.store import Response, Store

# The round runs in March and April 2026; "now" for invite checks is in the middle of it.
STARTS, ENDS = date(2026, 3, 1), date(2026, 4, 30)
AT = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
EXPIRES = datetime(2026, 4, 30, 23, 0, tzinfo=UTC)
CONSENT = "consent-v1"


@dataclass
class StoreWorld:
    store: Store
    questionnaire: Questionnaire
    round_id: int
    linde: int  # location ids
    anker: int

    async def code(
        self, role: str = "client", location: int | None = None, max_uses: int | None = 1
    ) -> str:
        [invite] = await self.store.create_invites(
            self.round_id, role, 1, EXPIRES, location, max_uses=max_uses
        )
        return invite.code

    async def start(self, chat_id: int, code: str) -> Response:
        response, problem = await self.store.start_response(
            Chat(chat_id), code, self.questionnaire, CONSENT, at=AT
        )
        assert problem is None and response is not None
        return response

    async def respond(
        self,
        chat_id: int,
        answers: dict[str, AnswerValue],
        *,
        location: int | None = None,
        role: str = "client",
        submit: bool = True,
    ) -> Response:
        """A participant who answers (None: skips) and by default submits."""
        response = await self.start(chat_id, await self.code(role, location))
        for question_id, value in answers.items():
            await self.store.save_answer(response.id, question_id, value, skipped=value is None)
        if submit:
            await self.store.submit_response(response.id, answers)
        return response

    async def count(self, sql: str, *params: object) -> int:
        row = await self.store.fetch_one(sql, params)
        assert row is not None
        return int(row[0])


@pytest.fixture
async def world(store: Store, rich: Questionnaire) -> StoreWorld:
    round_ = await store.create_round("Voorjaar 2026", 2026, STARTS, ENDS)
    linde = await store.add_location("De Linde")
    anker = await store.add_location("Het Anker")
    return StoreWorld(store, rich, round_.id, linde.id, anker.id)
