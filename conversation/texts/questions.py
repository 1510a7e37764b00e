"""Texts around the questions: progress, what to type, buttons, answers, the overview, thanks."""

from __future__ import annotations

from questionnaires.i18n import Plural
from questionnaires.model import Text

QUESTIONS: dict[str, Text | Plural] = {
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
}
