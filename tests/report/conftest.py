"""Known data for report tests: two rounds, three locations, every role, small groups."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from questionnaires.model import AnswerValue, Catalog
from report.aggregate import assemble
from report.gather import gather
from report.publishing import audited_section
from report.section import InputSection
from storage.store import Contribution, Round, Store

# c_thuis per location in the current round: De Linde 8 (5 agree), Het Anker 4, Zonnehof 6.
LINDE_THUIS: list[AnswerValue] = [5, 5, 4, 4, 4, 3, 2, 1]
ANKER_THUIS: list[AnswerValue] = [4, 4, 5, "dont_know"]
ZONNEHOF_THUIS: list[AnswerValue] = [4, 4, 4, 4, 2, 2]
PHONE_TEXT = "Meer uitjes graag, bel mij op 06-12345678"
SECRET_TEXT = "Mijn begeleider Jan is altijd te laat"


@dataclass
class Seeded:
    store: Store
    catalog: Catalog
    current: Round
    previous: Round
    pending: int  # response id with a free-text answer nobody reviewed

    async def section(
        self,
        round_: Round | None = None,
        *,
        organisation: str = "Stichting <Test> & Co",
        today: date = date(2026, 5, 1),
    ) -> InputSection:
        """A round's section (the current round's unless named) as a report shows it: audited."""
        audited = await audited_section(
            self.store,
            self.catalog,
            round_ or self.current,
            min_group_size=5,
            organisation=organisation,
            today=today,
        )
        return audited.section

    async def unaudited_section(self, k: int = 5) -> InputSection:
        """The section before the disclosure audit: the primary rules only (test_audit.py
        tests what the audit adds)."""
        data = await gather(self.store, self.catalog, self.current)
        return assemble(
            data, self.catalog, k=k, organisation="Stichting Test", today=date(2026, 5, 1)
        )


async def fill_answers(
    store: Store,
    catalog: Catalog,
    round_id: int,
    questionnaire_id: str,
    answers: list[dict[str, AnswerValue]],
    location_id: int | None = None,
) -> list[int]:
    qn = catalog.questionnaires[questionnaire_id]
    ids = await store.bulk_responses(round_id, qn.role, qn, len(answers), location_id)
    await store.bulk_answers(
        (rid, qid, value)
        for rid, row in zip(ids, answers, strict=True)
        for qid, value in row.items()
    )
    return ids


@pytest.fixture
async def seeded(tmp_path: Path, roles_catalog: Catalog) -> AsyncIterator[Seeded]:
    """A store with two rounds of answers to the small questionnaires for every role."""
    catalog = roles_catalog
    async with Store.open(tmp_path / "report.sqlite3") as store:
        previous = await store.create_round("Ronde 2025", 2024, date(2025, 3, 1), date(2025, 4, 30))
        current = await store.create_round("Ronde 2026", 2025, date(2026, 3, 1), date(2026, 4, 30))
        linde = await store.add_location("De Linde")
        anker = await store.add_location("Het Anker")
        zonnehof = await store.add_location("Zonnehof")
        expires = __import__("datetime").datetime(2026, 5, 1, tzinfo=__import__("datetime").UTC)
        await store.create_invites(current.id, "client", 20, expires, linde.id)
        await store.create_invites(current.id, "client", 10, expires, anker.id)
        await store.create_invites(current.id, "naaste", 10, expires)
        await store.create_invites(current.id, "partner", 1, expires, max_uses=None)

        def client(thuis: AnswerValue, **extra: AnswerValue) -> dict[str, AnswerValue]:
            return {
                "c_thuis": thuis,
                "c_steun": "yes" if thuis in (4, 5) else "no",
                "c_doen": ["sport", "koken"] if thuis == 5 else ["lezen"],
                "c_cijfer": 8 if thuis in (4, 5) else 5,
                "c_klacht": 4,
                **extra,
            }

        linde_ids = await fill_answers(
            store, catalog, current.id, "client", [client(v) for v in LINDE_THUIS], linde.id
        )
        await fill_answers(
            store, catalog, current.id, "client", [client(v) for v in ANKER_THUIS], anker.id
        )
        await fill_answers(
            store, catalog, current.id, "client", [client(v) for v in ZONNEHOF_THUIS], zonnehof.id
        )
        await store.bulk_answers(
            [
                (linde_ids[0], "c_beter", PHONE_TEXT),
                (linde_ids[1], "c_beter", SECRET_TEXT),
                (linde_ids[2], "c_wens", "Een moestuin bij het huis"),
            ]
        )
        await store.review_quote(
            linde_ids[0], "c_beter", True, "Meer uitjes graag, bel mij op [telefoonnummer]", "t"
        )
        await store.review_quote(linde_ids[2], "c_wens", False, "", "t")
        # Three naasten only: every naaste figure is suppressed.
        await fill_answers(
            store, catalog, current.id, "naaste", [{"n_betrokken": 4, "n_klacht": "yes"}] * 3
        )
        await fill_answers(
            store,
            catalog,
            current.id,
            "partner",
            [{"p_bereikbaar": v, "p_opschalen": "yes"} for v in (5, 4, 4, 2, 3, 4)],
        )
        await fill_answers(
            store, catalog, current.id, "professional", [{"pr_tijd": v} for v in (5, 4, 4, 3, 2)]
        )
        await fill_answers(
            store, catalog, current.id, "ervaringsdeskundige", [{"ed_ingezet": 4}] * 2
        )
        # Seven peer experts each log one contribution with the questionnaire.
        group: dict[str, AnswerValue] = {
            "b_datum": "2026-03-10",
            "b_soort": "groep",
            "b_bereikt": 8,
        }
        talk: dict[str, AnswerValue] = {
            "b_datum": "2026-03-12",
            "b_soort": "gesprek",
            "b_bereikt": 1,
        }
        log_ids = await fill_answers(
            store, catalog, current.id, "ervaringsdeskundige_bijdrage", [group] * 5 + [talk] * 2
        )
        # The contributions table: six group meetings by six peer experts, two trainings by
        # two (too few people: suppressed).
        for number, kind in enumerate(["groepsbijeenkomst"] * 6 + ["training"] * 2):
            await store.add_contribution(
                current.id,
                Contribution(
                    "2026-03-15", kind, ["client"], 10, "1", "geheim resultaat", None, None
                ),
                response_id=log_ids[number % 6],
                location_id=linde.id,
            )
        # Previous round: ten clients, two naasten.
        await fill_answers(
            store,
            catalog,
            previous.id,
            "client",
            [client(v) for v in (5, 4, 3, 3, 2, 2, 2, 1, 4, 4)],
            linde.id,
        )
        await fill_answers(store, catalog, previous.id, "naaste", [{"n_betrokken": 2}] * 2)
        yield Seeded(store, catalog, current, previous, linde_ids[1])


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Iterator[Path]:
    """The demo's folder (report, database, transcripts), made once for every test that reads
    it, as `inspraak demo` makes it."""
    from demo.run import run_demo
    from settings import Settings

    out = tmp_path_factory.mktemp("demo")
    asyncio.run(run_demo(Settings(), catalog, out, None))
    yield out


def report_file(folder: Path, suffix: str, stem: str = "inputsectie") -> Path:
    return next(folder.glob(f"{stem}-*.{suffix}"))
