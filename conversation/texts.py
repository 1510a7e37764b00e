"""Everything the conversation says to participants, in Dutch (taalniveau B1) with English second.

Channel-neutral: the Telegram and web edges show these texts as they are.
"""

from __future__ import annotations

from contextvars import ContextVar

from questionnaires.i18n import Plural
from questionnaires.model import Lang, Text
from settings import DEFAULT_ORGANISATION, DEFAULT_PRIVACY_CONTACT

# Counted words that other texts take in whole: t("n_minutes", lang, n=1) is "1 minuut".
COUNTS: dict[str, Plural] = {
    "n_minutes": Plural(("{n} minuut", "{n} minuten"), ("{n} minute", "{n} minutes")),
    "n_days": Plural(("{n} dag", "{n} dagen"), ("{n} day", "{n} days")),
    "n_people": Plural(("{n} persoon", "{n} mensen"), ("{n} person", "{n} people")),
}

T: dict[str, Text | Plural] = {
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
    "progress": Text("Vraag {n} van {total}", "Question {n} of {total}"),
    "type_text": Text("Typ je antwoord in een bericht.", "Type your answer in a message."),
    "type_text_max": Text(
        "Typ je antwoord in een bericht (hoogstens {max} tekens).",
        "Type your answer in a message (at most {max} characters).",
    ),
    "type_number": Text(
        "Typ een getal van {min} tot en met {max}.", "Type a number from {min} to {max}."
    ),
    "type_date": Text(
        "Typ een datum, bijvoorbeeld {example} of 'vandaag'.",
        "Type a date, for example {example} or 'today'.",
    ),
    "multi_hint": Text(
        "Je mag meer antwoorden kiezen. Druk daarna op 'Klaar'.",
        "You may choose more than one. Then press 'Done'.",
    ),
    "btn_back": Text("« Terug", "« Back"),
    "btn_skip": Text("Sla over", "Skip"),
    "btn_next": Text("Verder »", "Next »"),
    "btn_done": Text("Klaar", "Done"),
    "btn_submit": Text("Versturen", "Submit"),
    "btn_change": Text("Iets veranderen", "Change something"),
    "btn_cancel": Text("Annuleren", "Cancel"),
    "answered": Text("Je antwoord: {answer}", "Your answer: {answer}"),
    "skipped": Text("Overgeslagen", "Skipped"),
    "required": Text(
        "Deze vraag is nodig om verder te gaan. Kies of typ een antwoord.",
        "This question is needed to continue. Please choose or type an answer.",
    ),
    "no_back": Text("Dit is de eerste vraag.", "This is the first question."),
    "overview": Text(
        "<b>Je bent klaar!</b> Dit zijn je antwoorden:\n\n{lines}\n\n"
        "Klopt alles? Druk op 'Versturen'. Wil je iets veranderen? Dat kan ook.",
        "<b>You are done!</b> These are your answers:\n\n{lines}\n\n"
        "Is everything right? Press 'Submit'. Want to change something? You can.",
    ),
    "missing_required": Text(
        "Nog niet beantwoord, maar wel nodig: {questions}",
        "Not answered yet, but needed: {questions}",
    ),
    "choose_change": Text(
        "Welke vraag wil je veranderen?", "Which question would you like to change?"
    ),
    "thanks": Text(
        "<b>Dank je wel!</b> Je antwoorden zijn verstuurd.\n\n"
        "Wil je ze later toch wissen? Typ dan /verwijder.",
        "<b>Thank you!</b> Your answers have been sent.\n\n"
        "Want to erase them later? Type /verwijder.",
    ),
    "results_missing": Text(
        "De cijfers zijn hier nu niet te zien. Vraag de organisatie om het verslag.",
        "The figures cannot be shown here right now. Ask the organisation for the report.",
    ),
    "contribution_thanks": Text(
        "Je bijdrage is bewaard. Nog een bijdrage melden? Typ /bijdrage.",
        "Your contribution is saved. Log another one? Type /bijdrage.",
    ),
    "contribution_no_invite": Text(
        "Met /bijdrage meld je als ervaringsdeskundige wat je hebt gedaan. Daarvoor heb je één "
        "keer de link voor het logboek nodig. Vraag die aan de kwaliteitsmedewerker.",
        "With /bijdrage peer experts log what they did. You need the logbook link once; "
        "ask the quality officer for it.",
    ),
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

# In a browser there are no commands to type and no chat: these texts read differently there.
WEB: dict[str, Text | Plural] = {
    "my_data_none": Text(
        "Ik vind in deze browser geen antwoorden.\n\n"
        "Deed je mee aan een ronde die meer dan {days} voorbij is? Dan hebben we de "
        "koppeling tussen deze browser (en je persoonlijke link) en je antwoorden weggehaald. "
        "Zo beschermen we je privacy.\n\nJe verstuurde antwoorden tellen nog mee in de cijfers "
        "van het verslag. Maar niemand kan zien dat ze van jou zijn, ook wij niet. Daarom "
        "kunnen we ze niet meer laten zien en ook niet apart wissen. Antwoorden die je niet "
        "had verstuurd, zijn gewist.\n\n"
        "Deed je mee op een andere telefoon of computer? Open dan daar 'Mijn gegevens'.\n\n"
        "Vragen? Neem contact op met {contact}.",
        "I find no answers in this browser.\n\n"
        "Did you take part in a round that ended more than {days} ago? Then we have "
        "removed the link between this browser (and your personal link) and your answers, to "
        "protect your privacy.\n\nThe answers you sent still count in the report's figures, but "
        "nobody can see that they are yours, not even us. So we can no longer show them to "
        "you or erase them one by one. Answers you had not sent were erased.\n\n"
        "Did you take part on another phone or computer? Then open 'My data' there.\n\n"
        "Questions? Contact {contact}.",
    ),
    "consent_controls": Text(
        "• Stoppen kan altijd met de knop 'Pauzeren'. Later ga je verder waar je was.\n"
        "• Alles wissen kan met 'Alles wissen', onderaan elke pagina. Dat kan tot {days} na "
        "het einde van de ronde. Daarna weet niemand meer welke antwoorden van jou zijn.\n",
        "• Stop any time with the 'Pause' button and continue later where you were.\n"
        "• Erase everything with 'Erase everything', at the bottom of every page, up to {days} "
        "after the round ends. After that, nobody can tell which answers are yours.\n",
    ),
    "type_text": Text("Typ je antwoord in het vak.", "Type your answer in the box."),
    "type_text_max": Text(
        "Typ je antwoord in het vak (hoogstens {max} tekens).",
        "Type your answer in the box (at most {max} characters).",
    ),
    "multi_hint": Text(
        "Je mag meer antwoorden kiezen. Kies daarna 'Klaar'.",
        "You may choose more than one. Then choose 'Done'.",
    ),
    "overview": Text(
        "<b>Je bent klaar!</b> Dit zijn je antwoorden:\n\n{lines}\n\n"
        "Klopt alles? Kies 'Versturen'. Wil je iets veranderen? Kies dan 'Wijzig' bij "
        "dat antwoord.",
        "<b>You are done!</b> These are your answers:\n\n{lines}\n\n"
        "Is everything right? Choose 'Submit'. Want to change something? Choose 'Change' next "
        "to that answer.",
    ),
    "thanks": Text(
        "<b>Dank je wel!</b> Je antwoorden zijn verstuurd.\n\n"
        "Wil je ze later toch wissen? Kies dan 'Alles wissen' onderaan de pagina.",
        "<b>Thank you!</b> Your answers have been sent.\n\n"
        "Want to erase them later? Choose 'Erase everything' at the bottom of the page.",
    ),
    "contribution_thanks": Text(
        "Je bijdrage is bewaard. Nog een bijdrage melden? Kies 'Nog een bijdrage'.",
        "Your contribution is saved. Log another one? Choose 'Another contribution'.",
    ),
    "contribution_no_invite": Text(
        "Een bijdrage melden kan met de link voor het logboek. Vraag die aan de "
        "kwaliteitsmedewerker.",
        "You can log a contribution with the logbook link; ask the quality officer for it.",
    ),
    "paused": Text(
        "Gepauzeerd. Je antwoorden zijn bewaard.\nGa verder wanneer het jou uitkomt.",
        "Paused. Your answers are kept.\nContinue whenever you like.",
    ),
    "nothing_open": Text(
        "Je hebt nu geen vragenlijst openstaan.\n"
        "Om mee te doen open je de link uit je uitnodiging, of je typt de code hieronder.",
        "You have no open questionnaire right now.\n"
        "To take part, open the link from your invitation, or type its code below.",
    ),
    "after_end": Text(
        "Je antwoorden zijn al verstuurd. Dank je wel!\n"
        "Onderaan de pagina kun je zien wat er over jou is bewaard, of alles wissen.",
        "Your answers have already been sent. Thank you!\n"
        "At the bottom of the page you can see what is stored about you, or erase everything.",
    ),
    "stale_button": Text(
        "Die knop hoorde bij een eerdere vraag. Hier is de vraag waar je nu bent.",
        "That button belonged to an earlier question. Here is the question you are at now.",
    ),
    "help": Text(
        "<b>Zo werkt het</b>\n"
        "Je krijgt vragen over de zorg, één voor één. Kies een antwoord of typ het in het "
        "vak. Elke vraag mag je overslaan. Met 'Lees voor' hoor je de vraag.\n\n"
        "Onderaan elke pagina kun je pauzeren, zien wat er over jou is bewaard, alles wissen "
        "en de taal kiezen.\n\n"
        "Je antwoorden staan onder een code, zonder je naam. In het verslag staan alleen "
        "totalen van groepen. Vragen over privacy? Neem contact op met {contact}.",
        "<b>How it works</b>\n"
        "You get questions about the care, one at a time. Choose an answer or type it in the "
        "box. You may skip any question. 'Read aloud' reads the question to you.\n\n"
        "At the bottom of every page you can pause, see what is stored about you, erase "
        "everything and choose the language.\n\n"
        "Your answers are stored under a code, without your name. The report only shows "
        "totals of groups. Questions about privacy? Contact {contact}.",
    ),
    "erase_confirm": Text(
        "Weet je het zeker? Al je antwoorden en de koppeling met deze browser worden gewist. "
        "Dat kan niet ongedaan worden gemaakt.",
        "Are you sure? All your answers and the link to this browser will be erased. "
        "This cannot be undone.",
    ),
    "erased": Plural(
        (
            "Alles is gewist: {n} antwoord en de koppeling met deze browser. "
            "Er is niets meer van je bewaard.",
            "Alles is gewist: {n} antwoorden en de koppeling met deze browser. "
            "Er is niets meer van je bewaard.",
        ),
        (
            "Everything is erased: {n} answer and the link to this browser. "
            "Nothing about you is kept.",
            "Everything is erased: {n} answers and the link to this browser. "
            "Nothing about you is kept.",
        ),
    ),
}

# The edge that handles a request or update says which channel it is (the web sets "web" per
# request; each request runs in its own task, so this never leaks to another person).
CHANNEL: ContextVar[str] = ContextVar("inspraak_channel", default="telegram")


# The settings' defaults are Dutch words, not a name or an address: in English they read in
# English. What an organisation configures itself (a name, an e-mail address) reads the same.
DEFAULT_WORDS: dict[str, Text] = {
    DEFAULT_ORGANISATION: Text(DEFAULT_ORGANISATION, "our organisation"),
    DEFAULT_PRIVACY_CONTACT: Text(
        DEFAULT_PRIVACY_CONTACT, "the quality officer of your care organisation"
    ),
}


def configured(value: str, lang: Lang) -> str:
    """A configured organisation or contact as the participant's language words it."""
    default = DEFAULT_WORDS.get(value)
    return default.get(lang) if default else value


def t(key: str, lang: Lang, n: int | None = None, **values: object) -> str:
    """A text in the participant's language, worded for the current channel, filled in. A
    counted text (`Plural`) takes its form from `n` (CLDR's rule for the language)."""
    entry = COUNTS.get(key) or (WEB if CHANNEL.get() == "web" and key in WEB else T)[key]
    if isinstance(entry, Plural):
        if n is None:
            raise TypeError(f"text {key!r} counts something: give n")
        return entry.get(lang, n, **values)
    if n is not None:
        values["n"] = n
    text = entry.get(lang)
    return text.format(**values) if values else text
