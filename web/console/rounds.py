"""Rounds (the overview, create, dates, close) and locations."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from coordination import rounds as ops
from coordination.problems import Problem
from coordination.progress import progress
from coordination.quotes import quotes_to_review
from storage.store import Location
from web.app import CATALOG, SETTINGS, STORE
from web.console.common import (
    COORDINATOR,
    form_text,
    page,
    path_id,
    signed_in,
    the_round,
    whole_number,
)

ROUND = r"/beheer/rondes/{round:\d+}"
LOCATION = r"/beheer/locaties/{location:\d+}"


def setup(app: web.Application) -> None:
    add = app.router
    add.add_get("/beheer", overview, name="console_home")
    add.add_post("/beheer/rondes", create, name="console_round_create")
    add.add_get(ROUND, round_page, name="console_round")
    add.add_post(ROUND + "/data", change_dates, name="console_round_dates")
    add.add_post(ROUND + "/sluiten", close, name="console_round_close")
    add.add_get("/beheer/locaties", locations, name="console_locations")
    add.add_post("/beheer/locaties", add_location, name="console_location_add")
    add.add_get(LOCATION, location_page, name="console_location")
    add.add_post(LOCATION, rename_location, name="console_location_rename")


def _new_round_form(today: date) -> dict[str, str]:
    return {
        "name": "",
        "year": str(today.year),
        "start": today.isoformat(),
        "end": "",
        "note": "",
    }


async def _overview(request: web.Request, **context: Any) -> web.Response:
    store = request.app[STORE]
    rounds = list(reversed(await store.list_rounds()))
    today = request.app[SETTINGS].local_date()  # a round's days are in INSPRAAK_TIMEZONE
    context.setdefault("form", _new_round_form(today))
    return page(request, "overview.html.j2", rounds=rounds, today=today, **context)


@signed_in
async def overview(request: web.Request) -> web.StreamResponse:
    return await _overview(request)


@signed_in
async def create(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    typed = {key: form_text(form, key) for key in ("name", "year", "start", "end", "note")}
    try:
        if not typed["year"].isdigit():
            raise Problem(
                "Vul het verslagjaar in als getal, bijvoorbeeld 2026.", "year is not a number"
            )
        created = await ops.create_round(
            request.app[STORE],
            request[COORDINATOR].actor,
            typed["name"],
            int(typed["year"]),
            ops.parse_date(typed["start"], "Begindatum", "start"),
            ops.parse_date(typed["end"], "Einddatum", "end"),
            typed["note"],
        )
    except Problem as problem:
        return await _overview(request, problem=problem, form=typed)
    raise web.HTTPSeeOther(f"/beheer/rondes/{created.id}")


async def _round_page(request: web.Request, **context: Any) -> web.Response:
    store = request.app[STORE]
    round_ = await the_round(request)
    k = request.app[SETTINGS].min_group_size
    seen = await progress(store, round_, k)
    waiting = len(await quotes_to_review(store, request.app[CATALOG], round_, k))
    shown: dict[str, Any] = {
        "round": round_,
        "progress": seen,
        "waiting": waiting,
        "today": request.app[SETTINGS].local_date(),
    }
    return page(request, "round.html.j2", **shown, **context)


@signed_in
async def round_page(request: web.Request) -> web.StreamResponse:
    return await _round_page(request, notice=_notice(request))


def _notice(request: web.Request) -> str | None:
    return {
        "data": "De data zijn veranderd.",
        "gesloten": "De ronde is gesloten. De codes werken niet meer voor nieuwe antwoorden.",
    }.get(request.query.get("klaar", ""))


@signed_in
async def change_dates(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    try:
        await ops.set_dates(
            request.app[STORE],
            request[COORDINATOR].actor,
            round_,
            ops.parse_date(form_text(form, "start"), "Begindatum", "start"),
            ops.parse_date(form_text(form, "end"), "Einddatum", "end"),
        )
    except Problem as problem:
        return await _round_page(request, problem=problem)
    raise web.HTTPSeeOther(f"/beheer/rondes/{round_.id}?klaar=data")


@signed_in
async def close(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    if form_text(form, "zeker") != "ja":
        return await _round_page(
            request,
            problem=Problem(
                "Zet eerst het vinkje om te bevestigen dat je de ronde wilt sluiten.",
                "confirm closing",
            ),
        )
    await ops.close_round(request.app[STORE], request[COORDINATOR].actor, round_)
    raise web.HTTPSeeOther(f"/beheer/rondes/{round_.id}?klaar=gesloten")


async def _locations(request: web.Request, **context: Any) -> web.Response:
    found = await request.app[STORE].list_locations()
    return page(request, "locations.html.j2", locations=found, **context)


@signed_in
async def locations(request: web.Request) -> web.StreamResponse:
    notice = "De locaties zijn toegevoegd." if request.query.get("toegevoegd") else None
    renamed = whole_number(request.query.get("hernoemd", ""))
    if renamed is not None:
        found = await ops.location_with_id(request.app[STORE], renamed)
        if found is not None:
            notice = f"De naam is gewijzigd. De locatie heet nu '{found.name}'."
    return await _locations(request, notice=notice, typed="")


@signed_in
async def add_location(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    typed = form_text(form, "names")
    names = [line for line in typed.splitlines() if line.strip()]
    try:
        if not names:
            raise Problem("Vul de naam van een locatie of team in.", "no name")
        await ops.add_locations(request.app[STORE], request[COORDINATOR].actor, names)
    except Problem as problem:
        return await _locations(request, problem=problem, typed=typed, notice=None)
    raise web.HTTPSeeOther("/beheer/locaties?toegevoegd=1")


async def _the_location(request: web.Request) -> Location:
    found = await ops.location_with_id(request.app[STORE], path_id(request, "location"))
    if found is None:
        raise web.HTTPNotFound()
    return found


@signed_in
async def location_page(request: web.Request) -> web.StreamResponse:
    location = await _the_location(request)
    return page(request, "location.html.j2", location=location, typed=location.name)


@signed_in
async def rename_location(request: web.Request) -> web.StreamResponse:
    location = await _the_location(request)
    form = await request.post()
    typed = form_text(form, "name")
    try:
        await ops.rename_location(request.app[STORE], request[COORDINATOR].actor, location, typed)
    except Problem as problem:
        return page(request, "location.html.j2", problem=problem, location=location, typed=typed)
    raise web.HTTPSeeOther(f"/beheer/locaties?hernoemd={location.id}")
