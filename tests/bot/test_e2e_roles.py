"""Every shipped questionnaire, answered completely by a simulated person through the real bot."""

from __future__ import annotations

import pytest

from demo.respondent import answer_everything
from questionnaires.loader import load_catalog
from questionnaires.model import Kind
from storage.identities import Chat
from tests.bot.conftest import BotWorld
from tests.questionnaires.domain import in_domain

SHIPPED = load_catalog()
ROLES = sorted((q.role.value, q.kind.value) for q in SHIPPED.questionnaires.values())


@pytest.mark.parametrize(("role", "kind"), ROLES)
async def test_full_run_for_every_role(world: BotWorld, role: str, kind: str) -> None:
    questionnaire = next(
        q for q in SHIPPED.questionnaires.values() if q.role == role and q.kind == kind
    )
    for variant, user_id in enumerate((1000, 1001)):
        code = await world.invite(role, kind=kind)
        person = world.user(user_id + 10 * len(role) + (kind == Kind.CONTRIBUTION))
        await person.command("start", code)
        assert f"ongeveer {questionnaire.minutes} minuten" in person.last_text
        await person.press("Ja, ik doe mee")
        steps = await answer_everything(person, variant)
        assert steps >= 3
        finished = person.messages[-2].text + person.messages[-1].text
        assert "Dank je wel" in finished or "bijdrage is bewaard" in finished
        participant = await world.store.participant_for(Chat(person.id))
        assert participant is not None
        [response] = await world.store.responses_of(participant.id)
        assert response.status == "submitted"
        assert response.questionnaire_version == questionnaire.version
        answers = await world.store.answers_of(response.id)
        for question_id, answer in answers.items():
            question = questionnaire.question(question_id)
            assert question is not None
            assert answer.skipped or in_domain(question, answer.value), (question_id, answer)


async def test_peer_expert_logs_several_contributions(world: BotWorld) -> None:
    if SHIPPED.for_role("ervaringsdeskundige", Kind.CONTRIBUTION) is None:
        pytest.skip("no contribution questionnaire shipped")
    code = await world.invite("ervaringsdeskundige", kind="contribution", max_uses=None)
    peer = world.user(2000)
    await peer.command("start", code)
    await peer.press("Ja, ik doe mee")
    await answer_everything(peer, 0)
    await peer.command("bijdrage")
    await answer_everything(peer, 1)
    participant = await world.store.participant_for(Chat(2000))
    assert participant is not None
    responses = await world.store.responses_of(participant.id)
    assert [r.status for r in responses] == ["submitted", "submitted"]
    # Each /bijdrage entry is one recorded contribution: what the report's section counts.
    recorded = await world.store.contributions(responses[0].round_id)
    assert len(recorded) == 2
    log = SHIPPED.for_role("ervaringsdeskundige", Kind.CONTRIBUTION)
    assert log is not None
    kinds = {c.token for q in log.questions if q.records == "kind" for c in q.choices()}
    assert {c.kind for c in recorded} <= kinds
    assert all(c.yielded is None and c.obstacles is None for c in recorded)  # text: via review


async def test_coordinator_gets_the_report_as_files(world: BotWorld) -> None:
    for variant, user_id in enumerate(range(3000, 3006)):
        code = await world.invite("client")
        person = world.user(user_id)
        await person.command("start", code)
        await person.press("Ja, ik doe mee")
        await answer_everything(person, variant)
    stranger = world.user(3100)
    await stranger.command("rapport")
    assert "Geen toegang" in stranger.last_text and not stranger.documents
    coordinator = world.user(900)
    coordinator.timeout = 30.0  # the whole report with its charts, on a shared test machine
    await coordinator.command("rapport")
    names = sorted(doc.filename for doc in coordinator.documents)
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "html", "md"]
    markdown = next(d.content for d in coordinator.documents if d.filename.endswith(".md"))
    text = markdown.decode()
    assert "Verantwoording" in text
    assert "Antwoord 0: het contact" not in text  # free text only after approval
    assert "alleen goedgekeurde citaten" in coordinator.transcript(2)
    # The round is still open: the bot says the report is a tussenstand, and so does the report.
    assert "Dit is een tussenstand" in coordinator.last_text and "Tussenstand" in text
    audit = [entry[2] for entry in await world.store.audit_entries()]
    assert "report" in audit and "access_refused" in audit
