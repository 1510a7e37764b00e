"""Quote review: free-text answers, masked, approved (maybe edited) or rejected one by one;
the approved ones listed, and an approval withdrawn."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from coordination.audit_log import who
from coordination.problems import Problem
from questionnaires.model import Catalog
from report.gather import reflection_ids
from report.labels import nl_date, role_label
from report.quotes import QuoteForReview, approve, publishable, reject, review_queue, withdraw
from storage.store import Quote, Round, Store

# What masking leaves behind: [telefoonnummer], [e-mailadres], [PERSOON-1], ...
PLACEHOLDER = re.compile(r"\[([A-Za-zÀ-ÿ-]+?)(?:-\d+)?\]")
MAX_QUOTE = 2000


@dataclass(frozen=True)
class QuoteToReview:
    item: QuoteForReview
    masked: tuple[tuple[str, int], ...]  # placeholder and how often it replaced something
    group_size: int  # people of the quote's own group (role x location; reflection apart)
    small_group: bool  # fewer than k: the quote will not be published

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
    return [
        QuoteToReview(item, masked_parts(item.text), item.group_people, item.small_group)
        for item in await review_queue(store, catalog, round_.id, k)
    ]


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


@dataclass(frozen=True)
class ApprovedQuote:
    """An approved quote as a coordinator sees it in the list of approved ones."""

    quote: Quote
    question_text: str
    published: bool  # its own group has at least k people: reports show it

    @property
    def key(self) -> str:
        return f"{self.quote.response_id}:{self.quote.question_id}"

    reflection: bool = False

    @property
    def reviewer(self) -> str:
        """Who approved it, as a colleague would name them (not the audit log's key)."""
        return who(self.quote.reviewed_by)

    def reviewed_on(self, timezone: str) -> date:
        """The day it was approved, in the organisation's time zone."""
        return datetime.fromisoformat(self.quote.reviewed_at).astimezone(ZoneInfo(timezone)).date()

    def reviewed_day(self, timezone: str) -> str:
        """That day as Dutch readers write it: 5 december 2026."""
        return nl_date(self.reviewed_on(timezone))

    @property
    def group(self) -> str:
        parts = [role_label(self.quote.role)]
        if self.reflection:
            parts.append("reflectieronde")
        elif self.quote.location:
            parts.append(self.quote.location)
        return " · ".join(parts)


async def approved_quotes(
    store: Store, catalog: Catalog, round_: Round, k: int
) -> list[ApprovedQuote]:
    """The round's approved quotes, per question in the order they were approved."""
    texts = {q.id: q.text.nl for qn in catalog.questionnaires.values() for q in qn.questions}
    reflection = reflection_ids(catalog)
    return [
        ApprovedQuote(
            quote,
            texts.get(quote.question_id, quote.question_id),
            publishable(quote.group_people, k),
            quote.questionnaire_id in reflection,
        )
        for quote in await store.approved_quotes(round_.id, reflection)
    ]


async def withdraw_quote(
    store: Store, catalog: Catalog, round_: Round, actor: str, key: str, k: int
) -> ApprovedQuote:
    """Take back the approval of the quote `key` (as the list shows it): no report made from
    now on shows it, and it waits for review again."""
    for approved in await approved_quotes(store, catalog, round_, k):
        if approved.key == key.strip() and await withdraw(store, approved.quote, actor):
            return approved
    raise Problem(
        "Dit citaat is niet (meer) goedgekeurd. Misschien heeft een collega het al "
        "ingetrokken. Bekijk de lijst met goedgekeurde citaten.",
        f"quote {key.strip()} is not approved in this round (withdrawn already, or unknown); "
        "`inspraak quotes list` shows the approved ones.",
    )
