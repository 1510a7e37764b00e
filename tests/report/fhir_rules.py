"""The FHIR invariants our export can break, checked by hand where `fhir.resources` (structure
and cardinality only) does not check them. Names follow the FHIR R4 specification."""

from __future__ import annotations

import re
from typing import Any

NAME = re.compile(r"^[A-Z]([A-Za-z0-9_]){0,254}$")
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found.extend(_walk(item.get("item", [])))
    return found


def questionnaire_problems(resource: dict[str, Any]) -> list[str]:
    problems = []
    if not NAME.match(resource.get("name", "")):
        problems.append(f"que-0: name {resource.get('name')!r} is not machine-friendly")
    if not ID.match(resource.get("id", "")):
        problems.append(f"id {resource.get('id')!r} is not a FHIR id")
    items = _walk(resource.get("item", []))
    link_ids = [i["linkId"] for i in items]
    if len(set(link_ids)) != len(link_ids):
        problems.append("que-2: linkIds are not unique")
    seen: set[str] = set()
    for item in items:
        where = f"item {item['linkId']}"
        if item["type"] == "display" and ("required" in item or "repeats" in item):
            problems.append(f"que-6: {where} is a display item with required/repeats")
        if "answerOption" in item and item["type"] not in ("choice", "open-choice"):
            problems.append(f"que-5: {where} has answerOption but is {item['type']}")
        for condition in item.get("enableWhen", []):
            if condition["question"] not in seen:
                problems.append(f"{where}: enableWhen refers to a later or unknown question")
        if len(item.get("enableWhen", [])) > 1 and "enableBehavior" not in item:
            problems.append(f"que-12: {where} has several enableWhen without enableBehavior")
        seen.add(item["linkId"])
    return problems


def _enabled(item: dict[str, Any], answers: dict[str, list[dict[str, Any]]]) -> bool:
    conditions = item.get("enableWhen", [])
    if not conditions:
        return True
    results = []
    for condition in conditions:
        expected = {k: v for k, v in condition.items() if k.startswith("answer")}
        ((key, value),) = expected.items()
        given = answers.get(condition["question"], [])
        if key == "answerCoding":
            hit = any(a.get("valueCoding", {}).get("code") == value["code"] for a in given)
        else:
            hit = any(a.get("value" + key[len("answer") :]) == value for a in given)
        results.append(hit)
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def response_problems(response: dict[str, Any], questionnaire: dict[str, Any]) -> list[str]:
    """What the validator checks of a response against its questionnaire."""
    problems = []
    items = _walk(questionnaire.get("item", []))
    order = {item["linkId"]: index for index, item in enumerate(items)}
    by_id = {item["linkId"]: item for item in items}
    answered = response.get("item", [])
    positions = [order.get(a["linkId"], -1) for a in answered]
    if -1 in positions:
        problems.append("an answered linkId is not in the questionnaire")
    if positions != sorted(positions):
        problems.append("items are not in the questionnaire's order")
    answers = {a["linkId"]: a.get("answer", []) for a in answered}
    for link_id, given in answers.items():
        item = by_id.get(link_id)
        if item is None:
            continue
        if len(given) > 1 and not item.get("repeats"):
            problems.append(f"{link_id}: several answers to an item that does not repeat")
        if not _enabled(item, answers):
            problems.append(f"{link_id}: answered although enableWhen does not hold")
        options = [o["valueCoding"] for o in item.get("answerOption", [])]
        for answer in given:
            coding = answer.get("valueCoding")
            if options and not any(
                coding is not None
                and coding["system"] == o["system"]
                and coding["code"] == o["code"]
                for o in options
            ):
                problems.append(f"{link_id}: answer {answer} is not one of the options")
    if response.get("status") == "completed":
        for item in items:
            if item.get("required") and _enabled(item, answers) and item["linkId"] not in answers:
                problems.append(f"{item['linkId']}: required but not answered")
    return problems


def bundle_problems(bundle: dict[str, Any]) -> list[str]:
    problems = []
    if bundle.get("type") not in ("searchset", "history") and "total" in bundle:
        problems.append("bdl-1: total only when a search or history")
    full_urls = [e.get("fullUrl") for e in bundle.get("entry", [])]
    if len(set(full_urls)) != len(full_urls):
        problems.append("bdl-7: fullUrl is not unique")
    if any("/_history/" in (url or "") for url in full_urls):
        problems.append("bdl-8: fullUrl is version specific")
    canonical: dict[str, dict[str, Any]] = {}
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        if resource["resourceType"] == "Questionnaire":
            canonical[f"{resource['url']}|{resource['version']}"] = resource
            problems.extend(questionnaire_problems(resource))
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        if resource["resourceType"] != "QuestionnaireResponse":
            continue
        questionnaire = canonical.get(resource["questionnaire"])
        if questionnaire is None:
            problems.append(f"{resource['id']}: questionnaire {resource['questionnaire']} unknown")
            continue
        problems.extend(
            f"{resource['id']}: {p}" for p in response_problems(resource, questionnaire)
        )
    return problems
