"""Reading a questionnaire YAML file: the line of every mapping, duplicate keys refused, and
the problems found in it (`FileProblem`: file, line, the question it is about, what to do),
collected so that the author sees them all at once.

The author is a coordinator or functional administrator of a Dutch care organisation: every
problem is worded in Dutch (B1, "je") and, as the second language, in English, the same pair
as a coordinator's input mistake (`coordination.problems.Problem`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from questionnaires.model import Lang, Text


@dataclass(frozen=True)
class FileProblem:
    """A mistake in a questionnaire file: the file, its line, what it is in (a question, a
    section, a pillar) and what to do. `nl` is the line the author reads:
    "klein.yaml:14 (vraag g_thuis): het soort vraag 'likret' bestaat niet. ..."; `en` the
    same in English."""

    file: str
    line: int | None
    where: Text | None  # "vraag g_thuis" / "question g_thuis"
    message: Text

    def text(self, lang: Lang) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        who = f" ({self.where.get(lang)})" if self.where else ""
        return f"{place}{who}: {self.message.get(lang)}"

    @property
    def nl(self) -> str:
        return self.text("nl")

    @property
    def en(self) -> str:
        return self.text("en")


def problem(file: str, line: int | None, nl: str, en: str) -> FileProblem:
    """A problem with a whole file or one of its lines, not inside an entry."""
    return FileProblem(file, line, None, Text(nl, en))


class QuestionnaireError(Exception):
    """Raised with every problem found. Its own text lists them in English, one per line (for
    logs and tracebacks); a person reads each problem's `nl`."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.en for p in problems))


class Map(dict[str, Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of each mapping and refuses duplicate keys."""

    duplicate_keys: list[tuple[str, int]]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    result = Map()
    for (key_node, _), (key, value) in zip(node.value, pairs, strict=True):
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        result[str(key)] = value
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


# Dutch words an author may write for a field or value of the format (which is English).
MEANT: dict[str, tuple[str, ...]] = {
    "antwoorden": ("options",),
    "beschrijving": ("help",),
    "eenheid": ("unit",),
    "getal": ("number",),
    "hulp": ("help",),
    "ja_nee": ("yesno",),
    "janee": ("yesno",),
    "keuze": ("choice",),
    "meerkeuze": ("multi",),
    "minuten": ("minutes",),
    "onderdelen": ("sections",),
    "opties": ("options",),
    "pijler": ("pillar",),
    "pijlers": ("pillars",),
    "rol": ("role",),
    "schaal": ("scale", "likert"),
    "soort": ("type", "kind"),
    "tekst": ("text",),
    "titel": ("title",),
    "toelichting": ("help",),
    "uitleg": ("help", "info"),
    "vraag": ("question",),
    "vragen": ("questions",),
    "verplicht": ("required",),
    "datum": ("date",),
}


def closest(word: str, options: list[str]) -> str | None:
    """The option `word` was most likely meant to be, if any is close: a typo of it, or the
    Dutch word for it ("verplicht" for required)."""
    key = word.strip().lower().replace("-", "_").replace(" ", "_")
    meant = [option for option in MEANT.get(key, ()) if option in options]
    if meant:
        return meant[0]
    close = difflib.get_close_matches(key, options, n=1)
    return close[0] if close else None


def written(value: Any) -> str:
    """A value as the author wrote it in YAML: true, [a, b], {x: 1}; nothing for an empty one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(written(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {written(v)}" for k, v in value.items()) + "}"
    return str(value)


def suggest(word: str, options: list[str]) -> Text:
    """The options to choose from, the closest first when `word` looks like a typo of it."""
    meant = closest(word, options)
    listed = ", ".join(options)
    return Text(
        (f" Bedoel je '{meant}'?" if meant else "") + f" Kies uit: {listed}.",
        (f" Did you mean '{meant}'?" if meant else "") + f" Use one of: {listed}.",
    )


def read_yaml(path: Path, problems: list[FileProblem]) -> Any:
    """The file's YAML with the line of every mapping (an empty file is an empty mapping), or
    None when it cannot be read; what is wrong goes into `problems`."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(
            problem(
                path.name,
                None,
                "dit bestand is geen gewone tekst in UTF-8. Sla het op als tekst met de "
                "codering UTF-8 (in Kladblok: Opslaan als, Codering: UTF-8).",
                "this file is not UTF-8 text. Save it as text with the UTF-8 encoding.",
            )
        )
        return None
    except OSError:
        problems.append(
            problem(
                path.name,
                None,
                "dit bestand kan niet worden gelezen. Kijk of het bestaat en of je het mag openen.",
                "this file cannot be read. Check that it exists and that you may open it.",
            )
        )
        return None
    loader = _LineLoader(raw)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        problems.append(not_yaml(path.name, exc))
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        problems.append(
            problem(
                path.name,
                line,
                f"'{key}' staat hier twee keer. Houd er één over en haal de andere weg.",
                f"the key '{key}' appears twice here. Keep one.",
            )
        )
    return Map() if data is None else data


QUOTE_IT = Text(
    'Zet een tekst met {what} erin tussen "aanhalingstekens".',
    'Put a text with {what} in it between "quotes".',
)
# What PyYAML says (its `problem`), and what that means for the author: (nl, en).
YAML_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "op deze regel staat een tab. Spring in met spaties, niet met tabs.",
        "this line has a tab. Indent with spaces, not tabs.",
    ),
    (
        "mapping values are not allowed here",
        "hier staat een dubbele punt (:) die YAML niet verwacht. "
        + QUOTE_IT.nl.format(what="een :")
        + " Staat er geen : in de tekst? Kijk dan of deze regel even ver inspringt als de "
        "regels die erbij horen.",
        "a colon (:) YAML does not expect here. "
        + (QUOTE_IT.en or "").format(what="a :")
        + " No : in the text? Then check that this line is indented like the lines it "
        "belongs with.",
    ),
    (
        "expected ',' or '}'",
        "binnen {...} staat iets wat YAML niet verwacht. "
        + QUOTE_IT.nl.format(what="?, : of een komma")
        + " Sluit af met }.",
        "something YAML does not expect inside {...}. "
        + (QUOTE_IT.en or "").format(what="?, : or a comma")
        + " End with }.",
    ),
    (
        "expected ',' or ']'",
        "binnen [...] staat iets wat YAML niet verwacht. "
        + QUOTE_IT.nl.format(what=": of een komma")
        + " Sluit af met ].",
        "something YAML does not expect inside [...]. "
        + (QUOTE_IT.en or "").format(what=": or a comma")
        + " End with ].",
    ),
    (
        "found unexpected end of stream",
        "hier begint een tekst met een aanhalingsteken dat niet wordt gesloten. Zet aan het "
        "eind van de tekst hetzelfde aanhalingsteken.",
        "a text starts with a quote here that is never closed. Put the same quote at the "
        "end of the text.",
    ),
    (
        "but found '<scalar>'",
        "na een tekst staat nog iets wat YAML niet verwacht, of een aanhalingsteken erboven is "
        "niet gesloten. Zet de hele tekst tussen aanhalingstekens, en kijk of elk "
        "aanhalingsteken er twee keer staat: aan het begin en aan het eind.",
        "something YAML does not expect follows a text, or a quote above is never closed. Put "
        "the whole text between quotes, and check that every quote has its closing one.",
    ),
    (
        "expected <block end>",
        "het inspringen klopt niet. Laat deze regel even ver inspringen als de regels die "
        "erbij horen (met spaties).",
        "the indentation is wrong. Indent this line like the lines it belongs with (with spaces).",
    ),
    (
        "found undefined alias",
        "een * aan het begin van een tekst betekent iets anders in YAML. "
        + QUOTE_IT.nl.format(what="*"),
        "a * at the start of a text means something else in YAML. "
        + (QUOTE_IT.en or "").format(what="*"),
    ),
    (
        "could not determine a constructor for the tag",
        "een ! aan het begin van een tekst betekent iets anders in YAML. "
        + QUOTE_IT.nl.format(what="!"),
        "a ! at the start of a text means something else in YAML. "
        + (QUOTE_IT.en or "").format(what="!"),
    ),
    (
        "but found another document",
        "hier staat '---'. Dat maakt er twee bestanden van. Haal de regel met --- weg.",
        "'---' here makes it two documents. Remove the line with ---.",
    ),
    (
        "that cannot start any token",
        "met dit teken kan een tekst in YAML niet beginnen. "
        + QUOTE_IT.nl.format(what="zo'n teken aan het begin"),
        "a text in YAML cannot start with this character. "
        + (QUOTE_IT.en or "").format(what="such a character at its start"),
    ),
)
UNKNOWN_YAML_PROBLEM = (
    "kijk op deze regel en de regel erboven of het inspringen (met spaties) en de "
    'aanhalingstekens kloppen. Zet een tekst met : of # erin tussen "aanhalingstekens".',
    "check the indentation (with spaces) and the quotes on this line and the one above. Put "
    'a text with : or # in it between "quotes".',
)


def not_yaml(file: str, exc: yaml.YAMLError) -> FileProblem:
    """Where the YAML broke and what to do about it, in the author's words (PyYAML's own
    words are English and technical: they are matched, never shown)."""
    said = str(getattr(exc, "problem", None) or exc)
    known = ((nl, en) for seen, nl, en in YAML_PROBLEMS if seen in said)
    nl, en = next(known, UNKNOWN_YAML_PROBLEM)
    mark = getattr(exc, "problem_mark", None)
    if "end of stream" in said:  # an open quote: where it was opened, not the file's end
        mark = getattr(exc, "context_mark", None) or mark
    line = mark.line + 1 if mark is not None else None
    return problem(file, line, f"dit is geen geldige YAML: {nl}", f"this is not valid YAML: {en}")
