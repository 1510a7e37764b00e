"""`make mutation`: run mutmut over the areas where a silent bug hurts most, then report the
surviving mutants per area (the README lists them; the goal is at most 5 % per area).

    python tools/mutation.py run      # mutmut run on the areas' mutants (slow: not in make test)
    python tools/mutation.py report   # per-area score and every survivor, from mutmut's results

Areas are sets of mutmut mutant names (module.x_function or module.xǁClassǁmethod). A pattern
that matches no mutant (a function renamed or moved) fails the report: it would otherwise count
as 0 % surviving.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).parents[1]
MUTMUT = str(Path(sys.executable).parent / "mutmut")
LIMIT = 5.0  # percent of surviving mutants allowed per area

AREAS: dict[str, tuple[str, ...]] = {
    "questionnaires/engine.py (answer flow)": ("questionnaires.engine.*",),
    "conversation: button checks": (
        "conversation.choices.*",
        "conversation.flow.xǁConversationǁpress__mutmut_*",
        "conversation.flow.xǁConversationǁchoose__mutmut_*",
        "conversation.flow.xǁConversationǁ_question_callback__mutmut_*",
        "conversation.flow.x__choice_token__mutmut_*",
        "conversation.flow.x__selected_tokens__mutmut_*",
    ),
    "report: small-group suppression": (
        "report.figures.x_shown__mutmut_*",
        "report.figures.x_location_figures__mutmut_*",
        "report.figures.x_summarise_question__mutmut_*",
        "report.counting.x_count_figures__mutmut_*",
        "report.counting.x_role_responses__mutmut_*",
        "report.section.*ǁsuppressed__mutmut_*",
    ),
    "storage: invites, answers, erasure, reminders, retention": (
        "storage.invites.x_check_invite__mutmut_*",
        "storage.invites.x_revoke_invite__mutmut_*",
        "storage.responses.x_start_response__mutmut_*",
        "storage.responses.x_save_answer__mutmut_*",
        "storage.responses.x_submit_response__mutmut_*",
        "storage.participants.x_erase_participant__mutmut_*",
        "storage.reminders.x_due_reminders__mutmut_*",
        "storage.retention.*",
    ),
}
NOT_SURVIVED = {"killed", "timeout", "caught by type check", "segfault"}


def area_of(name: str) -> str | None:
    for area, patterns in AREAS.items():
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            return area
    return None


def results() -> dict[str, str]:
    """Every mutant mutmut knows, with its status."""
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def run() -> int:
    patterns = [pattern for patterns in AREAS.values() for pattern in patterns]
    return subprocess.run([MUTMUT, "run", *patterns], cwd=ROOT, check=False).returncode


def unmatched(names: Iterable[str]) -> list[str]:
    """The areas' patterns that match none of these mutant names."""
    names = list(names)
    return [
        f"{area}: {pattern}"
        for area, patterns in AREAS.items()
        for pattern in patterns
        if not any(fnmatch.fnmatchcase(name, pattern) for name in names)
    ]


def report() -> int:
    return score(results())


def score(found: dict[str, str]) -> int:
    """Print each area's share of surviving mutants; 1 when one is over LIMIT or a pattern
    matches no mutant."""
    missing = unmatched(found)
    by_area: dict[str, Counter[str]] = {area: Counter() for area in AREAS}
    survivors: dict[str, list[str]] = {area: [] for area in AREAS}
    for name, status in sorted(found.items()):
        area = area_of(name)
        if area is None:
            continue
        by_area[area][status] += 1
        if status not in NOT_SURVIVED:
            survivors[area].append(f"{name} ({status})")
    worst = 0.0
    for area, counts in by_area.items():
        unchecked = counts["not checked"]
        total = sum(counts.values()) - unchecked
        survivors[area] = [s for s in survivors[area] if not s.endswith("(not checked)")]
        alive = len(survivors[area])
        share = 100 * alive / total if total else 0.0
        worst = max(worst, share)
        rest = f", {unchecked} not checked yet" if unchecked else ""
        print(f"{area}: {total} mutants checked, {alive} survived ({share:.1f} %){rest}")
        for survivor in survivors[area]:
            print(f"    {survivor}")
    if missing:
        print(
            "No mutants for these patterns (renamed or moved? update AREAS):\n  "
            + "\n  ".join(missing),
            file=sys.stderr,
        )
        return 1
    if worst > LIMIT:
        print(f"More than {LIMIT:.0f} % survived in an area.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "report"
    if command == "run":
        run()
        sys.exit(report())
    sys.exit(report())
