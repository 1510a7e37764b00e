"""Free-text answers on their way to a report: the review queue.

A free-text answer reaches a report only after a coordinator approved it (possibly lightly
edited). The coordinator sees it with names, contact details, dates and numbers already masked
(report/masking.py), with a list of what was masked, and a warning when the role that gave it
has fewer than k people in the round: such a quote is never published (the disclosure audit
withholds it). The approved text is masked once more, so an edit cannot bring a name back in.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

from questionnaires.model import Catalog, QuestionType
from report.labels import role_label
from report.masking import Masked, mask, mask_details
from storage.counts import group_sizes
from storage.store import Store

__all__ = ["Masked", "ReviewItem", "approve", "mask", "reject", "review_queue"]


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
    masked: str = ""  # what was masked, e.g. "[naam] ← 'Petra'"
    role_people: int | None = None  # people of this role in the round
    small_group: bool = False  # fewer than k: the quote will not be published

    @property
    def warning(self) -> str | None:
        if not self.small_group:
            return None
        return (
            f"Only {self.role_people} {self.role_label.lower()} took part in this round, fewer "
            "than k: this quote will not be published, even when approved."
        )


def text_question_ids(catalog: Catalog) -> list[str]:
    return [
        q.id
        for qn in catalog.questionnaires.values()
        for q in qn.questions
        if q.type is QuestionType.TEXT
    ]


async def review_queue(
    store: Store, catalog: Catalog, round_id: int, min_group_size: int | None = None
) -> list[ReviewItem]:
    """Free-text answers of a round nobody has reviewed yet, oldest first, masked; with
    `min_group_size`, each says whether its role is below it."""
    index = {q.id: q for qn in catalog.questionnaires.values() for q in qn.questions}
    pending = await store.pending_quotes(round_id, text_question_ids(catalog))
    people: dict[str, int] = defaultdict(int)
    if pending:
        for group in await group_sizes(store, round_id):
            people[group.role] += group.people
    # Masking runs beside the event loop: deduce takes seconds to load the first time, and the
    # bot and web form in the same process must keep answering meanwhile.
    masked_texts = await asyncio.to_thread(lambda: [mask_details(p.text) for p in pending])
    items = []
    for p, masked in zip(pending, masked_texts, strict=True):
        items.append(
            ReviewItem(
                response_id=p.response_id,
                question_id=p.question_id,
                question_text=index[p.question_id].text.nl,
                role=p.role,
                role_label=role_label(p.role),
                location=p.location,
                text=masked.text,
                masked=masked.summary(),
                role_people=people[p.role],
                small_group=min_group_size is not None and people[p.role] < min_group_size,
            )
        )
    return items


async def approve(store: Store, item: ReviewItem, reviewer: str, text: str | None = None) -> str:
    """Approve a quote for the report, optionally with a light edit; returns the stored text."""
    final = await asyncio.to_thread(mask, (text if text is not None else item.text).strip())
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
