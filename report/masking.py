"""Masking personal details in free text: deduce (de-identification made for Dutch health text)
plus our own patterns for what it misses.

deduce finds names (also 'Jan de Vries', 'Dr. Bakker', 'mijn begeleider Petra'), streets,
institutions, dates, ages, phone numbers, e-mail addresses, links and ids; report/deduce_extras.py
extends it through its own extension points (care farms, foundations and houses, nicknames;
shops, flowers, towns and common words at the start of a sentence are no names). Our patterns
add e-mail written out ('j.devries(at)gmail.com', 'jan punt jansen at gmail punt com'), phone
numbers written with spaces, dashes or brackets and international ones, dates of birth, first
names after 'begeleider', 'mevrouw', 'meneer', 'Dr.' and the like, street addresses and streets
without a number, postcodes, bank accounts, a BSN in groups and long numbers, and the
organisation's own location names. The spans of both are merged and each is replaced by a Dutch
placeholder such as [naam].

deduce builds its lookup tables the first time it loads (a minute or two) and caches them in its
package folder; `make install` does that once (`python -m report.masking --prepare`). Loading
from the cache takes a few seconds, once per process.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from report.deduce_extras import NOT_A_PERSON, customise, is_town

MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)
TITLES = (
    r"(?:persoonlijk\s+begeleider|begeleider|begeleidster|mentor|coach|casemanager|"
    r"verpleegkundige|zuster|broeder|dokter|arts|psychiater|psycholoog|therapeut|behandelaar|"
    r"ervaringsdeskundige|mevrouw|meneer|mevr\.|mw\.|dhr\.|de\s+heer|Dr\.|dr\.|drs\.|Drs\.)"
)
NOT_A_NAME = {
    "De", "Het", "Een", "Ik", "Hij", "Zij", "Ze", "Wij", "We", "Jij", "Je", "U", "Die", "Dat",
    "Dit", "Deze", "En", "Maar", "Of", "Want", "Dus", "Als", "Ook", "Niet", "Nooit", "Altijd",
    "Soms", "Vaak", "Er", "Daar", "Hier", "Wat", "Wie", "Waar", "Is", "Was", "Heeft", "Had",
}  # fmt: skip
NAME = r"[A-Z][a-zà-ÿ'-]+"
STREET_PREFIX = (
    r"(?:Prinses|Prins|Koning|Koningin|Burgemeester|Van|Oude|Nieuwe|Lange|Korte|Sint|St\.|"
    r"Dokter|Dr\.|Graaf|Generaal|Pastoor|Kapitein|Professor|Prof\.|Hertog|Jonkheer|Pieter|"
    r"Jan|Willem|Johan|Hendrik|Hoge|Lage|Grote|Kleine)"
)
PARTICLE = r"(?:van|de|der|den|te|ten|ter|el|al|bin)"

# (pattern, placeholder, group): the group's span is masked (0: the whole match).
PATTERNS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE), "[link]", 0),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mailadres]", 0),
    (
        # Written out: 'j.devries(at)gmail.com', 'jan punt jansen at gmail punt com', 'petra
        # apenstaartje hotmail punt nl', 'marieke punt de boer at outlook punt com'.
        re.compile(
            r"(?:(?:[\w+-]+\s+(?:punt|dot|streepje|underscore)\s+)+(?:[a-z]+\s+)?)?"
            r"[\w.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\(a\)|\[a\]|\s(?:at|apenstaartje)\s)\s*[\w-]+"
            r"(?:\s*(?:\.|\(dot\)|\[dot\]|\(punt\)|\s(?:dot|punt)\s)\s*[a-z]{2,})+",
            re.IGNORECASE,
        ),
        "[e-mailadres]",
        0,
    ),
    (re.compile(r"\bNL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE), "[rekeningnummer]", 0),
    (
        re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:\s*\(0\))?(?:[\s./-]{0,3}\d){9}(?!\d)"),
        "[telefoonnummer]",
        0,
    ),
    (
        # '(06) 12 34 56 78', '(030) 234 56 78'
        re.compile(r"\(0\d{1,3}\)(?:[\s./-]{0,3}\d){6,8}(?!\d)"),
        "[telefoonnummer]",
        0,
    ),
    (
        # International: '+32 470 12 34 56', '0044 7700 900123', '+49 151 2345 6789'
        re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s./-]{0,3}\(?\d\)?){7,12}(?!\d)"),
        "[telefoonnummer]",
        0,
    ),
    (
        re.compile(
            rf"\b(?:geboren|geb\.|geboortedatum:?)\s+(?:op\s+|in\s+)?"
            rf"(\d{{1,2}}(?:e|ste|de)?\s+{MONTHS}\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
            rf"|\d{{4}})",
            re.IGNORECASE,
        ),
        "[datum]",
        1,
    ),
    (
        re.compile(rf"\b\d{{1,2}}(?:e|ste|de)?\s+{MONTHS}\s+(?:19|20)\d{{2}}\b", re.IGNORECASE),
        "[datum]",
        0,
    ),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"), "[datum]", 0),
    (re.compile(r"(?<!\d)\d(?:[.-]?\d){7,}(?!\d)"), "[nummer]", 0),
    (re.compile(r"(?<!\d)\d{3}\s\d{2}\s\d{2}\s\d{2}(?!\d)"), "[nummer]", 0),
    # A BSN written in groups: '123 456 782', '1234 56 782'
    (re.compile(r"(?<!\d)(?<!\d[,.])\d{3,4}\s\d{2,3}\s\d{3}(?!\d)(?![,.]\d)"), "[nummer]", 0),
    (re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"), "[postcode]", 0),
    (re.compile(r"\b[1-9]\d{3}(?!sa|sd|ss)[a-z]{2}\b"), "[postcode]", 0),
    (
        re.compile(
            r"\b[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|pad|"
            r"dreef|park|markt|kwartier|erf|baan|veld|wal|burg|haven|dam|straatweg)\s+\d+"
            r"(?:\s?[a-zA-Z]\b|-\d+)?",
        ),
        "[adres]",
        0,
    ),
    (
        # A street without a number, by the endings that are (almost) only streets:
        # 'de Prinses Beatrixlaan', 'op de Wilhelminastraat'.
        re.compile(
            rf"\b(?:{STREET_PREFIX}\s+(?:{PARTICLE}\s+)*)*[A-Z][\w'-]*"
            r"(?:straat|laan|weg|plein|gracht|kade|singel|steeg|dreef|straatweg)\b"
        ),
        "[adres]",
        0,
    ),
    (
        re.compile(rf"\b{TITLES}\s+({NAME}(?:\s+(?:{PARTICLE}\s+)*{NAME})*)"),
        "[naam]",
        1,
    ),
    (re.compile(r"(?<![\w.])@[A-Za-z]\w{3,}"), "[gebruikersnaam]", 0),
)

# deduce's tags and the placeholder each one gets.
DEDUCE_TAGS = {
    "persoon": "[naam]",
    "patient": "[naam]",
    "locatie": "[plaats]",
    "instelling": "[instelling]",
    "zorginstelling": "[instelling]",
    "ziekenhuis": "[instelling]",
    "straat": "[adres]",
    "datum": "[datum]",
    "leeftijd": "[leeftijd]",
    "telefoonnummer": "[telefoonnummer]",
    "emailadres": "[e-mailadres]",
    "url": "[link]",
    "bsn": "[nummer]",
    "id": "[nummer]",
    "patientnummer": "[nummer]",
}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    placeholder: str
    text: str  # what was there
    by: str  # 'deduce' or 'pattern'


@dataclass(frozen=True)
class Masked:
    text: str
    found: tuple[Found, ...]

    def summary(self) -> str:
        """What was masked, for the coordinator who reviews the quote."""
        return ", ".join(f"{f.placeholder} ← '{f.text}'" for f in self.found)


_LOADED: list[Any] = []  # deduce, once loaded
_LOADING = threading.Lock()  # masking runs in worker threads: one loads deduce, others wait


def _deduce() -> Any:
    with _LOADING:
        if not _LOADED:
            # Importing deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG): where
            # nothing configured logging yet (the demo, a one-off command) every library's DEBUG
            # lines, texts of quotes among them, would go to standard output. Undo that at once.
            root = logging.getLogger()
            level, handlers = root.level, list(root.handlers)
            try:
                from deduce import Deduce
            finally:
                root.setLevel(level)
                root.handlers[:] = handlers
            _LOADED.append(customise(Deduce()))
        return _LOADED[0]


KNOWN_NAMES = frozenset(name.lower() for name in NOT_A_PERSON)
# What may stand before a name and stays readable: a title ('mevrouw Jansen'), or a verb that
# starts a sentence ('Bel Anja', 'Mail Petra'), which deduce takes for a first name.
_LEADING_TITLE = re.compile(
    rf"^(?:{TITLES}|bel|mail|app|sms|stuur|vraag|groet|zeg)\s+", re.IGNORECASE
)


def deduce_spans(text: str) -> list[Found]:
    """deduce's annotations; a title before a name ('mevrouw Jansen') stays readable."""
    model = _deduce()
    document = model.deidentify(text)
    found = []
    for annotation in document.annotations:
        placeholder = DEDUCE_TAGS.get(annotation.tag, "[weggehaald]")
        start, value = annotation.start_char, annotation.text
        if value.lower() in KNOWN_NAMES:
            continue  # a shop or organisation everyone knows (deduce's hospital list has some)
        if placeholder == "[naam]" and is_town(model, value):
            continue  # 'Den Haag' looks like a name to deduce
        title = _LEADING_TITLE.match(value) if placeholder == "[naam]" else None
        if title and title.end() < len(value):
            start, value = start + title.end(), value[title.end() :]
        found.append(Found(start, annotation.end_char, placeholder, value, "deduce"))
    return found


_ARTICLE = re.compile(r"^(?:de|het|'t)\s+", re.IGNORECASE)


def place_spans(text: str, places: Sequence[str]) -> list[Found]:
    """The organisation's own location names ('De Wilgen', also 'de wilgen'; 'Wilgen' alone
    when written with a capital), as [locatie]."""
    found: list[Found] = []
    for place in sorted({p.strip() for p in places if p.strip()}, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in place.split())
        found.extend(
            Found(m.start(), m.end(), "[locatie]", m.group(), "pattern")
            for m in re.finditer(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE)
        )
        core = _ARTICLE.sub("", place)
        if core != place and len(core) > 2:
            words = r"\s+".join(re.escape(w) for w in core.split())
            found.extend(
                Found(m.start(), m.end(), "[locatie]", m.group(), "pattern")
                for m in re.finditer(rf"(?<!\w){words}(?!\w)", text)
            )
    return found


def pattern_spans(text: str, places: Sequence[str] = ()) -> list[Found]:
    found = place_spans(text, places)
    for pattern, placeholder, group in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(group)
            value = match.group(group)
            if placeholder == "[naam]" and value.split()[0] in NOT_A_NAME:
                continue
            found.append(Found(start, end, placeholder, value, "pattern"))
    return found


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Placeholders already in the text (an approved quote is masked again): never touched."""
    return [m.span() for m in re.finditer(r"\[[a-z-]+\]", text)]


def merge(spans: list[Found], text: str) -> list[Found]:
    """Overlapping spans become one; our own pattern's placeholder wins, then the longest."""
    kept = [
        s
        for s in spans
        if not any(a <= s.start and s.end <= b for a, b in _placeholder_spans(text))
    ]
    kept.sort(key=lambda s: (s.start, -s.end))
    merged: list[list[Found]] = []
    for span in kept:
        if merged and span.start < max(s.end for s in merged[-1]):
            merged[-1].append(span)
        else:
            merged.append([span])
    result = []
    for group in merged:
        start = min(s.start for s in group)
        end = max(s.end for s in group)
        best = min(group, key=lambda s: (s.by != "pattern", -(s.end - s.start)))
        result.append(Found(start, end, best.placeholder, text[start:end], best.by))
    return result


def mask_details(text: str, places: Sequence[str] = ()) -> Masked:
    """The text with every personal detail (and each of `places`, the organisation's location
    names) replaced, and what was replaced."""
    found = merge(pattern_spans(text, places) + deduce_spans(text), text)
    out = text
    for span in reversed(found):
        out = out[: span.start] + span.placeholder + out[span.end :]
    return Masked(out, tuple(found))


def mask(text: str, places: Sequence[str] = ()) -> str:
    return mask_details(text, places).text


def mask_again(text: str, places: Sequence[str] = ()) -> str:
    """Our patterns only, for text masked in full before (an approved quote, when a report is
    made): fast, and no deduce to load while a coordinator waits for /rapport."""
    out = text
    for span in reversed(merge(pattern_spans(text, places), text)):
        out = out[: span.start] + span.placeholder + out[span.end :]
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        _deduce()
        print("deduce lookup tables ready")
    else:
        print(mask(" ".join(sys.argv[1:]) or sys.stdin.read()))
