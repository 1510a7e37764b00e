"""Free-text answers on their way to a report: masking of contact details and the review queue.

A free-text answer reaches a report only after a coordinator approved it (possibly lightly
edited). The coordinator sees it with contact details and numbers already masked, and the
approved text is masked once more, so an edit cannot bring a phone number back in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from questionnaires.model import Catalog, QuestionType
from report.labels import role_label
from storage.store import Store

# Order matters: links and e-mail addresses first, so their digits are not taken for numbers.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mailadres]"),
    (re.compile(r"\bNL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE), "[rekeningnummer]"),
    (
        re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s-]?\(?0?\)?)?(?:[\s-]?\d){9}(?!\d)"),
        "[telefoonnummer]",
    ),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"), "[datum]"),
    # BSN-like and other long numbers, also written with dots or dashes.
    (re.compile(r"(?<!\d)\d(?:[.-]?\d){7,}(?!\d)"), "[nummer]"),
    (re.compile(r"(?<!\d)\d{3}\s\d{2}\s\d{2}\s\d{2}(?!\d)"), "[nummer]"),
    (re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"), "[postcode]"),
    (re.compile(r"\b[1-9]\d{3}(?!sa|sd|ss)[a-z]{2}\b"), "[postcode]"),
    (
        re.compile(
            r"\b[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|pad|"
            r"dreef|park|markt|kwartier|erf|baan|veld|wal|burg|haven)\s+\d+(?:\s?[a-zA-Z]\b|-\d+)?",
        ),
        "[adres]",
    ),
    (re.compile(r"(?<![\w.])@[A-Za-z]\w{3,}"), "[gebruikersnaam]"),
)


def mask(text: str) -> str:
    """Replace phone numbers, e-mail addresses, postcodes, BSN-like numbers, bank accounts,
    street addresses, full dates, URLs and @usernames with a bracketed Dutch placeholder."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


@dataclass(frozen=True)
class ReviewItem:
    """One free-text answer waiting for review, already masked."""

    response_id: int
    question_id: str
    question_text: str
    role: str
    role_label: str
    location: str | None
    text: str  # masked


def text_question_ids(catalog: Catalog) -> list[str]:
    return [
        q.id
        for qn in catalog.questionnaires.values()
        for q in qn.questions
        if q.type is QuestionType.TEXT
    ]


async def review_queue(store: Store, catalog: Catalog, round_id: int) -> list[ReviewItem]:
    """Free-text answers of a round nobody has reviewed yet, oldest first, masked."""
    index = {q.id: q for qn in catalog.questionnaires.values() for q in qn.questions}
    pending = await store.pending_quotes(round_id, text_question_ids(catalog))
    return [
        ReviewItem(
            response_id=p.response_id,
            question_id=p.question_id,
            question_text=index[p.question_id].text.nl,
            role=p.role,
            role_label=role_label(p.role),
            location=p.location,
            text=mask(p.text),
        )
        for p in pending
    ]


async def approve(store: Store, item: ReviewItem, reviewer: str, text: str | None = None) -> str:
    """Approve a quote for the report, optionally with a light edit; returns the stored text."""
    final = mask((text if text is not None else item.text).strip())
    if not final:
        raise ValueError("an approved quote cannot be empty; reject it instead")
    await store.review_quote(item.response_id, item.question_id, True, final, reviewer)
    await store.audit(
        reviewer,
        "quote_approved",
        response=item.response_id,
        question=item.question_id,
        edited=text is not None and final != item.text,
    )
    return final


async def reject(store: Store, item: ReviewItem, reviewer: str) -> None:
    """Keep a free-text answer out of every report (the answer itself stays for /mijngegevens)."""
    await store.review_quote(item.response_id, item.question_id, False, "", reviewer)
    await store.audit(
        reviewer, "quote_rejected", response=item.response_id, question=item.question_id
    )
