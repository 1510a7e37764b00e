"""Everything the conversation says to participants, in Dutch (taalniveau B1) with English second.

Channel-neutral: the Telegram and web edges show these texts as they are. The texts live in a
module per place (entry.py, questions.py, rights.py; web.py for how the web form words some of
them differently); here they are looked up (`t`).
"""

from __future__ import annotations

from contextvars import ContextVar

from conversation.texts.entry import ENTRY
from conversation.texts.questions import QUESTIONS
from conversation.texts.rights import RIGHTS
from conversation.texts.web import WEB
from questionnaires.i18n import Plural
from questionnaires.model import Lang, Text
from settings import DEFAULT_ORGANISATION, DEFAULT_PRIVACY_CONTACT

# Counted words that other texts take in whole: t("n_minutes", lang, n=1) is "1 minuut".
COUNTS: dict[str, Plural] = {
    "n_minutes": Plural(("{n} minuut", "{n} minuten"), ("{n} minute", "{n} minutes")),
    "n_days": Plural(("{n} dag", "{n} dagen"), ("{n} day", "{n} days")),
    "n_people": Plural(("{n} persoon", "{n} mensen"), ("{n} person", "{n} people")),
}

# Every text by its key; a text of one place is in the module of that place.
T: dict[str, Text | Plural] = {**ENTRY, **QUESTIONS, **RIGHTS}
__all__ = ["CHANNEL", "COUNTS", "WEB", "T", "configured", "t"]


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
