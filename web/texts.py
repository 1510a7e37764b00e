"""What only the web form says (page furniture, code entry, resume links), Dutch B1 and English.

What a participant reads inside the questionnaire comes from `conversation.texts`.
"""

from __future__ import annotations

from questionnaires.model import Lang, Text

T: dict[str, Text] = {
    "site_title": Text("Vragenlijst van {org}", "Questionnaire of {org}"),
    "skip_to_content": Text("Naar de inhoud", "Skip to content"),
    "code_heading": Text("Meedoen met de vragenlijst", "Take part in the questionnaire"),
    "code_intro": Text(
        "Heb je een uitnodiging gekregen? Open dan de link uit de uitnodiging. Of typ hieronder "
        "de code die op je uitnodiging staat.",
        "Did you get an invitation? Open the link in it, or type the code from your "
        "invitation below.",
    ),
    "code_label": Text("Je code", "Your code"),
    "code_hint": Text(
        "De code heeft 12 letters en cijfers, bijvoorbeeld abcd efgh jkmn.",
        "The code has 12 letters and digits, for example abcd efgh jkmn.",
    ),
    "code_submit": Text("Verder", "Continue"),
    "too_many_tries": Text(
        "Er is te vaak een verkeerde code geprobeerd. Wacht 10 minuten en probeer het dan "
        "opnieuw. Klopt de code wel? Vraag dan om hulp bij de kwaliteitsmedewerker.",
        "A wrong code was tried too often. Wait 10 minutes, then try again. Sure the code is "
        "right? Ask the quality officer for help.",
    ),
    "start_heading": Text("Welkom", "Welcome"),
    "start_intro": Text(
        "Met deze uitnodiging vul je een korte vragenlijst in voor {org}. Eerst lees je wat er "
        "met je antwoorden gebeurt. Daarna kies je of je meedoet.",
        "With this invitation you fill in a short questionnaire for {org}. First you read "
        "what happens with your answers. Then you choose whether to take part.",
    ),
    "start_button": Text("Beginnen", "Start"),
    "resume_link_heading": Text("Bewaar je persoonlijke link", "Keep your personal link"),
    "resume_link_intro": Text(
        "Met deze link ga je later verder waar je was, ook op een andere telefoon of "
        "computer. Bewaar hem goed, bijvoorbeeld als bladwijzer of in een bericht aan jezelf. "
        "Geef de link aan niemand anders: wie de link heeft, kan je antwoorden zien.",
        "With this link you continue later where you were, also on another phone or "
        "computer. Keep it safe, for example as a bookmark or in a message to yourself. "
        "Don't give the link to anyone else: whoever has it can see your answers.",
    ),
    "to_questions": Text("Naar de vragen", "To the questions"),
    "resume_heading": Text("Verder met je antwoorden", "Continue with your answers"),
    "resume_question": Text(
        "Wil je op dit apparaat verder gaan met je antwoorden?",
        "Do you want to continue with your answers on this device?",
    ),
    "resume_button": Text("Ja, ga verder", "Yes, continue"),
    "resume_bad": Text(
        "Deze link werkt niet meer. Misschien heb je later een nieuwe link gekregen, "
        "bijvoorbeeld toen je pauzeerde. Gebruik dan die nieuwste link. Of open de link uit je "
        "uitnodiging.",
        "This link no longer works. Maybe you got a newer link later, for example when you "
        "paused: use that newest link. Or open the link from your invitation.",
    ),
    "paused_link": Text(
        "Verder gaan kan met deze link, ook op een andere telefoon of computer. De link die je "
        "eerder kreeg, werkt niet meer.",
        "You can continue with this link, also on another phone or computer. The link you got "
        "earlier no longer works.",
    ),
    "answer_label": Text("Je antwoord", "Your answer"),
    "save_answer": Text("Verder", "Next"),
    "your_answers": Text("Je antwoorden", "Your answers"),
    "question_number": Text("Vraag {n}", "Question {n}"),
    "answer_is": Text("Je antwoord:", "Your answer:"),
    "change_answer": Text("Wijzig", "Change"),
    "change_answer_to": Text("je antwoord op vraag {n}", "your answer to question {n}"),
    "choices_label": Text("Kies je antwoorden", "Choose your answers"),
    "read_aloud": Text("Lees voor", "Read aloud"),
    "stop_reading": Text("Stop met voorlezen", "Stop reading"),
    "progress_label": Text("Voortgang", "Progress"),
    "done_heading": Text("Je antwoorden zijn verstuurd", "Your answers have been sent"),
    "menu": Text("Meer", "More"),
    "menu_pause": Text("Pauzeren", "Pause"),
    "menu_my_data": Text("Mijn gegevens", "My data"),
    "menu_erase": Text("Alles wissen", "Erase everything"),
    "menu_help": Text("Uitleg", "Help"),
    "menu_questions": Text("Naar de vragen", "To the questions"),
    "menu_language": Text("English", "Nederlands"),
    "another_contribution": Text("Nog een bijdrage", "Another contribution"),
    "expired_heading": Text("Deze pagina is verlopen", "This page has expired"),
    "expired": Text(
        "Er is niets veranderd. Ga terug naar de vragenlijst en probeer het nog eens. Je "
        "antwoorden zijn bewaard.",
        "Nothing was changed. Go back to the questionnaire and try again. Your answers are kept.",
    ),
    "not_found_heading": Text("Deze pagina bestaat niet", "This page does not exist"),
    "not_found": Text(
        "Controleer de link. Of ga naar de vragenlijst.",
        "Please check the link, or go to the questionnaire.",
    ),
    "not_allowed_heading": Text("Dit kan niet op deze pagina", "This page cannot do that"),
    "not_allowed": Text(
        "Deze pagina werkt zo niet. Er is niets veranderd. Ga naar de vragenlijst.",
        "This page does not work that way. Nothing was changed. Go to the questionnaire.",
    ),
    "bad_request_heading": Text("Dit konden we niet lezen", "We could not read this"),
    "bad_request": Text(
        "Wat je stuurde, konden we niet lezen. Er is niets veranderd. Ga terug en probeer het "
        "nog eens.",
        "We could not read what you sent. Nothing was changed. Go back and try again.",
    ),
    "too_large_heading": Text("Dit is te veel tekst", "This is too much text"),
    "too_large": Text(
        "Wat je stuurde, is te groot. Er is niets veranderd. Maak je tekst korter en probeer "
        "het nog eens.",
        "What you sent is too large. Nothing was changed. Make your text shorter and try again.",
    ),
    "error_heading": Text("Er ging iets mis", "Something went wrong"),
    "error": Text(
        "Sorry, er ging iets mis aan onze kant. Je antwoorden zijn bewaard. Probeer het zo "
        "nog eens.",
        "Sorry, something went wrong on our side. Your answers are kept. Please try again shortly.",
    ),
    "notice": Text("Let op", "Please note"),
}


def t(key: str, lang: Lang, **values: object) -> str:
    text = T[key].get(lang)
    return text.format(**values) if values else text
