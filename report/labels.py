"""Dutch words the report uses for roles, report parts and suppressed figures."""

from __future__ import annotations

from datetime import date

from questionnaires.model import ReportPart, Role

ROLE_LABELS: dict[str, str] = {
    Role.CLIENT: "Cliënten",
    Role.NAASTE: "Naasten",
    Role.ERVARINGSDESKUNDIGE: "Ervaringsdeskundigen",
    Role.PARTNER: "Samenwerkingspartners",
    Role.PROFESSIONAL: "Professionals",
    Role.CLIENTENRAAD: "Cliëntenraad",
    Role.FAMILIERAAD: "Familieraad",
}
ROLE_ORDER: tuple[str, ...] = tuple(ROLE_LABELS)

PART_TITLES: dict[ReportPart, str] = {
    ReportPart.TERUGBLIK: "Terugblik",
    ReportPart.REFLECTIE: "Reflectie op de resultaten",
    ReportPart.VOORUITBLIK: "Vooruitblik",
}

# Where a pillar's part shows the reflection round's answers.
REFLECTION_TITLE = "Uit de reflectieronde"


def audited_sentence(k: int) -> str:
    """What the disclosure audit vouches for, after what a report (or its ART part) hid."""
    return (
        "Een computer heeft nagerekend dat de getoonde cijfers niets verraden over een groep "
        f"van minder dan {k} mensen."
    )


# What a likert question's headline figure counts, per scale.
KEY_LABELS: dict[str, str] = {
    "agree": "(helemaal) eens",
    "satisfied": "(heel) tevreden",
    "frequency": "vaak of altijd",
}


# The channels people answer on, as stored with each response: name and a short description
# for the verantwoording. A channel without an entry is named as it is stored.
CHANNEL_NAMES: dict[str, tuple[str, str]] = {
    "telegram": (
        "Telegram-bot",
        "een chat-app op telefoon, tablet of computer; de vragen komen één voor één in de chat",
    ),
    "web": (
        "Webformulier",
        "in de browser op telefoon of computer, zonder app; één vraag per pagina",
    ),
    "whatsapp": (
        "WhatsApp",
        "de chat-app op de telefoon; de vragen komen één voor één in de chat",
    ),
    "": (
        "Kanaal niet bekend",
        "antwoorden van vóór deze versie, waarvan het kanaal niet is bewaard",
    ),
}


def channel_name(channel: str) -> tuple[str, str]:
    return CHANNEL_NAMES.get(channel, (channel.capitalize(), ""))


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def suppressed_text(k: int) -> str:
    """The sentence shown wherever a figure rests on too few respondents."""
    return f"minder dan {k} antwoorden: niet getoond"


def whole(value: float) -> int:
    """Round half up, as readers expect (62.5% is 63%, not 62%)."""
    return int(value + 0.5)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{whole(value)}%"


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def nl_date(day: date) -> str:
    """A date as Dutch readers write it: 1 maart 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


PROTECTS_OTHER = "niet getoond, om een kleine groep op een andere locatie te beschermen"
# A question whose figures rest on enough people, hidden by the disclosure audit: together
# with other figures (also of an earlier report) they would give a small group away.
PROTECTS_GROUP = "niet getoond, om een kleine groep te beschermen"
# The contributions table's hidden rows together, per breakdown that adds up to the total
REST_KINDS = "Overige soorten"
REST_PILLARS = "Overige pijlers"
REST_LOCATIONS = "Overige locaties"
