"""Invites of a round: create codes, print the card sheet, download QR codes, revoke."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from coordination import invites as ops
from coordination.problems import Problem
from coordination.reports import File
from questionnaires.i18n import ngettext
from questionnaires.model import Kind
from storage.store import Invite, Round
from web.app import CATALOG, SETTINGS, STORE
from web.console.common import (
    COORDINATOR,
    DOCUMENT_CSP,
    download,
    form_text,
    page,
    signed_in,
    the_round,
    whole_number,
)
from web.console.rounds import ROUND

USES = {"een": "Eén persoon per code", "meer": "Een aantal mensen per code", "open": "Onbeperkt"}


def setup(app: web.Application) -> None:
    add = app.router
    add.add_get(ROUND + "/uitnodigingen", invites_page, name="console_invites")
    add.add_post(ROUND + "/uitnodigingen", create, name="console_invites_create")
    add.add_post(ROUND + "/intrekken", revoke, name="console_invites_revoke")
    add.add_get(ROUND + "/kaarten", sheet, name="console_invite_sheet")
    add.add_get(ROUND + "/qr-codes", qr_codes, name="console_invite_qr")


def _empty_form() -> dict[str, str]:
    return {"role": "client", "location": "", "count": "10", "uses": "een", "n": "", "days": ""}


async def _invites_page(request: web.Request, round_: Round, **context: Any) -> web.Response:
    store = request.app[STORE]
    invites = await store.list_invites(round_.id)
    context.setdefault("form", _empty_form())
    return page(
        request,
        "invites.html.j2",
        round=round_,
        invites=list(reversed(invites)),
        locations=await store.list_locations(),
        roles=ops.role_names(),
        uses=USES,
        role_label=dict(ops.role_names()).get,
        **context,
    )


@signed_in
async def invites_page(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    made = _range(request)
    revoked = request.query.get("ingetrokken", "")
    notice = None
    if made is not None:
        notice = "De codes zijn gemaakt. Print de kaarten of download de QR-codes hieronder."
    elif revoked.isdigit():
        notice = ngettext(
            "{n} code ingetrokken. Antwoorden die al gegeven zijn, blijven.",
            "{n} codes ingetrokken. Antwoorden die al gegeven zijn, blijven.",
            int(revoked),
        )
    return await _invites_page(request, round_, made=made, notice=notice)


def _range(request: web.Request) -> tuple[int, int] | None:
    first = whole_number(request.query.get("van", ""))
    last = whole_number(request.query.get("tot", ""))
    if first is not None and last is not None and first <= last:
        return first, last
    return None


def _uses(choice: str, number: str) -> int | None:
    if choice == "open":
        return None
    if choice == "meer":
        if not number.strip():
            raise Problem("Vul in hoeveel mensen één code mogen gebruiken.", "no number of uses")
        return ops.parse_uses(number)
    return 1


@signed_in
async def create(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    typed = {key: form_text(form, key) for key in _empty_form()}
    settings = request.app[SETTINGS]
    try:
        count = whole_number(typed["count"])
        if count is None:
            raise Problem("Vul het aantal codes in als getal, bijvoorbeeld 20.", "count")
        days = whole_number(typed["days"])
        if typed["days"] and days is None:
            raise Problem("Vul het aantal dagen in als getal, of laat het leeg.", "days")
        kind = Kind.CONTRIBUTION.value if form_text(form, "kind") == "bijdrage" else "survey"
        made = await ops.create_invites(
            request.app[STORE],
            request.app[CATALOG],
            request[COORDINATOR].actor,
            round_,
            typed["role"],
            count,
            timezone=settings.timezone,
            location=typed["location"] or None,
            max_uses=_uses(typed["uses"], typed["n"]),
            days=days,
            kind=kind,
        )
    except Problem as problem:
        return await _invites_page(request, round_, problem=problem, form=typed, made=None)
    raise web.HTTPSeeOther(
        f"/beheer/rondes/{round_.id}/uitnodigingen?van={made[0].id}&tot={made[-1].id}"
    )


@signed_in
async def revoke(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    form = await request.post()
    chosen = [value for value in form.getall("code", []) if isinstance(value, str)]
    own = {invite.code for invite in await request.app[STORE].list_invites(round_.id)}
    try:
        codes = ops.codes_in(chosen)
        if not set(codes) <= own:
            raise Problem("Kies alleen codes van deze ronde.", "code of another round")
        result = await ops.revoke(request.app[STORE], request[COORDINATOR].actor, codes)
    except Problem as problem:
        return await _invites_page(request, round_, problem=problem, made=None)
    raise web.HTTPSeeOther(
        f"/beheer/rondes/{round_.id}/uitnodigingen?ingetrokken={len(result.revoked)}"
    )


async def _chosen(request: web.Request, round_: Round) -> list[Invite]:
    """The invites of this round in the id range asked for, or all that can still be used."""
    invites = await request.app[STORE].list_invites(round_.id)
    wanted = _range(request)
    if wanted is not None:
        invites = [i for i in invites if wanted[0] <= i.id <= wanted[1]]
    invites = [i for i in invites if i.revoked_at is None]
    if not invites:
        raise web.HTTPNotFound()
    return invites


@signed_in
async def sheet(request: web.Request) -> web.StreamResponse:
    """The card sheet as its own page, to print (no scripts; styles of its own)."""
    round_ = await the_round(request)
    invites = await _chosen(request, round_)
    settings = request.app[SETTINGS]
    await request.app[STORE].audit(
        request[COORDINATOR].actor, "invite_sheet", round=round_.name, count=len(invites)
    )
    body = ops.card_sheet(
        invites,
        round_,
        settings.bot_username,
        settings.organisation,
        settings.web_url,
        whatsapp=settings.whatsapp_phone_number,
    )
    return web.Response(
        text=body,
        content_type="text/html",
        charset="utf-8",
        headers={"Content-Security-Policy": DOCUMENT_CSP},
    )


@signed_in
async def qr_codes(request: web.Request) -> web.StreamResponse:
    round_ = await the_round(request)
    invites = await _chosen(request, round_)
    await request.app[STORE].audit(
        request[COORDINATOR].actor, "invite_sheet", round=round_.name, count=len(invites), qr=True
    )
    settings = request.app[SETTINGS]
    archive = ops.qr_zip(
        invites, settings.bot_username, settings.web_url, whatsapp=settings.whatsapp_phone_number
    )
    return download(File(ops.qr_zip_name(round_), archive))
