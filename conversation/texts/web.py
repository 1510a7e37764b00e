"""In a browser there are no commands to type and no chat: these texts read differently there
(they replace the texts of the same key in the web form)."""

from __future__ import annotations

from questionnaires.i18n import Plural
from questionnaires.model import Text

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
