"""How fast the input section is built from a large round: 1,000,000 answers by default.

Fills a file database through `Store.bulk_responses` / `Store.bulk_answers` (executemany), then
times the aggregation (GROUP BY queries + pure functions + the disclosure audit) and the
rendering to Markdown, HTML and DOCX, and prints the figures, next to one raw sqlite3 GROUP BY
over the same answers (role, location, question, value) in the same run. Targets: aggregation
with the audit at most 3x the raw query, the whole report under 5 s.

    python bench/report_bench.py [--answers 1000000] [--profile]

`--profile` prints where the aggregation spends its time (pyinstrument, `pip install
pyinstrument`; not a dependency of the product).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from questionnaires.loader import load_catalog
from questionnaires.model import AnswerValue, Catalog, Kind, Question, QuestionType
from questionnaires.reading import QuestionnaireError
from report.audit import protect  # imported (highspy, numpy) before anything is timed
from report.document import build_document
from report.docx import write_docx
from report.markdown import render_markdown
from report.publishing import Audited, audited_section, record
from report.webpage import render_html
from storage.store import Round, Store

ROLES = ("client", "naaste", "ervaringsdeskundige", "partner", "professional")
SYNTHETIC = """
id: {role}
role: {role}
title: Bench {role}
intro: Welkom.
minutes: 5
sections:
  - id: s1
    title: Deel 1
    pillar: "1"
    feeds: terugblik
    questions:
{questions}
"""


def synthetic_catalog(folder: Path) -> Catalog:
    """Used when the shipped definitions are not complete: 14 questions per role."""
    (folder / "framework.yaml").write_text(
        "framework: Bench\npillars:\n  - id: '1'\n    title: Cliënten\n    items:\n"
        "      - {id: '1.i', art_extra: true}\n",
        encoding="utf-8",
    )
    for role in ROLES:
        lines = []
        for i in range(8):
            items = ', items: ["1.i"]' if i == 0 else ""
            lines.append(f"      - {{id: {role}_l{i}, type: likert, text: Stelling {i}{items}}}")
        for i in range(3):
            lines.append(f"      - {{id: {role}_y{i}, type: yesno, text: Vraag {i}}}")
        lines.append(
            f"      - {{id: {role}_m, type: multi, text: Keuze, options: "
            "[{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]}"
        )
        lines.append(f"      - {{id: {role}_n, type: number, text: Aantal, min: 0, max: 10}}")
        lines.append(f"      - {{id: {role}_t, type: text, text: Toelichting}}")
        (folder / f"{role}.yaml").write_text(
            SYNTHETIC.format(role=role, questions="\n".join(lines)), encoding="utf-8"
        )
    return load_catalog(folder)


def random_value(question: Question, rng: random.Random) -> AnswerValue:
    match question.type:
        case QuestionType.LIKERT:
            return rng.choice((1, 2, 3, 4, 4, 5, 5, "dont_know"))
        case QuestionType.YESNO | QuestionType.CHOICE:
            return rng.choice([c.token for c in question.choices()])
        case QuestionType.MULTI:
            tokens = [c.token for c in question.choices()]
            return rng.sample(tokens, rng.randint(1, min(2, len(tokens))))
        case QuestionType.NUMBER:
            return rng.randint(question.min or 0, question.max or 10)
        case QuestionType.DATE:
            return date(2026, 3, rng.randint(1, 28)).isoformat()
        case QuestionType.TEXT:
            return "Een toelichting van een deelnemer."
    return None


async def fill(store: Store, catalog: Catalog, round_id: int, target: int, seed: int) -> int:
    """Spread `target` answers over every survey questionnaire and ten locations."""
    rng = random.Random(seed)
    locations = [await store.add_location(f"Locatie {i + 1}") for i in range(10)]
    surveys = [q for q in catalog.questionnaires.values() if q.kind is Kind.SURVEY]
    per_role = target // len(surveys)
    written = 0
    for questionnaire in surveys:
        answerable = [q for q in questionnaire.questions if q.answerable]
        responses = per_role // len(answerable)
        batch = 5000
        for start in range(0, responses, batch):
            size = min(batch, responses - start)
            ids = await store.bulk_responses(
                round_id,
                questionnaire.role,
                questionnaire,
                size,
                rng.choice(locations).id,
            )
            await store.bulk_answers(
                (rid, q.id, random_value(q, rng)) for rid in ids for q in answerable
            )
            written += size * len(answerable)
    return written


def raw_group_by(path: Path, round_id: int) -> tuple[float, float]:
    """Seconds (wall clock, CPU) for one plain GROUP BY over the round's answers, with
    Python's sqlite3."""
    conn = sqlite3.connect(path)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        conn.execute(
            "SELECT responses.role, responses.location_id, answers.question_id, answers.value, "
            "count(*) FROM answers JOIN responses ON responses.id = answers.response_id "
            "WHERE responses.round_id = ? GROUP BY 1, 2, 3, 4",
            (round_id,),
        ).fetchall()
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        conn.close()


def _timed(timings: dict[str, tuple[float, float]], name: str, step: Any, *args: Any) -> Any:
    """Run one step of the report, keeping its wall clock and CPU seconds under `name`."""
    started, cpu = time.perf_counter(), time.process_time()
    result = step(*args)
    timings[name] = (time.perf_counter() - started, time.process_time() - cpu)
    return result


def _profiler() -> Any:
    from pyinstrument import Profiler  # only for --profile

    profiler = Profiler()
    profiler.start()
    return profiler


async def run(answers: int, profile: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            catalog = load_catalog()
        except QuestionnaireError:
            catalog = synthetic_catalog(Path(folder))
            print("(shipped questionnaires incomplete: using synthetic definitions)")
        async with Store.open(Path(folder) / "bench.sqlite3") as store:
            today = date.today()
            previous = await store.create_round(
                "vorige", today.year - 1, today - timedelta(400), today - timedelta(340)
            )
            current = await store.create_round("bench", today.year, today, today + timedelta(30))
            started = time.perf_counter()
            filled = await fill(store, catalog, current.id, answers, 1)
            filled_previous = await fill(store, catalog, previous.id, answers // 10, 2)
            fill_seconds = time.perf_counter() - started
            print(
                f"filled {filled:,} answers (+{filled_previous:,} in the previous round) "
                f"in {fill_seconds:.1f} s"
            )
            raw, raw_cpu = raw_group_by(Path(folder) / "bench.sqlite3", current.id)
            print(f"{'raw sqlite3 GROUP BY (same answers)':<40} {raw:6.2f} s (CPU {raw_cpu:.2f} s)")
            profiler = _profiler() if profile else None
            started, cpu = time.perf_counter(), time.process_time()
            audited = await audited_section(
                store, catalog, current, min_group_size=5, organisation="Bench"
            )
            section = audited.section
            aggregate_seconds = time.perf_counter() - started
            aggregate_cpu = time.process_time() - cpu
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(color=False, show_all=False))
            timings = {"aggregation (SQL + figures + audit)": (aggregate_seconds, aggregate_cpu)}
            document = _timed(
                timings, "document tree (sentences, charts data)", build_document, section, catalog
            )
            markdown = _timed(timings, "render Markdown", render_markdown, document)
            html = _timed(timings, "render HTML (SVG charts)", render_html, document)
            _timed(
                timings,
                "write DOCX (PNG charts)",
                write_docx,
                document,
                Path(folder) / "bench.docx",
            )
            for name, (seconds, cpu_seconds) in timings.items():
                print(f"{name:<40} {seconds:6.2f} s (CPU {cpu_seconds:.2f} s)")
            total = sum(seconds for seconds, _ in timings.values())
            total_cpu = sum(cpu_seconds for _, cpu_seconds in timings.values())
            print(
                f"{'total report (all three formats)':<40} {total:6.2f} s (CPU {total_cpu:.2f} s); "
                "target: under 5 s"
            )
            print(
                f"aggregation / raw GROUP BY: {aggregate_seconds / raw:.1f}x wall clock, "
                f"{aggregate_cpu / raw_cpu:.1f}x CPU (aggregation CPU {aggregate_cpu:.2f} s); "
                "target: at most 3x"
            )
            print(f"(Markdown {len(markdown):,} characters, HTML {len(html):,} characters)")
            await _after_an_interim(store, catalog, current, audited, raw)


async def _after_an_interim(
    store: Store, catalog: Catalog, current: Round, interim: Audited, raw: float
) -> None:
    """The usual year: the report above goes out as a tussenstand (into the ledger); then 100
    more people answer, 20 erase everything and 20 change an answer; the final report is
    audited against the interim one (the answers kept since, and two moments)."""
    await record(store, interim, actor="bench", what="all", formats=("md",))
    rng = random.Random(3)
    client = catalog.for_role("client")
    assert client is not None
    answerable = [q for q in client.questions if q.answerable]
    location = (await store.list_locations())[0]
    ids = await store.bulk_responses(current.id, client.role, client, 100, location.id)
    await store.bulk_answers((rid, q.id, random_value(q, rng)) for rid in ids for q in answerable)
    taken = await store.fetch_all(
        "SELECT id, participant_id FROM responses WHERE round_id = ? AND role = 'client' "
        "ORDER BY id LIMIT 40",
        (current.id,),
    )
    for _, participant_id in taken[:20]:
        await store.erase_participant(participant_id)
    for response_id, _ in taken[20:]:
        await store.save_answer(response_id, answerable[0].id, random_value(answerable[0], rng))
    started, cpu = time.perf_counter(), time.process_time()
    final = await audited_section(store, catalog, current, min_group_size=5, organisation="Bench")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    assert final.section.pillars
    print(
        f"{'aggregation after a tussenstand':<40} {seconds:6.2f} s (CPU {cpu_seconds:.2f} s): "
        f"{seconds / raw:.1f}x the raw GROUP BY (answers kept since, two moments, 20 erased "
        "and 20 changed)"
    )


__all__ = ["protect"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true", help="profile the aggregation")
    args = parser.parse_args()
    asyncio.run(run(args.answers, args.profile))


if __name__ == "__main__":
    main()
