"""Texts with a count, in the reader's language: gettext's `ngettext` on CLDR's plural rules.

Every text a person reads that contains a number of things ("1 antwoord", "3 antwoorden")
chooses its form here, never by gluing an "s" or "en" on, nor by `if n == 1`. The rule that
picks the form comes from Babel (the Unicode CLDR plural rules of the language), so a language
whose rules differ (one, few, many, other) only needs its forms written, not new code.

Like gettext's `ngettext`, a message is written whole, once per form: "{n} antwoord" and
"{n} antwoorden", not "{n} antwoord" + "en". `{n}` is filled in with the number written the
way the language writes it (1.234 in Dutch, 1,234 in English).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal

from questionnaires.model import Lang


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


def plural_form(n: int, lang: Lang = "nl") -> str:
    """CLDR's plural category of `n` in the language: 'one' or 'other' for Dutch and English."""
    category: str = _locale(lang).plural_form(abs(n))
    return category


def number(n: int, lang: Lang = "nl") -> str:
    """A whole number as the language writes it: 12.345 in Dutch, 12,345 in English."""
    written: str = format_decimal(n, locale=_locale(lang))
    return written


def listed(items: Sequence[str], lang: Lang = "nl", style: str = "and") -> str:
    """Items as one phrase, joined the way the language joins them (Babel's CLDR list
    patterns): "a, b en c" in Dutch, "a, b, and c" in English; style "or": "a, b of c"."""
    joined: str = format_list(
        list(items), style="or" if style == "or" else "standard", locale=_locale(lang)
    )
    return joined


def ngettext(singular: str, plural: str, n: int, lang: Lang = "nl", **values: object) -> str:
    """gettext's `ngettext` for a language: the singular form when CLDR's rule says 'one' for
    `n`, else the plural form; `{n}` (the number, written for the language) and any other
    `{name}` filled in. `ngettext("{n} antwoord", "{n} antwoorden", 1)` is "1 antwoord"."""
    return _filled((singular, plural), n, lang, values)


def _filled(forms: tuple[str, str], n: int, lang: Lang, values: dict[str, object]) -> str:
    form = forms[0] if plural_form(n, lang) == "one" else forms[1]
    return form.format(n=number(n, lang), **values)


@dataclass(frozen=True)
class Plural:
    """A text with a count, like `questionnaires.model.Text`: Dutch always, English optional
    (falls back to Dutch). Each language has its singular and plural form, whole sentences."""

    nl: tuple[str, str]
    en: tuple[str, str] | None = None

    def get(self, lang: Lang, n: int, **values: object) -> str:
        """The form for `n` in the language, filled in."""
        if lang == "en" and self.en:
            return _filled(self.en, n, "en", values)
        return _filled(self.nl, n, "nl", values)
