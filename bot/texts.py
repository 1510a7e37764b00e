"""What only the Telegram bot says: its command menu, coordinator replies, Telegram notices.

Participant texts live in `conversation.texts`; `t` looks in both.
"""

from __future__ import annotations

from conversation.markup import EdgeTexts, rich
from conversation.screens import Outcome, notice
from questionnaires.model import Lang, Text

# Commands as registered with setMyCommands, in menu order.
COMMANDS: dict[str, Text] = {
    "start": Text("Beginnen met je uitnodiging", "Start with your invitation"),
    "verder": Text("Verder waar je was", "Continue where you were"),
    "stop": Text("Pauzeren: je antwoorden blijven bewaard", "Pause: your answers are kept"),
    "mijngegevens": Text("Zien wat er over jou is bewaard", "See what is stored about you"),
    "verwijder": Text("Al je antwoorden wissen", "Erase all your answers"),
    "bijdrage": Text(
        "Een bijdrage melden (ervaringsdeskundigen)", "Log a contribution (peer experts)"
    ),
    "taal": Text("Nederlands / English", "Nederlands / English"),
    "help": Text("Uitleg en hulp", "Explanation and help"),
}

ROLE_NAMES: dict[str, Text] = {
    "client": Text("Cliënten", "Clients"),
    "naaste": Text("Naasten", "Relatives"),
    "ervaringsdeskundige": Text("Ervaringsdeskundigen", "Peer experts"),
    "partner": Text("Samenwerkingspartners", "Partner organisations"),
    "professional": Text("Professionals", "Professionals"),
}

T: dict[str, Text] = {
    "only_text": Text(
        "Ik kan alleen tekst en de knoppen gebruiken. Geen foto's, spraak of stickers.\n"
        "Er is niets bewaard.",
        "I can only use text and the buttons, no photos, voice or stickers.\n"
        "Nothing has been stored.",
    ),
    "private_only": Text(
        "Ik werk alleen in een privégesprek, zodat je antwoorden privé blijven. "
        "Open mij via de link in je uitnodiging.",
        "I only work in a private chat, so your answers stay private. "
        "Open me through the link in your invitation.",
    ),
    "error": Text(
        "Sorry, er ging iets mis aan mijn kant. Je antwoorden zijn bewaard.\n"
        "Probeer het zo nog eens, of typ /verder.",
        "Sorry, something went wrong on my side. Your answers are kept.\n"
        "Please try again shortly, or type /verder.",
    ),
    "reminder": Text(
        "Hallo! Je bent begonnen met de vragenlijst, maar nog niet klaar. "
        "Wil je verder gaan? Typ /verder. Geen herinneringen meer? Typ /stop.",
        "Hello! You started the questionnaire but have not finished yet. "
        "Want to continue? Type /verder. No more reminders? Type /stop.",
    ),
    "progress_head": Text("<b>Voortgang: {round}</b>", "<b>Progress: {round}</b>"),
    "progress_line": Text(
        "{role} · {location}: {invited} uitgenodigd, {started} begonnen, {completed} klaar{rate}",
        "{role} · {location}: {invited} invited, {started} started, {completed} completed{rate}",
    ),
    "progress_too_few": Text("⚠️ met antwoorden: {people}", "⚠️ with answers: {people}"),
    "progress_none": Text(
        "Er is nog geen ronde. Maak er een met: inspraak round create",
        "There is no round yet. Create one with: inspraak round create",
    ),
    "report_busy": Text(
        "Ik maak het rapport voor {round}. Een moment...", "Making the report for {round}..."
    ),
    "report_sent": Text(
        "Hier is de inputsectie voor het kwaliteitsverslag (Word, HTML en Markdown). "
        "Groepen kleiner dan {k} zijn weggelaten; alleen goedgekeurde citaten staan erin.",
        "Here is the input section for the quality report (Word, HTML and Markdown). "
        "Groups smaller than {k} are left out; only approved quotes are included.",
    ),
    "report_interim": Text(
        "Let op: {round} loopt nog. Dit is een tussenstand; de cijfers kunnen nog veranderen. "
        "Het verslag zegt dat bovenaan.",
        "Note: {round} is still open. This is an interim report; the figures can still change. "
        "The report says so at the top.",
    ),
    "report_unavailable": Text(
        "Rapporten maken kan hier niet. Gebruik op de server: inspraak report",
        "Reports cannot be made here. On the server use: inspraak report",
    ),
    "console_link": Text(
        "Open deze link om in te loggen op beheer:\n{url}\n\nDe link werkt één keer en "
        "{minutes} lang. Stuur hem niet door.",
        "Open this link to log in to the console:\n{url}\n\nThe link works once, for "
        "{minutes}. Do not forward it.",
    ),
    "no_location": Text("zonder locatie", "no location"),
    "unlimited": Text("open link", "open link"),
    "no_access": Text(
        "Geen toegang. Deze opdracht is alleen voor coördinatoren.",
        "No access. This command is for coordinators only.",
    ),
}


t = EdgeTexts(T)  # a bot text, else a conversation text


def says(key: str, lang: Lang, **values: object) -> Outcome:
    """An outcome of one notice: the text `key`, values filled in as they are."""
    return Outcome([notice(rich(key, lang, lookup=t, **values))])
