"""Texts on the way in: without a code, invites that do not work, consent, coming back."""

from __future__ import annotations

from questionnaires.i18n import Plural
from questionnaires.model import Text

ENTRY: dict[str, Text | Plural] = {
    "welcome_no_code": Text(
        "Hallo! Ik ben de vragenlijst-bot van {org}.\n\n"
        "Met mij kun je vertellen wat je vindt van de zorg en het wonen. "
        "Je antwoorden helpen om de zorg beter te maken.\n\n"
        "Om mee te doen heb je een uitnodiging nodig: een link of QR-code. "
        "Die krijg je van je begeleider of van de kwaliteitsmedewerker. "
        "Open de link, dan begin je vanzelf.\n\n"
        "Typ /help voor meer uitleg.",
        "Hello! I am the questionnaire bot of {org}.\n\n"
        "You can tell us what you think of the care and housing. "
        "Your answers help to improve care.\n\n"
        "To take part you need an invitation: a link or QR code from your support worker "
        "or the quality officer. Open the link and you start automatically.\n\n"
        "Type /help for more.",
    ),
    "invite_unknown": Text(
        "Deze uitnodiging ken ik niet. Misschien is de link niet helemaal goed overgenomen.\n"
        "Probeer de link of QR-code nog eens. Lukt het niet? Vraag dan om een nieuwe uitnodiging.",
        "I don't know this invitation. Maybe the link was not copied completely.\n"
        "Please try the link or QR code again, or ask for a new invitation.",
    ),
    "invite_expired": Text(
        "Deze uitnodiging is verlopen. Vraag om een nieuwe uitnodiging als je nog mee wilt doen.",
        "This invitation has expired. Ask for a new one if you still want to take part.",
    ),
    "invite_used_up": Text(
        "Deze uitnodiging is al gebruikt. Elke uitnodiging werkt maar voor één persoon.\n"
        "Wil je ook meedoen? Vraag dan om een eigen uitnodiging.",
        "This invitation has already been used; each one works for one person.\n"
        "Want to take part too? Ask for an invitation of your own.",
    ),
    "invite_started_elsewhere": Text(
        "Met deze uitnodiging is al iemand begonnen.\n\n"
        "Was jij dat? Ga dan verder waar je begon: op dezelfde telefoon of computer, of in "
        "dezelfde chat. Kreeg je een persoonlijke link? Daarmee ga je ook op een ander apparaat "
        "verder.\n\n"
        "Met alleen de code kan niemand je antwoorden zien. Zo blijven ze van jou.\n"
        "Lukt het niet? Vraag dan om een nieuwe uitnodiging.",
        "Someone has already started with this invitation.\n\n"
        "Was it you? Then continue where you started: on the same phone or computer, or in the "
        "same chat. Did you get a personal link? With it you can also continue on another "
        "device.\n\n"
        "Nobody can see your answers with just the code. That keeps them yours.\n"
        "Doesn't that work? Ask for a new invitation.",
    ),
    "invite_revoked": Text(
        "Deze uitnodiging is ingetrokken. Vraag om een nieuwe uitnodiging als je mee wilt doen.",
        "This invitation was withdrawn. Ask for a new one if you want to take part.",
    ),
    "invite_round_closed": Text(
        "Deze vragenlijst is gesloten. Meedoen kan niet meer. Bedankt voor je interesse!",
        "This questionnaire is closed. Thank you for your interest!",
    ),
    "invite_round_not_started": Text(
        "Deze vragenlijst begint op {start}. Open de link vanaf die dag nog een keer.",
        "This questionnaire starts on {start}. Please open the link again from that day.",
    ),
    "consent": Text(
        "<b>{title}</b>\n\n"
        "Deze vragen komen van {org}. We vragen jou mee te denken over de zorg. Dat is voor "
        "het kwaliteitsverslag: een verslag dat elk jaar laat zien hoe de zorg gaat en wat "
        "beter kan.\n\n"
        "<b>Wat gebeurt er met je antwoorden?</b>\n"
        "• Je naam is niet nodig. Ik bewaar je antwoorden onder een code.\n"
        "• In het verslag staan alleen totalen van minstens {k}. Niemand van "
        "{org} ziet jouw antwoorden met jouw naam erbij. Ook je begeleider niet.\n"
        "• Wat je zelf schrijft komt alleen in het verslag als een medewerker het eerst "
        "heeft gecontroleerd, zonder namen.\n\n"
        "<b>Jij beslist</b>\n"
        "• Elke vraag mag je overslaan. Het duurt ongeveer {minutes}.\n"
        "{controls}"
        "• Vragen over privacy? Neem contact op met {contact}.\n\n"
        "Doe je mee?",
        "<b>{title}</b>\n\n"
        "These questions come from {org}. We ask you to help think about the care, for the "
        "yearly quality report.\n\n"
        "<b>What happens with your answers?</b>\n"
        "• Your name is not needed. Your answers are stored under a code.\n"
        "• The report only shows totals of at least {k}. Nobody at {org} sees your "
        "answers with your name, not even your support worker.\n"
        "• What you write yourself only appears in the report after a staff member checked it, "
        "without names.\n\n"
        "<b>You decide</b>\n"
        "• You may skip any question. It takes about {minutes}.\n"
        "{controls}"
        "• Questions about privacy? Contact {contact}.\n\n"
        "Will you take part?",
    ),
    "consent_controls": Text(
        "• Stoppen kan altijd met /stop. Later ga je verder met /verder.\n"
        "• Alles wissen kan met /verwijder, tot {days} na het einde van de ronde. Daarna "
        "weet niemand meer welke antwoorden van jou zijn.\n",
        "• Stop any time with /stop, continue later with /verder.\n"
        "• Erase everything with /verwijder, up to {days} after the round ends. After "
        "that, nobody can tell which answers are yours.\n",
    ),
    "consent_yes": Text("Ja, ik doe mee", "Yes, I'll take part"),
    "consent_no": Text("Nee, liever niet", "No, thanks"),
    "consent_refused": Text(
        "Dat is goed. Er is niets van je bewaard.\n"
        "Bedenk je je? Druk dan op de knop, of open later dezelfde link nog een keer.",
        "That's fine. Nothing about you has been stored.\n"
        "If you change your mind, press the button, or open the same link again later.",
    ),
    "consent_given": Text("Je doet mee. Dank je wel!", "You are taking part. Thank you!"),
    "resume": Text(
        "Welkom terug! We gaan verder waar je was.", "Welcome back! Let's continue where you were."
    ),
}
