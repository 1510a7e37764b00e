"""The coordinator console under /beheer: rounds, locations, invites, progress, quote review,
the report, exports and the audit log, for coordinators who logged in with a one-time link
(the bot's /beheer) or code (`inspraak console-login`).

Every page is a thin shell over the `coordination` operations the command line uses too. Every
route except the login pages needs a live console session (`common.signed_in`), and every POST
carries two CSRF tokens: the web server's, and one bound to the console session.
"""

from __future__ import annotations

from aiohttp import web

from web.app import ERROR_PAGES
from web.console import access, common, invites, reports, review, rounds


def setup(app: web.Application) -> None:
    """Add the console routes under /beheer, and its own error pages."""
    app[ERROR_PAGES]["/beheer"] = common.error_page
    access.setup(app)
    rounds.setup(app)
    invites.setup(app)
    review.setup(app)
    reports.setup(app)
