"""The audit log, read back for coordinators: who did what, when; never participant data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storage.store import Store

# What each action means, in Dutch for the console; unknown actions show their own name.
ACTIONS: dict[str, str] = {
    "round_created": "ronde gemaakt",
    "round_dates": "data van een ronde veranderd",
    "round_closed": "ronde gesloten",
    "locations_added": "locaties toegevoegd",
    "location_renamed": "locatie hernoemd",
    "invites_created": "uitnodigingscodes gemaakt",
    "invites_revoked": "uitnodigingscodes ingetrokken",
    "invite_sheet": "kaartenvel of QR-codes bekeken",
    "quote_approved": "citaat goedgekeurd",
    "quote_rejected": "citaat afgewezen",
    "quote_withdrawn": "goedkeuring van een citaat ingetrokken",
    "report": "verslag gemaakt",
    "report_preview": "verslag bekeken",
    "export": "gegevens geëxporteerd",
    "access_refused": "toegang geweigerd",
    "console_login_link": "inloglink voor beheer gemaakt",
    "console_login": "ingelogd op beheer",
    "console_login_refused": "inloggen op beheer geweigerd",
    "console_logout": "uitgelogd van beheer",
    "backup": "back-up gemaakt",
    "restore": "back-up teruggezet",
}


def who(actor: str) -> str:
    """An actor of the audit log as a colleague names them: the console's 'beheer code:Kim'
    is Kim, 'beheer telegram:123' the Telegram user 123; a command's user name stays."""
    kind, _, rest = actor.removeprefix("beheer ").partition(":")
    if not actor.startswith("beheer ") or not rest:
        return actor
    return f"Telegram-gebruiker {rest}" if kind == "telegram" else rest


# Detail names in Dutch; others show as they are.
DETAILS: dict[str, str] = {
    "round": "ronde",
    "starts": "van",
    "ends": "tot en met",
    "locations": "locaties",
    "role": "groep",
    "location": "locatie",
    "previous": "heette",
    "count": "aantal",
    "uses": "gebruik per code",
    "kind": "soort",
    "response": "antwoordset",
    "question": "vraag",
    "edited": "aangepast",
    "section": "deel",
    "formats": "bestanden",
    "format": "bestand",
    "rows": "regels",
    "file": "bestandsnaam",
    "reason": "reden",
    "coordinator": "voor",
    "command": "opdracht",
    "disclosure_audit": "controle op herleidbaarheid",
    "interim": "tussenstand",
    "k": "kleinste groep",
}


# Values in Dutch where a detail is a fixed word (the kind of an export or an invite).
VALUES: dict[str, dict[str, str]] = {
    "kind": {
        "public": "openbaar (anoniem)",
        "research": "onderzoek (persoonsgegevens)",
        "survey": "vragenlijst",
        "reflection": "reflectie",
        "contribution": "bijdrage",
    },
}


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    details: dict[str, Any]

    @property
    def what(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def detail_text(self) -> str:
        return "; ".join(
            f"{DETAILS.get(key, key)}: {VALUES.get(key, {}).get(str(value), _value(value))}"
            for key, value in self.details.items()
        )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value)


async def entries(store: Store, timezone: str, limit: int = 200) -> list[AuditEntry]:
    """The latest entries first, with local times."""
    zone = ZoneInfo(timezone)
    return [
        AuditEntry(datetime.fromisoformat(at).astimezone(zone), actor, action, details)
        for at, actor, action, details in await store.audit_entries(limit)
    ]
