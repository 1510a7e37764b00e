import asyncio
import threading
import time

import pytest

from report.masking import Masked, mask_details
from report.quotes import approve, mask, reject, review_queue
from tests.report.conftest import SECRET_TEXT, Seeded


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("Bel 06-12345678 of +31 6 1234 5678", "Bel [telefoonnummer] of [telefoonnummer]"),
        ("Bel 020-1234567.", "Bel [telefoonnummer]."),
        ("Mail jan.de.vries@example.nl", "Mail [e-mailadres]"),
        # A town is no personal detail (many people live in one); street and postcode are.
        ("Ik woon op Kerkstraat 12a, 1234 AB Utrecht", "Ik woon op [adres], [postcode] Utrecht"),
        ("Mijn BSN is 123456782", "Mijn BSN is [nummer]"),
        ("BSN 1234.56.789", "BSN [nummer]"),
        ("Zie https://example.org/x?y=1 en www.voorbeeld.nl", "Zie [link] en [link]"),
        ("Geboren 12-03-1980", "Geboren [datum]"),
        ("Rekening NL91ABNA0417164300", "Rekening [rekeningnummer]"),
        ("Stuur @janjansen een bericht", "Stuur [gebruikersnaam] een bericht"),
    ],
)
def test_mask_contact_details(raw: str, masked: str) -> None:
    assert mask(raw) == masked


@pytest.mark.parametrize(
    "plain",
    [
        "In 2024 ging het beter dan in 2023.",
        "Ik ben 3 keer verhuisd en heb 12 begeleiders gehad.",
        "Het cijfer is 7,5 en de groep is 10 mensen.",
        "Om 14.30 uur begint de groep.",
    ],
)
def test_mask_leaves_ordinary_text(plain: str) -> None:
    assert mask(plain) == plain


async def test_review_queue_approve_edit_reject(seeded: Seeded) -> None:
    store, catalog, round_id = seeded.store, seeded.catalog, seeded.current.id
    await store.save_answer(seeded.pending, "c_wens", "Bel me: 0612345678")
    queue = await review_queue(store, catalog, round_id)
    assert [(i.question_id, i.text) for i in queue] == [
        ("c_beter", SECRET_TEXT.replace("Jan", "[naam]")),
        ("c_wens", "Bel me: [telefoonnummer]"),
    ]
    assert queue[0].masked == "[naam] ← 'Jan'"
    assert queue[0].role_label == "Cliënten" and queue[0].question_text == "Wat kan beter?"
    # An edit that brings a number back in is masked again.
    final = await approve(store, queue[0], "kim", "Mijn begeleider is soms laat, 06 12345678")
    assert final == "Mijn begeleider is soms laat, [telefoonnummer]"
    await reject(store, queue[1], "kim")
    assert await review_queue(store, catalog, round_id) == []
    approved = {q.question_id: q.text for q in await store.approved_quotes(round_id)}
    assert approved["c_beter"] == final and "c_wens" not in approved
    actions = [(e[1], e[2]) for e in await store.audit_entries()]
    assert ("kim", "quote_approved") in actions and ("kim", "quote_rejected") in actions
    assert all(SECRET_TEXT not in str(e[3]) for e in await store.audit_entries())


async def test_empty_approval_is_refused(seeded: Seeded) -> None:
    item = (await review_queue(seeded.store, seeded.catalog, seeded.current.id))[0]
    with pytest.raises(ValueError, match="reject it instead"):
        await approve(seeded.store, item, "kim", "   ")


async def test_review_shows_what_was_masked_and_warns_for_a_small_role(seeded: Seeded) -> None:
    store, catalog = seeded.store, seeded.catalog
    [naaste] = await store.bulk_responses(
        seeded.current.id, "naaste", catalog.questionnaires["naaste"], 1
    )
    await store.bulk_answers([(naaste, "n_tip", "Bel Karin op 06 - 12 34 56 78.")])
    queue = await review_queue(store, catalog, seeded.current.id, min_group_size=5)
    tip = next(i for i in queue if i.question_id == "n_tip")
    assert "06" not in tip.text and "[telefoonnummer] ← '06 - 12 34 56 78'" in tip.masked
    assert tip.small_group and tip.group_people == 4 and tip.group == "Naasten"
    client = next(i for i in queue if i.role == "client")
    assert not client.small_group


async def test_masking_leaves_the_event_loop_free(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot and the web form share the process with the quote review: while quotes are
    masked (seconds, the first time deduce loads) everyone else must still be answered."""
    slow_calls = []

    def slow(text: str, places: tuple[str, ...] = ()) -> Masked:
        slow_calls.append(threading.current_thread() is threading.main_thread())
        time.sleep(0.3)  # what loading deduce costs, shortened
        return mask_details(text, places)

    monkeypatch.setattr("report.quotes.mask_details", slow)
    ticks = 0

    async def others() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    running = asyncio.create_task(others())
    queue = await review_queue(seeded.store, seeded.catalog, seeded.current.id)
    running.cancel()
    assert queue and slow_calls == [False] * len(queue)
    assert ticks >= 10, ticks  # 0 when masking blocks the loop
