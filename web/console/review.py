"""Progress of a round and the quote review, one quote at a time, keyboard first; the approved
quotes, each of which can be withdrawn."""

from __future__ import annotations

from aiohttp import web

from coordination import quotes as ops
from coordination.problems import Problem
from coordination.progress import TOO_FEW_HELP, progress
from web.app import CATALOG, SETTINGS, STORE
from web.console.common import COORDINATOR, form_text, page, signed_in, the_round, whole_number
from web.console.rounds import ROUND


def setup(app: web.Application) -> None:
    add = app.router
    add.add_get(ROUND + "/voortgang", progress_page, name="console_progress")
    add.add_get(ROUND + "/citaten", quotes_page, name="console_quotes")
    add.add_post(ROUND + "/citaten", review, name="console_review")
    add.add_get(ROUND + "/citaten/goedgekeurd", approved_page, name="console_approved")
    add.add_post(ROUND + "/citaten/intrekken", withdraw, name="console_withdraw")


@signed_in
async def progress_page(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    seen = await progress(request.app[STORE], round_, request.app[SETTINGS].min_group_size)
    return page(
        request, "progress.html.j2", round=round_, progress=seen, too_few_help=TOO_FEW_HELP["nl"]
    )


def _position(text: str) -> int:
    return whole_number(text, most=1_000_000) or 0


async def _quotes_page(
    request: web.Request, position: int, problem: Problem | None = None, typed: str | None = None
) -> web.Response:
    round_ = await the_round(request)
    k = request.app[SETTINGS].min_group_size
    queue = await ops.quotes_to_review(request.app[STORE], request.app[CATALOG], round_, k)
    position = min(position, len(queue) - 1) if queue else 0
    quote = queue[position] if queue else None
    return page(
        request,
        "quotes.html.j2",
        problem=problem,
        round=round_,
        quote=quote,
        position=position,
        total=len(queue),
        k=k,
        typed=typed if typed is not None else (quote.item.text if quote else ""),
        notice=_notice(request.query.get("klaar", "")),
    )


def _notice(done: str) -> str | None:
    return {
        "goed": "Goedgekeurd. Hier is het volgende antwoord.",
        "af": "Afgewezen. Hier is het volgende antwoord.",
        "over": "Overgeslagen. Het blijft wachten op beoordeling.",
    }.get(done)


@signed_in
async def quotes_page(request: web.Request) -> web.StreamResponse:
    return await _quotes_page(request, _position(request.query.get("positie", "")))


@signed_in
async def review(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    position = _position(form_text(form, "positie"))
    choice = form_text(form, "besluit")
    text = form.get("tekst")
    typed = text if isinstance(text, str) else None
    actor = request[COORDINATOR].actor
    store, k = request.app[STORE], request.app[SETTINGS].min_group_size
    try:
        quote = await ops.find_quote(store, request.app[CATALOG], round_, form_text(form, "key"), k)
        if choice == "goedkeuren":
            await ops.approve_quote(store, actor, quote, typed)
        elif choice == "afwijzen":
            await ops.reject_quote(store, actor, quote)
        elif choice == "overslaan":
            position += 1
        else:
            raise Problem("Kies goedkeuren, afwijzen of overslaan.", "unknown choice")
    except Problem as problem:
        return await _quotes_page(request, position, problem, typed)
    done = {"goedkeuren": "goed", "afwijzen": "af", "overslaan": "over"}[choice]
    raise web.HTTPSeeOther(f"/beheer/rondes/{round_.id}/citaten?positie={position}&klaar={done}")


async def _approved_page(
    request: web.Request, problem: Problem | None = None, withdrawn: str | None = None
) -> web.Response:
    round_ = await the_round(request)
    k = request.app[SETTINGS].min_group_size
    approved = await ops.approved_quotes(request.app[STORE], request.app[CATALOG], round_, k)
    return page(
        request,
        "approved.html.j2",
        problem=problem,
        round=round_,
        approved=approved,
        k=k,
        timezone=request.app[SETTINGS].timezone,
        withdrawn=withdrawn,
    )


@signed_in
async def approved_page(request: web.Request) -> web.StreamResponse:
    notice = (
        "Ingetrokken. Het citaat staat niet in verslagen die je vanaf nu maakt. Het wacht weer "
        "op beoordeling. Een verslag dat je al gedownload hebt, blijft zoals het was."
    )
    return await _approved_page(request, withdrawn=notice if request.query.get("klaar") else None)


@signed_in
async def withdraw(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    store, k = request.app[STORE], request.app[SETTINGS].min_group_size
    actor = request[COORDINATOR].actor
    try:
        await ops.withdraw_quote(
            store, request.app[CATALOG], round_, actor, form_text(form, "key"), k
        )
    except Problem as problem:
        return await _approved_page(request, problem)
    raise web.HTTPSeeOther(f"/beheer/rondes/{round_.id}/citaten/goedgekeurd?klaar=1")
