"""Free-text answers on their way to a report: the review queue, and the rule for publishing.

A free-text answer reaches a report only after a coordinator approved it (possibly lightly
edited). The coordinator sees it with names, contact details, dates, numbers and the
organisation's own location names already masked (report/masking.py), with a list of what was
masked, and the size of the quote's own group (storage/quotes.py): the people of its role at its
location who answered the same questionnaire; a reflection round is a group of its own. When
that group has fewer than k people the review says so, and the quote is never published,
whatever was approved (`publishable`, applied by the disclosure audit). The approved text is
masked once more, so an edit cannot bring a name back in.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from questionnaires.model import Catalog, Kind, QuestionType
from report.gather import reflection_ids
from report.labels import role_label
from report.masking import Masked, mask, mask_details
from storage.store import Quote, Store
from storage.text import clean_text

__all__ = [
    "Masked",
    "QuoteForReview",
    "approve",
    "mask",
    "publishable",
    "reject",
    "review_queue",
    "withdraw",
]


def publishable(group_people: int, k: int) -> bool:
    """The quote rule: a quote may be published only when its own group has at least k people."""
    return group_people >= k


@dataclass(frozen=True)
class QuoteForReview:
    """One free-text answer waiting for review, already masked."""

    response_id: int
    question_id: str
    question_text: str
    role: str
    role_label: str
    location: str | None
    text: str  # masked
    masked: str = ""  # what was masked, e.g. "[naam] ← 'Petra'"
    group_people: int = 0  # people of the quote's own group
    small_group: bool = False  # fewer than k: the quote will not be published
    reflection: bool = False  # an answer in a reflection round (a group of its own)

    @property
    def group(self) -> str:
        """The quote's own group in words, e.g. 'Cliënten · De Wilgen'."""
        parts = [self.role_label]
        if self.reflection:
            parts.append("reflectieronde")
        elif self.location:
            parts.append(self.location)
        return " · ".join(parts)


def text_question_ids(catalog: Catalog) -> list[str]:
    return [
        q.id
        for qn in catalog.questionnaires.values()
        for q in qn.questions
        if q.type is QuestionType.TEXT
    ]


async def place_names(store: Store) -> tuple[str, ...]:
    """The organisation's location names: masked as [locatie] in every quote."""
    return tuple(location.name for location in await store.list_locations())


async def review_queue(
    store: Store, catalog: Catalog, round_id: int, min_group_size: int | None = None
) -> list[QuoteForReview]:
    """Free-text answers of a round nobody has reviewed yet, oldest first, masked; with
    `min_group_size`, each says whether its own group is below it."""
    index = {q.id: q for qn in catalog.questionnaires.values() for q in qn.questions}
    pending = await store.pending_quotes(
        round_id, text_question_ids(catalog), reflection_ids(catalog)
    )
    places = await place_names(store) if pending else ()
    # Masking runs beside the event loop: deduce takes seconds to load the first time, and the
    # bot and web form in the same process must keep answering meanwhile.
    masked_texts = await asyncio.to_thread(lambda: [mask_details(p.text, places) for p in pending])
    items = []
    for p, masked in zip(pending, masked_texts, strict=True):
        questionnaire = catalog.questionnaires.get(p.questionnaire_id)
        items.append(
            QuoteForReview(
                response_id=p.response_id,
                question_id=p.question_id,
                question_text=index[p.question_id].text.nl,
                role=p.role,
                role_label=role_label(p.role),
                location=p.location,
                text=masked.text,
                masked=masked.summary(),
                group_people=p.group_people,
                small_group=min_group_size is not None
                and not publishable(p.group_people, min_group_size),
                reflection=questionnaire is not None and questionnaire.kind is Kind.REFLECTION,
            )
        )
    return items


async def approve(
    store: Store, item: QuoteForReview, reviewer: str, text: str | None = None
) -> str:
    """Approve a quote for the report, optionally with a light edit; returns the stored text."""
    places = await place_names(store)
    typed = clean_text(text if text is not None else item.text).strip()
    final = await asyncio.to_thread(mask, typed, places)
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


async def reject(store: Store, item: QuoteForReview, reviewer: str) -> None:
    """Keep a free-text answer out of every report (the answer itself stays for /mijngegevens)."""
    await store.review_quote(item.response_id, item.question_id, False, "", reviewer)
    await store.audit(
        reviewer, "quote_rejected", response=item.response_id, question=item.question_id
    )


async def withdraw(store: Store, quote: Quote, reviewer: str) -> bool:
    """Take an approval back: the quote leaves every report made from now on and waits for
    review again. False when it was not approved (any more)."""
    async with store.transaction():
        done = await store.withdraw_quote(quote.response_id, quote.question_id)
        if done:
            await store.audit(
                reviewer, "quote_withdrawn", response=quote.response_id, question=quote.question_id
            )
    return done
