"""`inspraak quotes`: review free-text answers for the report, list the approved ones, and
withdraw an approval. Thin over `coordination.quotes`, like the console's pages."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from coordination import quotes as quote_ops
from coordination import rounds as round_ops
from coordination.problems import Problem
from inspraak.errors import UserError
from inspraak.shell import actor, add_round_option, catalog_or_error, with_store
from questionnaires.model import Catalog
from settings import Settings
from storage.store import Round, Store
from storage.text import clean_text

Ask = Callable[[str], str]
ACTIONS = ("review", "list", "withdraw")


async def review_quotes(
    store: Store,
    catalog: Catalog,
    round_: Round,
    reviewer: str,
    ask: Ask,
    say: Callable[[str], None],
    k: int = 5,
) -> dict[str, int]:
    """Show each unreviewed free-text answer (masked) and act on the coordinator's choice."""
    queue = await quote_ops.quotes_to_review(store, catalog, round_, k)
    tally = {"approved": 0, "rejected": 0, "skipped": 0}
    if not queue:
        say("No free-text answers are waiting for review.")
        return tally
    for number, quote in enumerate(queue, 1):
        item = quote.item
        say(f"\n[{number}/{len(queue)}] {item.group} (group of {quote.group_size})")
        say(f"Vraag: {item.question_text}")
        say(f"Antwoord: {clean_text(item.text)}")
        if quote.masked:
            say("Masked: " + ", ".join(f"{n}x [{kind}]" for kind, n in quote.masked))
        if item.masked:
            say(f"Masked in detail: {clean_text(item.masked)}")
        if quote.small_group:
            say(
                f"Warning: only {quote.group_size} people of this quote's own group "
                f"({item.group}) answered, fewer than {k}: this quote will not be in any "
                "report, even when approved."
            )
        while True:
            choice = ask("(a)pprove, (e)dit, (r)eject, (s)kip, (q)uit: ").strip().lower()[:1]
            try:
                if choice == "a":
                    await quote_ops.approve_quote(store, reviewer, quote)
                    tally["approved"] += 1
                elif choice == "e":
                    edited = ask("New text (empty keeps the text as shown): ").strip()
                    final = await quote_ops.approve_quote(store, reviewer, quote, edited or None)
                    say(f"Approved as: {final}")
                    tally["approved"] += 1
                elif choice == "r":
                    await quote_ops.reject_quote(store, reviewer, quote)
                    tally["rejected"] += 1
                elif choice == "s":
                    tally["skipped"] += 1
                elif choice == "q":
                    return tally
                else:
                    say("Type a, e, r, s or q.")
                    continue
            except Problem as problem:
                say(problem.en)
                continue
            break
    return tally


def _review(args: argparse.Namespace, settings: Settings, catalog: Catalog) -> int:
    async def run(store: Store) -> dict[str, int]:
        round_ = await round_ops.pick_round(store, args.round, settings.local_date())
        return await review_quotes(
            store, catalog, round_, args.reviewer, input, print, settings.min_group_size
        )

    try:
        tally = with_store(settings, run)
    except EOFError:
        print()
        return 0
    print(
        f"\n{tally['approved']} approved, {tally['rejected']} rejected, {tally['skipped']} skipped."
    )
    return 0


def _list(args: argparse.Namespace, settings: Settings, catalog: Catalog) -> int:
    k = settings.min_group_size

    async def run(store: Store) -> list[quote_ops.ApprovedQuote]:
        round_ = await round_ops.pick_round(store, args.round, settings.local_date())
        return await quote_ops.approved_quotes(store, catalog, round_, k)

    approved = with_store(settings, run)
    if not approved:
        print("No approved quotes in this round.")
        return 0
    for item in approved:
        quote = item.quote
        shown = "in the report" if item.published else f"NOT in any report: group below {k}"
        print(f"\n{item.key}  {item.group} (group of {quote.group_people}; {shown})")
        print(f"  Vraag: {item.question_text}")
        print(f"  Citaat: {clean_text(quote.text)}")
        print(f"  Approved by {item.reviewer} on {item.reviewed_on(settings.timezone)}")
    print(f"\n{len(approved)} approved. Withdraw one with `inspraak quotes withdraw KEY`.")
    return 0


def _withdraw(args: argparse.Namespace, settings: Settings, catalog: Catalog) -> int:
    if not args.key:
        raise UserError(
            "say which quote to withdraw: `inspraak quotes withdraw KEY --round ...`; "
            "`inspraak quotes list` shows the keys."
        )

    async def run(store: Store) -> quote_ops.ApprovedQuote:
        round_ = await round_ops.pick_round(store, args.round, settings.local_date())
        return await quote_ops.withdraw_quote(
            store, catalog, round_, args.reviewer, args.key, settings.min_group_size
        )

    withdrawn = with_store(settings, run)
    print(
        f"Withdrawn: “{withdrawn.quote.text}”. Reports made from now on leave it out; it waits "
        "for review again (`inspraak quotes review`)."
    )
    return 0


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    catalog = catalog_or_error(settings)
    action = {"review": _review, "list": _list, "withdraw": _withdraw}[args.action]
    return action(args, settings, catalog)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    quotes = sub.add_parser(
        "quotes",
        help="review free-text answers (masked) for the report, list or withdraw approved ones",
        description=(
            "review (default): each waiting answer, masked, to approve, edit, reject or skip. "
            "list: the approved quotes with their keys. withdraw KEY: take an approval back; "
            "reports made from then on leave the quote out."
        ),
    )
    quotes.add_argument("action", nargs="?", choices=ACTIONS, default="review")
    quotes.add_argument("key", nargs="?", help="withdraw: the quote's key, as `list` shows it")
    add_round_option(quotes)
    quotes.add_argument("--reviewer", default=actor(), help="your name, for the audit log")
    quotes.set_defaults(func=cmd_quotes)
