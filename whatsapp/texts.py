"""What only the WhatsApp channel says: its notices and the words of its lists and links.

Participant texts live in `conversation.texts`; `t` looks in both.
"""

from __future__ import annotations

from conversation.markup import EdgeTexts
from questionnaires.model import Text

T: dict[str, Text] = {
    "welcome": Text(
        "Hallo! Hier kun je een vragenlijst van {org} invullen.\n\n"
        "Je hebt een code nodig. Die staat op je uitnodiging. "
        "Stuur de code in een bericht, dan beginnen we.\n\n"
        "Geen code? Vraag je begeleider of de kwaliteitsmedewerker.",
        "Hello! Here you can fill in a questionnaire of {org}.\n\n"
        "You need a code. It is on your invitation. "
        "Send the code in a message and we start.\n\n"
        "No code? Ask your support worker or the quality officer.",
    ),
    "only_text": Text(
        "Ik kan alleen tekst en de knoppen gebruiken. Geen foto's, spraak of stickers.\n"
        "Er is niets bewaard.",
        "I can only use text and the buttons, no photos, voice or stickers.\n"
        "Nothing has been stored.",
    ),
    "list_button": Text("Kies je antwoord", "Choose your answer"),
    "choose_below": Text("Kies hieronder.", "Choose below."),
    "more_choices": Text("Meer keuzes:", "More choices:"),
    "error": Text(
        "Sorry, er ging iets mis. Je antwoorden zijn bewaard. Probeer het straks nog eens.",
        "Sorry, something went wrong. Your answers are saved. Please try again later.",
    ),
}


t = EdgeTexts(T)  # a WhatsApp text, else a conversation text
