"""Retention: chat ids and unfinished answers of rounds long over go; submitted answers stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from questionnaires.model import Questionnaire
from storage.identities import Browser, Chat, WhatsApp
from storage.retention import RetentionResult
from storage.store import Store

NOW = datetime.now(UTC)
CUTOFF = NOW - timedelta(days=90)
TABLES = (
    "messaging_links",
    "whatsapp_links",
    "web_sessions",
    "resume_tokens",
    "participants",
    "responses",
)


async def counts(store: Store) -> dict[str, int]:
    result = {}
    for table in (*TABLES, "answers"):
        row = await store.fetch_one(f"SELECT count(*) FROM {table}")
        assert row is not None
        result[table] = int(row[0])
    return result


async def submitted_answers(store: Store) -> list[tuple[int, str, str]]:
    rows = await store.fetch_all(
        "SELECT responses.id, question_id, value FROM answers JOIN responses "
        "ON responses.id = answers.response_id WHERE status = 'submitted' ORDER BY 1, 2"
    )
    return [(r[0], r[1], r[2]) for r in rows]


async def answer(
    store: Store, questionnaire: Questionnaire, round_id: int, chat_id: int, *, submit: bool
) -> int:
    round_ = await store.get_round(round_id)
    assert round_ is not None
    at = datetime.combine(round_.starts_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    [invite] = await store.create_invites(round_id, "client", 1, at + timedelta(days=1))
    response, problem = await store.start_response(
        Chat(chat_id), invite.code, questionnaire, "v1", at=at
    )
    assert problem is None and response is not None
    await store.save_answer(response.id, "r_thuis", 4)
    await store.save_answer(response.id, "r_buurt", "yes")
    if submit:
        await store.submit_response(response.id, ["r_thuis", "r_buurt"])
    return response.participant_id


async def test_retention(store: Store, rich: Questionnaire) -> None:
    today = NOW.date()
    old = await store.create_round("Oud", 2025, date(2025, 3, 1), date(2099, 4, 30))
    ended = await store.create_round(  # over for more than 90 days without being closed
        "Voorbij", 2025, today - timedelta(days=150), today - timedelta(days=100)
    )
    recent = await store.create_round(  # closed only 10 days ago: kept
        "Recent", 2026, today - timedelta(days=60), today + timedelta(days=30)
    )
    running = await store.create_round(
        "Lopend", 2026, today - timedelta(days=5), today + timedelta(days=60)
    )
    await answer(store, rich, old.id, 1001, submit=True)
    unfinished = await answer(store, rich, old.id, 1002, submit=False)
    assert await store.link_identity(Browser.from_token("cookie-1002"), unfinished)
    await store.new_resume_token(unfinished)
    assert await store.link_identity(WhatsApp("31612345678"), unfinished)
    both = await answer(store, rich, old.id, 1003, submit=True)
    assert await answer(store, rich, running.id, 1003, submit=False) == both
    await answer(store, rich, ended.id, 1005, submit=False)
    await answer(store, rich, recent.id, 1004, submit=False)
    for round_id, days in ((old.id, 200), (recent.id, 10)):  # closed early, that long ago
        await store.conn.execute(
            "UPDATE rounds SET closed_at = ? WHERE id = ?",
            ((NOW - timedelta(days=days)).isoformat(timespec="seconds"), round_id),
        )
    for who in (Chat(1001), WhatsApp("31612345678"), Chat(1003), Chat(1004)):
        await store.claim_delivery(who, 7)  # a message handled for each, its reply owed
    before, kept_answers = await counts(store), await submitted_answers(store)

    dry = await store.apply_retention(CUTOFF, dry_run=True)
    expected = RetentionResult(
        rounds=("Oud", "Voorbij"),
        messaging_links=3,  # 1001, 1002, 1005; not 1003 (a running round), not 1004
        web_sessions=1,
        resume_tokens=1,
        unfinished_responses=2,  # 1002 in Oud, 1005 in Voorbij
        answers=4,
        participants=2,  # 1002 and 1005 have nothing left
        applied=False,
        whatsapp_links=1,  # 1002 answered through WhatsApp too
    )
    assert dry == expected
    assert await counts(store) == before  # a dry run changes nothing
    assert await store.owed_replies(WhatsApp) == [WhatsApp("31612345678")]
    assert not [e for e in await store.audit_entries() if e[2] == "retention"]

    done = await store.apply_retention(CUTOFF)
    assert done == RetentionResult(**{**expected.__dict__, "applied": True})
    after = await counts(store)
    assert {t: before[t] - after[t] for t in after} == {
        "messaging_links": 3,
        "whatsapp_links": 1,
        "web_sessions": 1,
        "resume_tokens": 1,
        "participants": 2,
        "responses": 2,
        "answers": 4,
    }
    assert await submitted_answers(store) == kept_answers  # what reports rest on stays
    # The record of their messages goes with the links: nothing owed, nothing recognised.
    assert await store.owed_replies(Chat) == [Chat(1003), Chat(1004)]
    assert await store.owed_replies(WhatsApp) == []
    rows = await store.fetch_all("SELECT channel FROM handled_deliveries")
    assert [row[0] for row in rows] == ["telegram", "telegram"]
    assert await store.participant_for(Chat(1001)) is None
    assert await store.participant_for(Browser.from_token("cookie-1002")) is None
    kept = await store.participant_for(Chat(1003))
    assert kept is not None and kept.id == both
    assert await store.participant_for(Chat(1004)) is not None
    [entry] = [e for e in await store.audit_entries() if e[2] == "retention"]
    assert entry[1:] == (
        "operator",
        "retention",
        {
            "over_before": CUTOFF.date().isoformat(),
            "messaging_links": 3,
            "whatsapp_links": 1,
            "web_sessions": 1,
            "resume_tokens": 1,
            "unfinished_responses": 2,
            "answers": 4,
            "participants": 2,
        },
    )

    again = await store.apply_retention(CUTOFF)
    assert again.nothing and again.rounds == ("Oud", "Voorbij") and again.applied
    assert len([e for e in await store.audit_entries() if e[2] == "retention"]) == 1
    assert await counts(store) == after
