"""What the demo's people answer: who answers where (the plans), what they write, and seeded
answer values that lean towards the positive side."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from questionnaires.model import AnswerValue, Question, QuestionType
from storage.store import Round

# (role, location index or None, responses) per round; small groups show suppression.
CURRENT_PLAN: tuple[tuple[str, int | None, int], ...] = (
    ("client", 0, 24),
    ("client", 1, 16),
    ("client", 2, 3),
    ("client", 3, 12),
    ("naaste", 0, 9),
    ("naaste", 1, 6),
    ("naaste", None, 3),
    ("ervaringsdeskundige", None, 7),
    ("partner", None, 4),
    ("professional", 0, 10),
    ("professional", 1, 8),
    ("professional", 3, 6),
)
PREVIOUS_PLAN: tuple[tuple[str, int | None, int], ...] = (
    ("client", 0, 20),
    ("client", 1, 12),
    ("client", 3, 9),
    ("naaste", None, 11),
    ("professional", None, 15),
)
LOCATIONS = ("De Linde", "Het Anker", "Zonnehof", "Ambulant team Noord")
# What people write, per free-text question, so every quote answers the question above it.
# A few carry contact details to show the masking.
TEXTS: dict[str, tuple[str, ...]] = {
    "client_goed": (
        "Mijn persoonlijk begeleider luistert goed. Dat wil ik zo houden.",
        "Ik heb een eigen kamer en een sleutel. Dat geeft rust.",
        "Samen koken op woensdag is gezellig.",
        "Ik mag zelf weten wanneer ik opsta.",
    ),
    "client_beter": (
        "Meer activiteiten in het weekend, dan is het hier erg stil.",
        "Dat mijn begeleider vaker op tijd komt.",
        "Bel mij gerust op 06-12345678, dan vertel ik meer.",
        "Meer rust op de gang in de avond.",
        "Ik woon op Kerkstraat 12 en daar is te weinig licht in de tuin.",
    ),
    "client_wens": (
        "Hulp bij het vinden van vrijwilligerswerk.",
        "Ik wil zelf meer beslissen over mijn geld.",
        "Volgend jaar wil ik een cursus koken doen.",
        "Meer contact met mijn zus.",
    ),
    "naaste_goed": (
        "Fijn dat ik mee mag praten over het plan van mijn zoon.",
        "De begeleiders zijn vriendelijk als ik op bezoek kom.",
    ),
    "naaste_beter": (
        "Ik word niet altijd gebeld als er iets is gebeurd.",
        "Een vaste contactpersoon zou helpen. Mail mij op ouder@voorbeeld.nl.",
    ),
    "naaste_wens": (
        "Meer uitleg over wat herstel betekent voor ons als familie.",
        "Een familieavond, twee keer per jaar.",
    ),
    "partner_goed": (
        "Korte lijnen met de huisartsenpraktijk, dat werkt.",
        "Het team belt snel terug als wij ons zorgen maken.",
    ),
    "partner_beter": (
        "De wijkagent weet niet altijd wie hij moet bellen.",
        "Bij afschalen horen wij het soms te laat.",
    ),
    "partner_wens": (
        "Een vast overleg met het wijkteam, eens per kwartaal.",
        "Eén telefoonnummer voor de avond en het weekend.",
    ),
    "prof_goed": (
        "Samen met naasten plannen maken werkt goed, dat willen we vaker doen.",
        "De ervaringsdeskundige in ons team helpt bij lastige gesprekken.",
    ),
    "prof_beter": (
        "Minder administratie, meer tijd voor gesprekken.",
        "Betere afspraken met de wijkteams over op- en afschalen.",
    ),
    "prof_wens": (
        "Scholing over ervaringskennis voor het hele team.",
        "Meer tijd om cliënten te helpen bij werk en dagbesteding.",
    ),
    "ed_goed": ("Teams vragen vaker om mee te denken. Dat is een goede ontwikkeling.",),
    "ed_beter": ("Ik word nog te laat betrokken bij nieuwe cliënten.",),
    "ed_wens": ("Een eigen overleg voor ervaringsdeskundigen van alle locaties.",),
    "ed_opbrengst_clienten": (
        "De herstelgroep loopt goed, cliënten komen steeds terug.",
        "Cliënten durven meer te vertellen over wat ze zelf willen.",
    ),
    "ed_opbrengst_voor_team": ("Het team praat anders over herstel, met meer hoop.",),
    "ed_opbrengst_organisatie": ("Het beleid over separeren is samen met ons herschreven.",),
    "ed_belemmeringen": ("Te weinig uren om bij alle teams te komen.",),
    "ed_activiteiten_anders": ("Een voorlichting op een school in de wijk.",),
    "edb_opbrengst": (
        "Twee cliënten gaan nu zelf naar de herstelgroep.",
        "Het team snapt beter waarom een vaste dag zo belangrijk is.",
        "Een moeder voelde zich voor het eerst gehoord.",
    ),
    "edb_belemmering": ("Er was geen ruimte vrij voor de groep.",),
}
# The reflection round: per group that took part and per pillar, what stands out, what must get
# better and what to keep. Each group says its own, so a coordinator approves some of each.
Says = tuple[str, str, str]
REFLECTION_SAYS: dict[str, dict[str, Says]] = {
    "clientenraad": {
        "ov": (
            "Veel cliënten willen meer doen in het weekend.",
            "Zorg dat afspraken over op- en afschalen op papier staan.",
            "Dat de cliëntenraad mee mag kijken naar de uitkomsten.",
        ),
        "p1": (
            "Een op de drie cliënten weet niets van de onafhankelijke cliëntondersteuner.",
            "Vertel elke nieuwe cliënt over de onafhankelijke cliëntondersteuner.",
            "De begeleiders luisteren goed. Dat moet zo blijven.",
        ),
        "p2": (
            "Niet elke cliënt wil dat familie alles hoort. Dat is goed om te weten.",
            "Vraag vaker aan cliënten wie er mee mag praten.",
            "Het familiegesprek bij de start.",
        ),
        "p3": (
            "Cliënten merken het als er veel nieuwe begeleiders zijn.",
            "Minder wisselingen in de teams.",
            "De ervaringsdeskundige in het team.",
        ),
        "p4": (
            "Cliënten weten vaak niet waar ze met een klacht heen kunnen.",
            "Zet op elke locatie op papier hoe je een klacht indient.",
            "Dat de wijkagent af en toe langskomt voor een praatje.",
        ),
    },
    "familieraad": {
        "ov": (
            "Naasten en cliënten noemen allebei de vaste begeleider.",
            "Eén vast aanspreekpunt voor naasten op elke locatie.",
            "De familieavond, twee keer per jaar.",
        ),
        "p1": (
            "Het is goed dat meer cliënten tevreden zijn over hun leven.",
            "Vertel ook aan naasten wat een cliëntondersteuner doet.",
            "Dat cliënten zelf mogen kiezen wie er meepraat.",
        ),
        "p2": (
            "Naasten zijn positiever dan vorig jaar.",
            "Bel naasten meteen als er iets gebeurd is.",
            "Dat de begeleiding ook vraagt hoe het met ons gaat.",
        ),
        "p3": (
            "Wij zien dat de teams het druk hebben.",
            "Geef teams tijd voor gesprekken met naasten.",
            "De vaste begeleider bij elke cliënt.",
        ),
        "p4": (
            "Naasten kunnen de begeleiding niet altijd goed bereiken.",
            "Eén telefoonnummer voor naasten, ook in het weekend.",
            "Dat er snel iets gebeurt als wij ons zorgen maken.",
        ),
    },
    "ervaringsdeskundige": {
        "ov": (
            "Herstel komt vaker ter sprake dan vorig jaar.",
            "Betrek ervaringsdeskundigen eerder bij nieuwe plannen.",
            "De herstelgroepen op de locaties.",
        ),
        "p1": (
            "Cliënten willen meer zelf beslissen over hun plan.",
            "Help cliënten om hun eigen plan te schrijven.",
            "Dat cliënten hun plan samen met ons kunnen maken.",
        ),
        "p2": (
            "Naasten zoeken ook steun voor zichzelf.",
            "Start een groep voor naasten, samen met een ervaringsdeskundige.",
            "De gesprekken met naasten bij de start.",
        ),
        "p3": (
            "Niet elk team weet wat een ervaringsdeskundige doet.",
            "Meer uren voor ervaringsdeskundigen in de teams.",
            "Het overleg met de teams over herstel.",
        ),
        "p4": (
            "Partners in de wijk kennen ons werk nog niet goed.",
            "Vertel het wijkteam wat ervaringsdeskundigen doen.",
            "De voorlichting in de wijk.",
        ),
    },
    "professional": {
        "ov": (
            "De cijfers passen bij wat wij in de teams zien.",
            "Minder papierwerk, meer tijd voor cliënten.",
            "Het teamoverleg over de uitkomsten.",
        ),
        "p1": (
            "Wij vertellen niet altijd over de cliëntondersteuner.",
            "Zet de cliëntondersteuner op de lijst voor het eerste gesprek.",
            "De gesprekken over het plan met de cliënt.",
        ),
        "p2": (
            "Naasten willen vaker gebeld worden.",
            "Spreek met elke cliënt af wanneer we naasten bellen.",
            "Het contact met de familieraad.",
        ),
        "p3": (
            "Professionals willen meer tijd voor gesprekken.",
            "Minder papierwerk voor de teams.",
            "Open praten over fouten in het team.",
        ),
        "p4": (
            "Partners weten niet altijd wie ze 's avonds kunnen bellen.",
            "Maak afspraken over op- en afschalen met het wijkteam.",
            "Het korte contact met de huisartsen.",
        ),
    },
}
REFLECTION_PEOPLE = (
    ("clientenraad", 6),
    ("familieraad", 5),
    ("ervaringsdeskundige", 5),
    ("professional", 5),
)
# What one role writes to one question, where it differs per role (the reflection round).
ROLE_TEXTS: dict[tuple[str, str], tuple[str, ...]] = {
    (role, f"refl_{short}_{what}"): (text,)
    for role, pillars in REFLECTION_SAYS.items()
    for short, says in pillars.items()
    for what, text in zip(("opvalt", "beter", "houden"), says, strict=True)
}


def fitting_texts(question_id: str) -> set[str]:
    """Everything the demo's people write to a question, whoever they are."""
    texts = set(TEXTS.get(question_id, ()))
    texts.update(t for (_, qid), found in ROLE_TEXTS.items() if qid == question_id for t in found)
    return texts or set(OTHER_TEXTS)


# For free-text questions of other questionnaires (an organisation's own definitions).
OTHER_TEXTS = (
    "Het is goed zo.",
    "Meer tijd voor een praatje.",
    "Duidelijke afspraken, en dat die ook doorgaan.",
    "Vaker samen iets ondernemen.",
    "Dat ik weet wie ik kan bellen als het niet goed gaat.",
    "Meer hulp bij geldzaken.",
    "De huiskamer is gezellig, dat moet zo blijven.",
    "Minder wisselingen in het team.",
    "Een vaste dag voor een gesprek met mijn begeleider.",
)


@dataclass
class Generator:
    """Seeded answers that lean towards the positive side, as real surveys often do."""

    rng: random.Random
    mood: float  # 0 (negative) to 1 (positive) for this round

    def value(self, question: Question, role: str, round_: Round) -> AnswerValue:
        rng = self.rng
        if question.type is QuestionType.LIKERT:
            if rng.random() < 0.06:
                return "dont_know"
            weights = [1, 2, 3, 3 + 4 * self.mood, 1 + 4 * self.mood]
            return rng.choices([1, 2, 3, 4, 5], weights)[0]
        if question.type is QuestionType.YESNO:
            tokens = [c.token for c in question.choices()]
            weights = [0.4 + 0.4 * self.mood, 0.4 - 0.2 * self.mood, 0.1][: len(tokens)]
            return rng.choices(tokens, weights)[0]
        if question.records == "kind":  # most peer experts run groups and one-to-one talks
            tokens = [c.token for c in question.choices()]
            return rng.choice(tokens[:3] * 3 + tokens)
        if question.type is QuestionType.CHOICE:
            return rng.choice([c.token for c in question.choices()])
        if question.type is QuestionType.MULTI:
            tokens = [c.token for c in question.choices()]
            most = min(len(tokens), question.max or 3, 3)
            return rng.sample(tokens, rng.randint(1, most))
        if question.records == "people_reached":  # a group, a team meeting: a handful
            return rng.choice([1, 1, 2, 4, 6, 8, 10, 12])
        if question.type is QuestionType.NUMBER:
            low, high = question.min or 0, question.max or 10
            return int(rng.triangular(low, high, low + (high - low) * (0.5 + 0.3 * self.mood)))
        if question.type is QuestionType.DATE:
            span = max((min(round_.ends_on, date.today()) - round_.starts_on).days, 0)
            return (round_.starts_on + timedelta(days=rng.randint(0, span))).isoformat()
        if question.type is QuestionType.TEXT:
            return rng.choice(
                ROLE_TEXTS.get((role, question.id)) or TEXTS.get(question.id, OTHER_TEXTS)
            )
        return None

    def skip(self, question: Question) -> bool:
        """Whether this person skips this question (text questions often)."""
        if question.required or question.type is QuestionType.INFO:
            return False
        chance = 0.6 if question.type is QuestionType.TEXT else 0.05
        return self.rng.random() < chance
