"""Rounds (create, change dates, close) and locations."""

from __future__ import annotations

from datetime import date

from coordination.problems import Problem
from storage.db import operation
from storage.store import DuplicateName, Location, Round, Store

MAX_NAME = 80


def parse_date(text: str, what_nl: str, what_en: str) -> date:
    """A date written as YYYY-MM-DD (what a date field in a browser sends too)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Problem(
            f"{what_nl} '{text}' is geen datum. Schrijf de datum als jjjj-mm-dd.",
            f"{what_en} {text!r} is not a date; write it as YYYY-MM-DD.",
        ) from None


def _check_dates(starts: date, ends: date) -> None:
    if ends < starts:
        raise Problem(
            f"De einddatum ({ends}) ligt voor de begindatum ({starts}). Kies een latere einddatum.",
            f"--end {ends} is before --start {starts}.",
        )


def _check_name(name: str, what_nl: str, what_en: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise Problem(f"Vul een naam in voor de {what_nl}.", f"give the {what_en} a name.")
    if len(name) > MAX_NAME:
        raise Problem(
            f"De naam is te lang. Gebruik hoogstens {MAX_NAME} tekens.",
            f"the name is too long; use at most {MAX_NAME} characters.",
        )
    return name


async def find_round(store: Store, name_or_id: str) -> Round:
    found = await store.find_round(name_or_id.strip())
    if found is None:
        raise Problem(
            f"Er is geen ronde '{name_or_id}'.",
            f"unknown round {name_or_id!r}; `inspraak round list` shows the rounds.",
        )
    return found


async def pick_round(store: Store, name_or_id: str | None, today: date) -> Round:
    """The round named; without a name the only round there is, or else the only one still
    running (not closed, its last day not past). Several candidates: a Problem naming them."""
    if name_or_id is not None:
        return await find_round(store, name_or_id)
    rounds = await store.list_rounds()
    if not rounds:
        raise Problem(
            "Er is nog geen ronde. Maak er eerst een.",
            "there are no rounds yet; create one with `inspraak round create`.",
        )
    running = [round_ for round_ in rounds if round_.still_running(today)]
    for candidates in (rounds, running):
        if len(candidates) == 1:
            return candidates[0]
    names = ", ".join(repr(round_.name) for round_ in running or rounds)
    verb = "lopen" if running else "zijn"
    raise Problem(
        f"Er {verb} meer rondes ({names}). Kies er een.",
        f"{'several rounds are running' if running else 'there are several rounds'} ({names}); "
        "choose one with --round NAME.",
    )


@operation
async def create_round(
    store: Store,
    actor: str,
    name: str,
    report_year: int,
    starts: date,
    ends: date,
    client_experience_note: str | None = None,
) -> Round:
    """A new round; its name must be unique."""
    name = _check_name(name, "ronde", "round")
    if not 2000 <= report_year <= 2100:
        raise Problem(
            f"Verslagjaar {report_year} kan niet. Kies een jaar zoals {starts.year}.",
            f"--year {report_year} is not a plausible report year.",
        )
    _check_dates(starts, ends)
    note = (client_experience_note or "").strip() or None
    try:
        created = await store.create_round(name, report_year, starts, ends, note)
    except DuplicateName:
        raise Problem(
            f"Er is al een ronde met de naam '{name}'. Kies een andere naam.",
            f"a round named {name!r} already exists; choose another name.",
        ) from None
    await store.audit(
        actor, "round_created", round=created.name, starts=str(starts), ends=str(ends)
    )
    return created


@operation
async def set_dates(store: Store, actor: str, round_: Round, starts: date, ends: date) -> Round:
    """Move the first or last day of a round; invites keep their own expiry."""
    _check_dates(starts, ends)
    if round_.closed_at is not None:
        raise Problem(
            "Deze ronde is gesloten. De data kunnen niet meer veranderen.",
            f"round {round_.name!r} is closed; its dates cannot change.",
        )
    await store.set_round_dates(round_.id, starts, ends)
    await store.audit(actor, "round_dates", round=round_.name, starts=str(starts), ends=str(ends))
    changed = await store.get_round(round_.id)
    assert changed is not None
    return changed


@operation
async def close_round(store: Store, actor: str, round_: Round) -> Round:
    """Close a round: its invite codes no longer start new answers."""
    await store.close_round(round_.id)
    await store.audit(actor, "round_closed", round=round_.name)
    closed = await store.get_round(round_.id)
    assert closed is not None
    return closed


@operation
async def add_locations(store: Store, actor: str, names: list[str]) -> list[Location]:
    """Add locations or teams (a name that exists already is kept once)."""
    cleaned = [_check_name(name, "locatie", "location") for name in names]
    added = [await store.add_location(name) for name in cleaned]
    await store.audit(actor, "locations_added", locations=[loc.name for loc in added])
    return added


async def find_location(store: Store, name: str) -> Location:
    known = {loc.name: loc for loc in await store.list_locations()}
    if name not in known:
        raise Problem(
            f"Er is geen locatie '{name}'. Voeg haar eerst toe bij Locaties.",
            f"unknown location {name!r}; add it with `inspraak location add` or see "
            "`inspraak location list`.",
        )
    return known[name]


async def location_with_id(store: Store, location_id: int) -> Location | None:
    return next((loc for loc in await store.list_locations() if loc.id == location_id), None)


async def location_by_name_or_id(store: Store, text: str) -> Location:
    """A location by its exact name, or else by the number `inspraak location list` shows."""
    locations = await store.list_locations()
    text = text.strip()
    for location in locations:
        if location.name == text:
            return location
    for location in locations:
        if text.isdigit() and location.id == int(text):
            return location
    return await find_location(store, text)  # says what is wrong


@operation
async def rename_location(store: Store, actor: str, location: Location, name: str) -> Location:
    """Give a location another name. Invites, answers and report figures stay with the
    location (they refer to its id), also those of earlier rounds."""
    name = _check_name(name, "locatie", "location")
    if name == location.name:
        raise Problem(
            f"De locatie heet al '{name}'. Typ een nieuwe naam.",
            f"location {location.name!r} already has that name.",
        )
    # A name that differs only in capitals would read as the same place in the report.
    same = [o for o in await store.list_locations() if o.name.casefold() == name.casefold()]
    other = next((o.name for o in same if o.id != location.id), name)
    taken = Problem(
        f"Er is al een locatie '{other}'. Kies een andere naam.",
        f"another location is already named {other!r}; choose another name.",
    )
    if any(o.id != location.id for o in same):
        raise taken
    try:
        renamed = await store.rename_location(location.id, name)
    except DuplicateName:  # someone else took the name just now
        raise taken from None
    if renamed is None:
        raise Problem("Deze locatie bestaat niet meer.", f"location {location.id} does not exist.")
    await store.audit(actor, "location_renamed", location=renamed.name, previous=location.name)
    return renamed
