"""The loader: valid files load, versions are content hashes, and every problem is named at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from questionnaires.loader import DEFINITIONS_DIR, load_catalog
from questionnaires.model import (
    Catalog,
    Condition,
    Kind,
    Question,
    QuestionType,
    ReportPart,
    Role,
    Text,
)
from questionnaires.reading import FileProblem, QuestionnaireError
from tests.questionnaires.samples import RICH, write_definitions

SMALL = """\
# Een kleine vragenlijst.
id: klein
role: client
title: {nl: Klein, en: Small}
intro: Welkom.
minutes: 2
sections:
  - id: wonen
    title: Wonen
    pillar: "1"
    questions:
      - {id: g_thuis, type: likert, text: Ik voel me thuis.}
      - {id: g_weet, type: yesno, text: "Weet je het?", items: ["1.i"]}
      - id: g_meer
        type: text
        text: {nl: Vertel meer., en: Tell more.}
        feeds: vooruitblik
        show_if: {question: g_weet, equals: yes}
"""

# The same content, formatted differently and with other comments.
SMALL_REFORMATTED = """\
id:   klein     # stable
role: client
title:
  en: Small
  nl: Klein
intro: "Welkom."
minutes: 2

sections:
- id: wonen
  title: Wonen
  pillar: '1'
  questions:
  - id: g_thuis
    type: likert
    text: Ik voel me thuis.
  - {id: g_weet, type: yesno, text: "Weet je het?", items: ['1.i']}
  - {id: g_meer, type: text, text: {nl: Vertel meer., en: Tell more.}, feeds: vooruitblik,
     show_if: {question: g_weet, equals: yes}}
"""

BROKEN = """\
id: kapot
role: naaste
title: Kapot
intro: Hallo.
sections:
  - id: s1
    title: Eerste
    pillar: "1"
    questions:
      - {id: k_a, type: likert, text: A}
      - {id: k_a, type: yesno, text: Dubbel in dit bestand}
      - {id: g_thuis, type: likert, text: Dubbel met klein.yaml}
      - {id: k_type, type: likret, text: Onbekend type}
      - {id: k_pijler, type: likert, pillar: "9", text: Onbekende pijler}
      - {id: k_item, type: likert, items: ["99.z"], text: Onbekend item}
      - {id: k_onbekend, type: yesno, text: G, show_if: {question: bestaat_niet, equals: "yes"}}
      - {id: k_vooruit, type: yesno, text: H, show_if: {question: k_later, equals: "yes"}}
      - {id: k_later, type: yesno, text: I}
      - {id: k_engels, type: likert, text: {en: Only English}}
      - id: k_label
        type: choice
        text: J
        options:
          - {id: kort, label: Kort}
          - {id: lang, label: Een veel te lang label voor een knop}
      - {id: k_getal, type: number, text: "Hoeveel?"}
      - id: k_dubbele_sleutel
        type: likert
        text: L
        text: M
      - {id: k_veld, type: likert, text: N, verplicht: true}
"""

SYNTAX = """\
id: syntax
role: partner
title: Syntax
intro: Hallo.
sections:
  - id: s
    title: S
    questions:
      - {id: p_a, type: likert, text: Wat vindt u: goed?}
"""


def line_of(source: str, fragment: str) -> int:
    """The 1-based line of the first line containing `fragment`."""
    return next(i for i, line in enumerate(source.splitlines(), 1) if fragment in line)


def problems_of(folder: Path) -> list[FileProblem]:
    with pytest.raises(QuestionnaireError) as caught:
        load_catalog(folder)
    return caught.value.problems


def test_small_questionnaire_loads(tmp_path: Path) -> None:
    catalog = load_catalog(write_definitions(tmp_path, klein=SMALL))
    qn = catalog.questionnaires["klein"]
    assert (qn.role, qn.kind, qn.minutes) == (Role.CLIENT, Kind.SURVEY, 2)
    assert qn.title.get("en") == "Small" and qn.intro.get("en") == "Welkom."
    assert [q.id for q in qn.questions] == ["g_thuis", "g_weet", "g_meer"]
    thuis, weet, meer = qn.questions
    assert thuis.type is QuestionType.LIKERT and thuis.pillar == "1"
    assert thuis.feeds is ReportPart.TERUGBLIK
    assert weet.items == ("1.i",)
    assert meer.feeds is ReportPart.VOORUITBLIK
    # An unquoted yes is YAML's true; for a yes/no question it means the token "yes".
    assert meer.show_if == Condition("g_weet", "equals", ("yes",))
    assert meer.line == line_of(SMALL, "id: g_meer")
    assert catalog.for_role("client") is qn
    assert catalog.framework.art_extra_items[0].id == "1.i"
    assert len(qn.version) == 12


def test_a_single_file_loads_with_its_framework(tmp_path: Path) -> None:
    write_definitions(tmp_path, klein=SMALL, rijk=RICH)
    catalog = load_catalog(tmp_path / "klein.yaml")
    assert list(catalog.questionnaires) == ["klein"]


def test_version_ignores_formatting_and_comments(tmp_path: Path) -> None:
    one = load_catalog(write_definitions(tmp_path / "a", klein=SMALL))
    two = load_catalog(write_definitions(tmp_path / "b", klein=SMALL_REFORMATTED))
    assert one.questionnaires["klein"].version == two.questionnaires["klein"].version

    def content(catalog: Catalog) -> list[Question]:
        return [replace(q, line=0) for q in catalog.questionnaires["klein"].questions]

    assert content(one) == content(two)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Ik voel me thuis.", "Ik voel me hier thuis."),
        ("minutes: 2", "minutes: 3"),
        ("equals: yes", "equals: no"),
    ],
)
def test_version_changes_with_content(tmp_path: Path, old: str, new: str) -> None:
    one = load_catalog(write_definitions(tmp_path / "a", klein=SMALL))
    two = load_catalog(write_definitions(tmp_path / "b", klein=SMALL.replace(old, new)))
    assert one.questionnaires["klein"].version != two.questionnaires["klein"].version


def test_broken_files_report_every_problem_at_once(tmp_path: Path) -> None:
    problems = problems_of(write_definitions(tmp_path, klein=SMALL, kapot=BROKEN, syntax=SYNTAX))

    def at(fragment: str, source: str = BROKEN) -> int:
        return line_of(source, fragment)

    # What the author reads, in Dutch: file:line (where): what is wrong and what to do.
    assert [p.nl for p in problems] == [
        f"kapot.yaml:{at('text: M')}: 'text' staat hier twee keer. Houd er één over en haal "
        "de andere weg.",
        f"kapot.yaml:{at('Dubbel in dit bestand')} (vraag k_a): de id 'k_a' staat al bij een "
        "andere vraag in kapot.yaml. Geef elke vraag een eigen id.",
        f"kapot.yaml:{at('id: k_type')} (vraag k_type): het soort vraag 'likret' bestaat niet. "
        "Bedoel je 'likert'? Kies uit: info, likert, yesno, choice, multi, number, date, text.",
        f"kapot.yaml:{at('id: k_pijler')} (vraag k_pijler): de pijler '9' bestaat niet. Kies "
        "uit: overstijgend, 1, 2, 3, 4.",
        f"kapot.yaml:{at('id: k_item')} (vraag k_item): het item '99.z' staat niet in "
        "framework.yaml. Voeg het daar toe, of kies uit: 1.i, 15.c.",
        f"kapot.yaml:{at('id: k_onbekend')} (vraag k_onbekend): 'show_if' noemt de vraag "
        "'bestaat_niet', maar die staat niet eerder in dit bestand. Een vraag kan alleen "
        "afhangen van een vraag die ervoor staat.",
        f"kapot.yaml:{at('id: k_vooruit')} (vraag k_vooruit): 'show_if' noemt de vraag "
        "'k_later', maar die staat pas verderop. Een vraag kan alleen afhangen van een vraag "
        "die ervoor staat: zet 'k_later' eerder.",
        f"kapot.yaml:{at('id: k_engels')} (vraag k_engels): 'text' heeft geen Nederlandse "
        "tekst (nl). Voeg die toe.",
        # A problem inside an option is on the option's own line.
        f"kapot.yaml:{at('id: lang, label: Een veel te lang')} (vraag k_label): het label "
        "'Een veel te lang label voor een knop' heeft 36 tekens. Maak het hoogstens 30 tekens "
        "lang, dan past het op een knop op een telefoon.",
        f"kapot.yaml:{at('id: k_getal')} (vraag k_getal): een vraag naar een getal (number) "
        "heeft 'min' en 'max' nodig: hele getallen, en 'min' niet groter dan 'max'.",
        f"kapot.yaml:{at('id: k_veld')} (vraag k_veld): het veld 'verplicht' hoort niet bij een "
        "vraag. Bedoel je 'required'? Kies uit: dont_know, feeds, help, id, items, max, "
        "max_length, min, options, past_only, pillar, records, required, scale, show_if, "
        "shows_results, text, type, unit.",
        # Files load in name order: the second use of an id is the one reported.
        f"klein.yaml:{at('id: g_thuis', SMALL)} (vraag g_thuis): de id 'g_thuis' staat al bij "
        "een andere vraag in kapot.yaml. Geef elke vraag een eigen id.",
        f"syntax.yaml:{at('Wat vindt u: goed?', SYNTAX)}: dit is geen geldige YAML: binnen "
        "{...} staat iets wat YAML niet verwacht. Zet een tekst met ?, : of een komma erin "
        'tussen "aanhalingstekens". Sluit af met }.',
    ]
    # English is the second language, the same problems in the same places.
    assert [p.en.split(": ", 1)[0] for p in problems] == [
        p.nl.split(": ", 1)[0].replace("(vraag ", "(question ") for p in problems
    ]
    assert problems[2].en.endswith(
        "(question k_type): unknown type 'likret'. Did you mean 'likert'? Use one of: info, "
        "likert, yesno, choice, multi, number, date, text."
    )


def test_problem_text_names_file_line_and_question() -> None:
    problem = FileProblem(
        "a.yaml", 12, Text("vraag q_x", "question q_x"), Text("klopt niet.", "wrong.")
    )
    assert (problem.nl, problem.en) == (
        "a.yaml:12 (vraag q_x): klopt niet.",
        "a.yaml:12 (question q_x): wrong.",
    )
    whole_file = FileProblem("a.yaml", None, None, Text("klopt niet.", "wrong."))
    assert (whole_file.nl, whole_file.en) == ("a.yaml: klopt niet.", "a.yaml: wrong.")
    # The exception's own text is English, for logs and tracebacks.
    assert str(QuestionnaireError([problem, whole_file])) == f"{problem.en}\n{whole_file.en}"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("role: client", "role: clint", "de rol 'clint' bestaat niet. Bedoel je 'client'?"),
        ("type: yesno", "type: choice", "heeft 'options' nodig, met minstens 2 antwoorden"),
        ("equals: yes", "contains: yes", "'contains' werkt alleen bij een vraag waar je meer"),
        (
            "equals: yes",
            "equals: misschien",
            "'misschien' is geen antwoord dat je bij 'g_weet' kunt geven. Kies uit: yes, no.",
        ),
        ("id: g_meer", "id: G-meer", "'G-meer' kan niet als id van een vraag. Gebruik kleine"),
        ('pillar: "1"', 'pillar: "7"', "de pijler '7' bestaat niet"),
        ("type: text\n", "type: text\n        max_length: 5000\n", "bij 'max_length' hoort een"),
        ("type: likert,", "type: info, required: true,", "een info-scherm kan niet verplicht"),
        ("minutes: 2", "minutes: 0", "bij 'minutes' hoort een heel getal"),
        ("type: likert,", "type: likert, records: kind,", "past niet bij een vraag van het soort"),
        ("type: yesno,", "type: yesno, records: pillar,", "Haal 'records' weg."),
        ("type: likert,", "type: choice, options: [a, b],", "geef elk antwoord een 'id' en een"),
        ("{question: g_weet, equals: yes}", "g_weet", "schrijf 'show_if' als {question: ..., "),
        ("{question: g_weet, equals: yes}", "{question: g_weet}", "precies één van equals, in"),
        ('items: ["1.i"]', 'items: "1.i"', "bij 'items' hoort een lijst"),
        ("type: likert,", "type: likert, required: 1,", "bij 'required' hoort true of false"),
        ("role: client", "role: client\nalso_for: naaste", "bij 'also_for' hoort een lijst van"),
        ("title: Wonen", "title: {nl: Wonen, de: Wohnen}", "een taal die we niet kennen: de."),
    ],
)
def test_other_problems_are_named(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    assert old in SMALL
    problems = problems_of(write_definitions(tmp_path, klein=SMALL.replace(old, new, 1)))
    assert any(fragment in p.nl for p in problems), problems
    assert all(p.file == "klein.yaml" for p in problems)


def test_a_misspelt_field_is_one_problem_that_names_the_right_one(tmp_path: Path) -> None:
    source = SMALL.replace("{id: g_thuis, type: likert, text:", "{id: g_thuis, type: likert, txt:")
    problems = problems_of(write_definitions(tmp_path, klein=source))
    assert [p.nl for p in problems] == [
        f"klein.yaml:{line_of(source, 'id: g_thuis')} (vraag g_thuis): het veld 'txt' hoort "
        "niet bij een vraag. Bedoel je 'text'? Kies uit: dont_know, feeds, help, id, items, "
        "max, max_length, min, options, past_only, pillar, records, required, scale, show_if, "
        "shows_results, text, type, unit."
    ]
    assert problems[0].en.endswith(
        "(question g_thuis): unknown field 'txt' in a question. Did you mean 'text'? Use one "
        "of: dont_know, feeds, help, id, items, max, max_length, min, options, past_only, "
        "pillar, records, required, scale, show_if, shows_results, text, type, unit."
    )


def test_every_field_missing_from_an_empty_file_is_named(tmp_path: Path) -> None:
    problems = problems_of(write_definitions(tmp_path, klein=""))
    assert [p.nl for p in problems] == [
        "klein.yaml: 'id' ontbreekt. Geef de vragenlijst een id, bijvoorbeeld client.",
        "klein.yaml: 'role' ontbreekt. Schrijf wie de vragenlijst invult. Kies uit: client, "
        "naaste, ervaringsdeskundige, partner, professional, clientenraad, familieraad.",
        "klein.yaml: 'title' ontbreekt. Schrijf er een Nederlandse tekst bij.",
        "klein.yaml: 'intro' ontbreekt. Schrijf er een Nederlandse tekst bij.",
        "klein.yaml: 'sections' ontbreekt of is leeg. Voeg minstens één onderdeel toe.",
    ]
    assert problems[0].en == (
        "klein.yaml: 'id' is missing. Give the questionnaire an id, e.g. client."
    )


def test_framework_problems_are_named_with_their_pillar(tmp_path: Path) -> None:
    framework = """\
framework: Kader
pillars:
  - {id: "1", titel: Cliënten}
  - {id: "2", title: Naasten, items: [{id: "2.a"}, {id: "2.a"}]}
  - geen pijler
"""
    problems = problems_of(write_definitions(tmp_path, framework=framework, klein=SMALL))
    assert [p.nl for p in problems] == [
        "framework.yaml:3 (pijler 1): het veld 'titel' hoort niet bij een pijler. Bedoel je "
        "'title'? Kies uit: confirmed, id, items, title.",
        "framework.yaml:4 (item 2.a): dit item staat er twee keer. Geef elk item een eigen id.",
        "framework.yaml:1: schrijf elke pijler met een 'id' en een 'title', bijvoorbeeld "
        '{id: "1", title: Cliënten}.',
    ]


def test_two_questionnaires_for_one_role_are_refused(tmp_path: Path) -> None:
    other = SMALL.replace("id: klein", "id: ander").replace("id: g_", "id: a_")
    other = other.replace("question: g_", "question: a_")
    problems = problems_of(write_definitions(tmp_path, klein=SMALL, ander=other))
    assert [p.nl for p in problems] == [
        "klein.yaml: de rol 'client' heeft al een vragenlijst van het soort survey, in "
        "ander.yaml. Houd één bestand per rol over."
    ]


def test_records_belong_to_a_contribution_log_once_each(tmp_path: Path) -> None:
    log = SMALL.replace("role: client", "role: ervaringsdeskundige\nkind: contribution")
    log = log.replace(
        "type: likert,",
        "type: choice, records: kind, options: [{id: a, label: A}, {id: b, label: B}],",
    ).replace(
        "type: yesno,",
        "type: choice, records: kind, options: [{id: a, label: A}, {id: b, label: B}],",
    )
    log = log.replace("show_if: {question: g_weet, equals: yes}", "")
    problems = problems_of(write_definitions(tmp_path, klein=log))
    assert [p.message.nl for p in problems] == [
        "'records: kind' staat al bij vraag g_thuis. Gebruik het één keer."
    ]
    survey = SMALL.replace(
        "type: likert,",
        "type: choice, records: kind, options: [{id: a, label: A}, {id: b, label: B}],",
    )
    problems = problems_of(write_definitions(tmp_path / "s", klein=survey))
    assert any("hoort alleen in een logboek van bijdragen" in p.nl for p in problems)


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nergens")
    assert [p.nl for p in problems] == [
        f"{tmp_path / 'nergens'}: dit bestand of deze map bestaat niet. Kijk of de naam goed "
        "is geschreven."
    ]


def test_shipped_definitions_validate() -> None:
    catalog = load_catalog(DEFINITIONS_DIR)
    answering = {r for q in catalog.questionnaires.values() for r in (q.role, *q.also_for)}
    assert answering >= set(Role)
    reflection = catalog.for_role(Role.FAMILIERAAD, Kind.REFLECTION)
    assert reflection is not None and reflection is catalog.for_role(
        Role.PROFESSIONAL, Kind.REFLECTION
    )
    assert all(q.shows_results for q in reflection.questions if q.type is QuestionType.INFO)
    assert {i.id for i in catalog.framework.art_extra_items} == {"1.i", "15.c"}


def test_a_quoted_boolean_is_a_problem(tmp_path: Path) -> None:
    write_definitions(tmp_path, rijk=RICH.replace("required: true", 'required: "false"'))
    problems = problems_of(tmp_path)
    assert [p.message.nl for p in problems] == [
        "bij 'required' hoort true of false, zonder aanhalingstekens."
    ]
