"""deduce, extended through its own extension points for the text people write to us.

deduce is made for Dutch clinical notes. Answers in a survey name other things: the care farm
or house someone lives in, a shop, a flower, a town; nicknames ("Lange Jan"). What we change,
each in deduce's own terms (lookup lists, annotators in its processor groups):

- *Not a person*: shops, organisations everyone knows and flowers that are also first names
  ("Albert Heijn", "Rode Kruis", "Roos") are a lookup list annotated `pseudo_name`, the way
  deduce itself keeps eponymous diseases from being taken for names: deduce drops every name
  that overlaps it.
- *A common word at the start of a sentence* ("Scholing over …", "Begeleiding is …") is
  `pseudo_name` too when it is one of deduce's common words, or has the ending of a Dutch
  noun (-ing, -heid, -schap, …), and is no known first name.
- *Nicknames*: a capitalised adjective from a short list before a name-like word ("Kleine Mo")
  is a name.
- *Institutions, care farms, foundations and houses*: a kind of place ("Zorgboerderij",
  "Stichting", "Huize", "woonvorm", …) followed by a name, and a capitalised article inside a
  sentence followed by a capitalised word ("in Het Anker"), are an institution; town names from
  deduce's own place list (Den Haag) are not.
- *Towns* are not masked: many people live in one (deduce's `placename` annotator is removed,
  and a name that is a whole town, 'Den Haag', is dropped by report/masking.py).
  Streets are: with a house number by deduce, without one by our pattern (report/masking.py).
"""

from __future__ import annotations

from typing import Any

NOT_A_PERSON = (
    # shops
    "Albert Heijn", "AH", "Jumbo", "Lidl", "Aldi", "Plus", "Dirk", "Dirk van den Broek",
    "Coop", "Spar", "Vomar", "Hoogvliet", "Poiesz", "Hema", "Action", "Kruidvat", "Etos",
    "Blokker", "Zeeman", "Wibra", "Gamma", "Praxis", "Karwei", "Ikea", "Xenos", "Primark",
    "Intertoys", "Bol", "Marktplaats",
    # organisations everyone knows
    "Rode Kruis", "Leger des Heils", "Voedselbank", "Humanitas", "Mind", "Philadelphia",
)  # fmt: skip
# Flowers and plants that are also first names: not a name when they start a sentence on their
# own ("Roos, tulp en narcis …"); elsewhere ("mijn zus Roos") they still are.
FLOWERS = (
    "Roos", "Rozen", "Iris", "Lelie", "Lelies", "Jasmijn", "Margriet", "Margrieten",
    "Madelief", "Anjer", "Anjers", "Viool", "Violet", "Hortensia", "Dahlia", "Hyacint",
    "Tulp", "Tulpen", "Narcis", "Orchidee", "Lavendel", "Salie", "Daisy", "Lotus",
)  # fmt: skip
NOUN_ENDINGS = (
    "ing", "heid", "schap", "isme", "teit", "tie", "sie", "ment", "nis", "dom", "ij", "uur",
    "iek", "ica", "aal",
)  # fmt: skip
NICKNAME_WORDS = (
    "lange", "kleine", "grote", "dikke", "dunne", "rooie", "rode", "zwarte", "witte",
    "blonde", "stille", "gekke", "lieve", "ouwe", "oude", "jonge", "mooie", "kale", "snelle",
    "rare", "gouden", "brave", "boze", "vrolijke", "domme", "slimme", "gele", "bruine",
)  # fmt: skip
PLACE_KINDS = (
    "zorgboerderij", "boerderij", "stichting", "huize", "huis", "woonvorm", "woongroep",
    "woonhuis", "woonzorgcentrum", "zorgcentrum", "verpleeghuis", "inloophuis", "clubhuis",
    "buurthuis", "wijkcentrum", "zorggroep", "instelling", "kliniek", "vereniging", "pension",
    "hofje", "herstelhuis", "herstelcentrum", "dagbesteding", "werkplaats", "kringloop",
)  # fmt: skip
ARTICLES = ("de", "het", "'t", "den", "ter", "ten")
SENTENCE_END = (".", "!", "?", ":", ";", "\n", "•", "-", "–")


def capitalised(text: str) -> bool:
    return text[:1].isupper()


def like_name(text: str) -> bool:
    return capitalised(text) and text[1:].replace("-", "").replace("'", "").isalpha()


def is_town(model: Any, text: str) -> bool:
    """Whether `text` is a town in deduce's own place list ('Den Haag', 'Zwolle')."""
    tokens = [t.text for t in model.tokenizers["default"].tokenize(text)]
    return bool(tokens) and tokens in model.lookup_structs["placename"]


def customise(model: Any) -> Any:
    """Apply the changes above to a loaded `deduce.Deduce` and return it."""
    from docdeid.process.annotator import MultiTokenLookupAnnotator

    from report.deduce_annotators import NamedPlace, Nickname, SentenceStartWord

    tokenizer = model.tokenizers["default"]
    names = model.processors["names"]
    locations = model.processors["locations"]
    institutions = model.processors["institutions"]
    for group, name in (
        (names, "not_a_person"),
        (names, "sentence_start"),
        (names, "nickname"),
        (locations, "placename"),
        (institutions, "named_place"),
    ):
        if name in group.get_names():  # applied once: customise again changes nothing
            group.remove_processor(name)
    position = names.get_names().index("person_annotation_converter")
    names.add_processor(
        "not_a_person",
        MultiTokenLookupAnnotator(
            lookup_values=NOT_A_PERSON,
            tokenizer=tokenizer,
            overlapping=True,
            tag="pseudo_name",
        ),
        position=position,
    )
    first_names = model.lookup_structs["first_name"]
    common = model.lookup_structs["common_word"]
    names.add_processor(
        "sentence_start",
        SentenceStartWord(common, model.lookup_structs["stop_word"], first_names),
        position=position + 1,
    )
    names.add_processor("nickname", Nickname(tag="voornaam"), position=position + 2)
    institutions.add_processor("named_place", NamedPlace(model))
    return model
