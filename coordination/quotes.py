"""Quote review: free-text answers, masked, approved (maybe edited) or rejected one by one."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from coordination.problems import Problem
from questionnaires.model import Catalog
from report.quotes import ReviewItem, approve, reject, review_queue
from storage.counts import group_sizes
from storage.store import Round, Store

# What masking leaves behind: [telefoonnummer], [e-mailadres], [PERSOON-1], ...
PLACEHOLDER = re.compile(r"\[([A-Za-zÀ-ÿ-]+?)(?:-\d+)?\]")
MAX_QUOTE = 2000


@dataclass(frozen=True)
class QuoteToReview:
    item: ReviewItem
    masked: tuple[tuple[str, int], ...]  # placeholder and how often it replaced something
    group_size: int  # people of this role (and location) who answered in the round
    small_group: bool  # fewer than k: the quote may point to one person

    @property
    def key(self) -> str:
        return f"{self.item.response_id}:{self.item.question_id}"


def masked_parts(text: str) -> tuple[tuple[str, int], ...]:
    """Which kinds of details masking replaced in `text`, and how often."""
    counted = Counter(match[1].lower() for match in PLACEHOLDER.finditer(text))
    return tuple(sorted(counted.items()))


async def quotes_to_review(
    store: Store, catalog: Catalog, round_: Round, k: int
) -> list[QuoteToReview]:
    """Every free-text answer of the round nobody reviewed yet, oldest first, masked."""
    sizes = {(g.role, g.location): g.people for g in await group_sizes(store, round_.id)}
    result = []
    for item in await review_queue(store, catalog, round_.id, k):
        size = sizes.get((item.role, item.location), 0)
        result.append(QuoteToReview(item, masked_parts(item.text), size, size < k))
    return result


async def find_quote(
    store: Store, catalog: Catalog, round_: Round, key: str, k: int
) -> QuoteToReview:
    for quote in await quotes_to_review(store, catalog, round_, k):
        if quote.key == key:
            return quote
    raise Problem(
        "Dit antwoord wacht niet meer op beoordeling. Misschien heeft een collega het al "
        "beoordeeld.",
        f"quote {key} is not waiting for review (reviewed already, or unknown).",
    )


async def approve_quote(
    store: Store, actor: str, quote: QuoteToReview, edited: str | None = None
) -> str:
    """Approve for the report, as shown or lightly edited (masked again); the stored text."""
    if edited is not None:
        edited = edited.strip()
        if len(edited) > MAX_QUOTE:
            raise Problem(
                f"De tekst is te lang. Gebruik hoogstens {MAX_QUOTE} tekens.",
                f"the edited text is too long; use at most {MAX_QUOTE} characters.",
            )
        if edited == quote.item.text:
            edited = None
    try:
        return await approve(store, quote.item, actor, edited)
    except ValueError:
        raise Problem(
            "Een goedgekeurd citaat kan niet leeg zijn. Wijs het af als het niet in het verslag "
            "mag.",
            "an approved quote cannot be empty; reject it instead.",
        ) from None


async def reject_quote(store: Store, actor: str, quote: QuoteToReview) -> None:
    """Keep the answer out of every report (the answer itself stays for the participant)."""
    await reject(store, quote.item, actor)
