"""The FHIR export: valid R4 structure (checked by `fhir.resources`), the invariants we can
break (checked in tests/report/fhir_rules.py), canonical URLs under the configured base."""

import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import AnswerValue, Catalog, Question, Questionnaire, QuestionType
from report.fhir import FhirNames, fhir_bundle, fhir_questionnaire
from report.research import ResearchRow, research_rows
from storage.store import Round
from tests.report.conftest import Seeded
from tests.report.fhir_rules import bundle_problems, questionnaire_problems

BASE = "https://zorg.example.nl/fhir/"


async def seeded_bundle(seeded: Seeded) -> dict[str, Any]:
    rows = research_rows(seeded.store, seeded.catalog, seeded.current.id)
    return await fhir_bundle(rows, seeded.catalog, seeded.current, BASE)


async def test_bundle_is_valid_r4_and_keeps_the_invariants(seeded: Seeded) -> None:
    bundle = await seeded_bundle(seeded)
    Bundle.model_validate(bundle)  # raises on any structural or cardinality error
    assert bundle_problems(bundle) == []
    assert bundle["type"] == "collection" and "total" not in bundle
    text = json.dumps(bundle)
    assert "urn:" not in text
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert all(url.startswith("https://zorg.example.nl/fhir/") for url in urls)
    assert "//Questionnaire" not in text  # the trailing slash of the base is not doubled


async def test_bundle_content(seeded: Seeded) -> None:
    bundle = await seeded_bundle(seeded)
    resources = [e["resource"] for e in bundle["entry"]]
    questionnaires = [r for r in resources if r["resourceType"] == "Questionnaire"]
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    assert len(questionnaires) == 6 and len(responses) == 18 + 3 + 6 + 5 + 2 + 7
    client = next(q for q in questionnaires if q["id"] == "client")
    assert client["url"] == "https://zorg.example.nl/fhir/Questionnaire/client"
    assert client["name"] == "Client"
    thuis = next(i for i in client["item"] if i["linkId"] == "c_thuis")
    assert thuis["type"] == "choice" and len(thuis["answerOption"]) == 7
    doen = next(i for i in client["item"] if i["linkId"] == "c_doen")
    assert doen["repeats"] is True
    first = next(
        r for r in responses if r["questionnaire"] == f"{client['url']}|{client['version']}"
    )
    assert first["status"] == "completed"
    # Stored in another order (the primary key sorts question ids); exported in the
    # questionnaire's order, free text left out.
    assert [i["linkId"] for i in first["item"]] == [
        "c_thuis",
        "c_steun",
        "c_doen",
        "c_cijfer",
        "c_klacht",
    ]
    items = {i["linkId"]: i["answer"] for i in first["item"]}
    assert items["c_thuis"][0]["valueCoding"] == {
        "system": "https://zorg.example.nl/fhir/CodeSystem/c_thuis",
        "code": "5",
        "display": "Helemaal eens",
    }
    assert items["c_cijfer"] == [{"valueInteger": 8}]
    assert [a["valueCoding"]["code"] for a in items["c_doen"]] == ["sport", "koken"]
    location = "https://zorg.example.nl/fhir/StructureDefinition/location"
    assert {"url": location, "valueString": "De Linde"} in first["extension"]
    assert len(first["authored"]) == 10  # the date only, as in the CSV


def _value_for(question: Question) -> AnswerValue:
    if question.type is QuestionType.NUMBER:
        return question.min if question.min is not None else 1
    if question.type is QuestionType.DATE:
        return "2026-03-01"
    if question.type is QuestionType.MULTI:
        return [c.token for c in question.choices()[:2]]
    if question.has_buttons:
        # The last real option: "no" for yes/no, the highest agreement, a later option.
        tokens = [c.token for c in question.choices() if c.token not in ("dont_know", "no_answer")]
        return int(tokens[-1]) if tokens[-1].isdigit() else tokens[-1]
    return "vrije tekst"


def answered_rows(questionnaire: Questionnaire, response_id: int) -> list[ResearchRow]:
    """Answer every question the engine shows, in the bot's way, as export rows."""
    answers: dict[str, Answer] = {}
    while (question := engine.next_question(questionnaire, answers)) is not None:
        value = None if question.type is QuestionType.INFO else _value_for(question)
        answers[question.id] = Answer(value)
    return [
        ResearchRow(
            f"x-{response_id}",
            f"a-{response_id}",
            questionnaire.role,
            None,
            questionnaire.id,
            questionnaire.version,
            "submitted",
            qid,
            answer.value,
            False,
            "2026-03-02",
        )
        for qid, answer in answers.items()
        if answer.value is not None and questionnaire.question(qid).type is not QuestionType.TEXT  # type: ignore[union-attr]
    ]


async def _iterate(rows: list[ResearchRow]) -> AsyncIterator[ResearchRow]:
    for row in rows:
        yield row


async def test_shipped_questionnaires_export_valid_fhir(catalog: Catalog) -> None:
    rows = [
        row
        for number, qn in enumerate(catalog.questionnaires.values(), 1)
        for row in answered_rows(qn, number)
    ]
    round_ = Round(
        1,
        "Inspraak 2026",
        2026,
        datetime(2026, 1, 1).date(),
        datetime(2026, 12, 31).date(),
        None,
        None,
    )
    bundle = await fhir_bundle(
        _iterate(rows), catalog, round_, BASE, at=datetime(2026, 3, 3, tzinfo=UTC)
    )
    Bundle.model_validate(bundle)
    assert bundle_problems(bundle) == []
    conditional = [
        item
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Questionnaire"
        for item in entry["resource"]["item"]
        if "enableWhen" in item
    ]
    # Every show_if of the shipped questionnaires became an enableWhen.
    shown_if = [q for qn in catalog.questionnaires.values() for q in qn.questions if q.show_if]
    assert len(conditional) == len(shown_if) > 0
    responses = [e["resource"] for e in bundle["entry"][len(catalog.questionnaires) :]]
    # One response per questionnaire with something besides free text (the reflection round
    # has only free text, which exports leave out).
    assert len(responses) == sum(
        1 for qn in catalog.questionnaires.values() if answered_rows(qn, 0)
    )


def test_the_rules_catch_what_they_claim(catalog: Catalog) -> None:
    names = FhirNames(BASE)
    questionnaire = fhir_questionnaire(catalog.questionnaires["client"], names)
    assert questionnaire_problems(questionnaire) == []
    broken = copy.deepcopy(questionnaire)
    broken["name"] = "client"
    broken["item"][1]["linkId"] = broken["item"][0]["linkId"]
    problems = questionnaire_problems(broken)
    assert any(p.startswith("que-0") for p in problems)
    assert any(p.startswith("que-2") for p in problems)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "total": 1,
        "entry": [{"fullUrl": questionnaire["url"], "resource": questionnaire}],
    }
    assert bundle_problems(bundle) == ["bdl-1: total only when a search or history"]
    with_items = [i for i in questionnaire["item"] if i["type"] == "choice"][:2]
    response = {
        "resourceType": "QuestionnaireResponse",
        "id": "r1",
        "status": "completed",
        "questionnaire": f"{questionnaire['url']}|{questionnaire['version']}",
        "item": [
            {
                "linkId": item["linkId"],
                "answer": [{"valueCoding": item["answerOption"][0]["valueCoding"]}],
            }
            for item in reversed(with_items)
        ],
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": questionnaire["url"], "resource": questionnaire},
            {"fullUrl": names.response("r1"), "resource": response},
        ],
    }
    assert bundle_problems(bundle) == ["r1: items are not in the questionnaire's order"]


@pytest.mark.parametrize("base", ["https://zorg.example.nl/fhir", "https://zorg.example.nl/fhir/"])
def test_names_sit_under_the_base(base: str) -> None:
    names = FhirNames(base)
    assert names.role_extension == "https://zorg.example.nl/fhir/StructureDefinition/role"
