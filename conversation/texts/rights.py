"""Texts of what holds whatever one answers: pause, nothing open, after the end, old buttons,
help, my data, erase, language."""

from __future__ import annotations

from questionnaires.i18n import Plural
from questionnaires.model import Text

RIGHTS: dict[str, Text | Plural] = {
    "paused": Text(
        "Gepauzeerd. Je antwoorden zijn bewaard.\n"
        "Ga verder wanneer het jou uitkomt: typ /verder. Je krijgt geen herinneringen meer.",
        "Paused. Your answers are kept.\n"
        "Continue whenever you like: type /verder. You won't get reminders any more.",
    ),
    "nothing_open": Text(
        "Je hebt nu geen vragenlijst openstaan.\n"
        "Om mee te doen open je de link uit je uitnodiging. Typ /help voor uitleg.",
        "You have no open questionnaire right now.\n"
        "To take part, open the link from your invitation. Type /help for more.",
    ),
    # After hand-in, whatever the person sends: short, and what they can still do.
    "after_end": Text(
        "Je antwoorden zijn al verstuurd. Dank je wel!\n"
        "Zien wat er over jou is bewaard? Typ /mijngegevens. Alles wissen? Typ /verwijder.",
        "Your answers have already been sent. Thank you!\n"
        "See what is stored about you? Type /mijngegevens. Erase everything? Type /verwijder.",
    ),
    "stale_button": Text(
        "Deze knop hoort bij een eerdere vraag. Gebruik de knoppen van de laatste vraag.",
        "This button belongs to an earlier question. Please use the latest buttons.",
    ),
    "invalid_button": Text("Deze knop werkt niet (meer).", "This button no longer works."),
    "stale_answer": Text(
        "Dat antwoord hoorde bij een eerdere vraag. Het is niet bewaard. "
        "Hier is de vraag waar je nu bent.",
        "That answer belonged to an earlier question. It was not saved. "
        "Here is the question you are at now.",
    ),
    "help": Text(
        "<b>Zo werkt het</b>\n"
        "Ik stel je vragen over de zorg, één voor één. Antwoord met de knoppen of typ je "
        "antwoord. Elke vraag mag je overslaan.\n\n"
        "/verder – verder waar je was\n"
        "/stop – pauzeren (je antwoorden blijven bewaard)\n"
        "/mijngegevens – zien wat er over jou is bewaard\n"
        "/verwijder – al je antwoorden wissen\n"
        "/taal – Nederlands of English\n\n"
        "Je antwoorden staan onder een code, zonder je naam. In het verslag staan alleen "
        "totalen van groepen. Vragen over privacy? Neem contact op met {contact}.",
        "<b>How it works</b>\n"
        "I ask you questions about the care, one at a time. Answer with the buttons or type "
        "your answer. You may skip any question.\n\n"
        "/verder – continue where you were\n"
        "/stop – pause (your answers are kept)\n"
        "/mijngegevens – see what is stored about you\n"
        "/verwijder – erase all your answers\n"
        "/taal – Nederlands or English\n\n"
        "Your answers are stored under a code, without your name. The report only shows "
        "totals of groups. Questions about privacy? Contact {contact}.",
    ),
    # Also what someone reads after `inspraak retention` removed the link to their chat: their
    # sent answers still count (under a pseudonym nobody can trace back), so "nothing is
    # stored" would not be true.
    "my_data_none": Text(
        "Ik vind bij deze chat geen antwoorden.\n\n"
        "Deed je mee aan een ronde die meer dan {days} voorbij is? Dan hebben we de "
        "koppeling tussen deze chat en je antwoorden weggehaald. Zo beschermen we je privacy.\n\n"
        "Je verstuurde antwoorden tellen nog mee in de cijfers van het verslag. Maar niemand "
        "kan zien dat ze van jou zijn, ook wij niet. Daarom kunnen we ze niet meer laten zien "
        "en ook niet apart wissen. Antwoorden die je niet had verstuurd, zijn gewist.\n\n"
        "Vragen? Neem contact op met {contact}.",
        "I find no answers for this chat.\n\n"
        "Did you take part in a round that ended more than {days} ago? Then we have "
        "removed the link between this chat and your answers, to protect your privacy.\n\n"
        "The answers you sent still count in the report's figures, but nobody can see that they "
        "are yours, not even us. So we can no longer show them to you or erase them one by "
        "one. Answers you had not sent were erased.\n\n"
        "Questions? Contact {contact}.",
    ),
    "my_data_head": Text(
        "<b>Wat er over jou is bewaard</b>\n"
        "Je code: {pseudonym} (je naam en telefoonnummer bewaren we niet)\n"
        "Taal: {language}\n",
        "<b>What is stored about you</b>\n"
        "Your code: {pseudonym} (we do not store your name or phone number)\n"
        "Language: {language}\n",
    ),
    "my_data_response": Text(
        "\n<b>{title}</b> ({status}, begonnen {started})",
        "\n<b>{title}</b> ({status}, started {started})",
    ),
    "status_in_progress": Text("nog bezig", "in progress"),
    "status_submitted": Text("verstuurd", "submitted"),
    "erase_confirm": Text(
        "Weet je het zeker? Al je antwoorden en je koppeling met deze chat worden gewist. "
        "Dat kan niet ongedaan worden gemaakt.",
        "Are you sure? All your answers and the link to this chat will be erased. "
        "This cannot be undone.",
    ),
    "erase_yes": Text("Ja, wis alles", "Yes, erase everything"),
    "erase_no": Text("Nee, niet wissen", "No, keep it"),
    "erased": Plural(
        (
            "Alles is gewist: {n} antwoord en je koppeling met deze chat. "
            "Er is niets meer van je bewaard.\n"
            "Wil je toch weer meedoen? Open dan je uitnodiging (link of QR-code) nog een keer.",
            "Alles is gewist: {n} antwoorden en je koppeling met deze chat. "
            "Er is niets meer van je bewaard.\n"
            "Wil je toch weer meedoen? Open dan je uitnodiging (link of QR-code) nog een keer.",
        ),
        (
            "Everything is erased: {n} answer and the link to this chat. "
            "Nothing about you is kept.\n"
            "Want to take part again? Open your invitation (link or QR code) once more.",
            "Everything is erased: {n} answers and the link to this chat. "
            "Nothing about you is kept.\n"
            "Want to take part again? Open your invitation (link or QR code) once more.",
        ),
    ),
    "erase_cancelled": Text("Er is niets gewist.", "Nothing was erased."),
    "language_choose": Text("Kies je taal / Choose your language:", "Choose your language:"),
    "language_set": Text("De taal is nu Nederlands.", "The language is now English."),
}
