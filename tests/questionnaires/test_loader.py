"""The loader: valid files load, versions are content hashes, and every problem is named at once."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from inspraak.cli import main
from questionnaires.loader import DEFINITIONS_DIR, load_catalog
from questionnaires.model import Catalog, Condition, Kind, Question, QuestionType, ReportPart, Role
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


def the_problem(problems: list[FileProblem], where: str | None, fragment: str) -> FileProblem:
    found = [p for p in problems if p.where == where and fragment in p.message]
    assert len(found) == 1, f"expected one problem for {where} with {fragment!r} in {problems}"
    return found[0]


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

    sources = {"kapot.yaml": BROKEN, "klein.yaml": SMALL, "syntax.yaml": SYNTAX}

    def check(
        where: str | None, fragment: str, line_fragment: str, file: str = "kapot.yaml"
    ) -> FileProblem:
        problem = the_problem(problems, where, fragment)
        assert (problem.file, problem.line) == (file, line_of(sources[file], line_fragment))
        return problem

    check("k_a", "already used in kapot.yaml", "Dubbel in dit bestand")
    # Files load in name order: the second use of an id is the one reported.
    check("g_thuis", "already used in kapot.yaml", "id: g_thuis", file="klein.yaml")
    unknown_type = check("k_type", "unknown type 'likret'", "id: k_type")
    assert "Did you mean 'likert'?" in unknown_type.message
    check("k_pijler", "unknown pillar '9'", "id: k_pijler")
    check("k_item", "unknown framework item '99.z'", "id: k_item")
    check("k_onbekend", "refers to 'bestaat_niet'", "id: k_onbekend")
    check("k_vooruit", "refers to 'k_later'", "id: k_vooruit")
    check("k_engels", "no Dutch text", "id: k_engels")
    # A problem inside an option is on the option's own line.
    check("k_label", "has 36 characters", "id: lang, label: Een veel te lang")
    check("k_getal", "needs whole numbers 'min' <= 'max'", "id: k_getal")
    check(None, "the key 'text' appears twice", "text: M")
    unknown_field = check("k_veld", "unknown field 'verplicht'", "id: k_veld")
    assert "Use one of:" in unknown_field.message and "required" in unknown_field.message
    syntax = check(None, "not valid YAML", "Wat vindt u: goed?", file="syntax.yaml")
    assert '"quotes"' in syntax.message
    # Nothing else: every problem above is reported once, and nothing spurious.
    assert len(problems) == 13, "\n".join(map(str, problems))
    assert str(problems[0]).startswith("kapot.yaml:")


def test_problem_text_names_file_line_and_question() -> None:
    assert str(FileProblem("a.yaml", 12, "q_x", "wrong.")) == "a.yaml:12 [q_x]: wrong."
    assert str(FileProblem("a.yaml", None, None, "wrong.")) == "a.yaml: wrong."


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("role: client", "role: clint", "Did you mean 'client'?"),
        ("type: yesno", "type: choice", "needs 'options' with at least 2"),
        ("equals: yes", "contains: yes", "'contains' only works on a multi question"),
        ("equals: yes", "equals: misschien", "'misschien' is not a possible answer of 'g_weet'"),
        ("id: g_meer", "id: G-meer", "is not valid"),
        ('pillar: "1"', 'pillar: "7"', "unknown pillar '7'"),
        ("type: text\n", "type: text\n        max_length: 5000\n", "'max_length' must be"),
        ("type: likert,", "type: info, required: true,", "info screen cannot be required"),
        ("minutes: 2", "minutes: 0", "'minutes' must be"),
        ("type: likert,", "type: likert, records: kind,", "does not fit a likert question"),
        ("type: yesno,", "type: yesno, records: pillar,", "leave it out"),
        ("type: likert,", "type: choice, options: [a, b],", "each option needs an 'id' and a"),
        ("{question: g_weet, equals: yes}", "g_weet", "'show_if' needs {question: ..., equals"),
        ("{question: g_weet, equals: yes}", "{question: g_weet}", "exactly one of equals, in,"),
        ('items: ["1.i"]', 'items: "1.i"', "'items' must be a list"),
        ("type: likert,", "type: likert, required: 1,", "'required' must be true or false"),
        ("role: client", "role: client\nalso_for: naaste", "'also_for' must list other roles"),
        ("title: Wonen", "title: {nl: Wonen, de: Wohnen}", "unknown language(s) ['de']"),
    ],
)
def test_other_problems_are_named(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    assert old in SMALL
    problems = problems_of(write_definitions(tmp_path, klein=SMALL.replace(old, new, 1)))
    assert any(fragment in p.message for p in problems), problems
    assert all(p.file == "klein.yaml" for p in problems)


def test_a_misspelt_field_is_one_problem_that_names_the_right_one(tmp_path: Path) -> None:
    source = SMALL.replace("{id: g_thuis, type: likert, text:", "{id: g_thuis, type: likert, txt:")
    problems = problems_of(write_definitions(tmp_path, klein=source))
    assert [str(p) for p in problems] == [
        f"klein.yaml:{line_of(source, 'id: g_thuis')} [g_thuis]: unknown field 'txt' in a "
        "question. Did you mean 'text'? Use one of: dont_know, feeds, help, id, items, max, "
        "max_length, min, options, past_only, pillar, records, required, scale, show_if, "
        "shows_results, text, type, unit."
    ]


def test_every_field_missing_from_an_empty_file_is_named(tmp_path: Path) -> None:
    problems = problems_of(write_definitions(tmp_path, klein=""))
    assert [str(p) for p in problems] == [
        "klein.yaml: 'id' is missing. Give the questionnaire an id, e.g. client.",
        "klein.yaml: 'role' is missing. Write who answers it, one of: client, naaste, "
        "ervaringsdeskundige, partner, professional, clientenraad, familieraad.",
        "klein.yaml: 'title' is missing. Add a Dutch text.",
        "klein.yaml: 'intro' is missing. Add a Dutch text.",
        "klein.yaml: 'sections' is missing or empty. Add at least one section.",
    ]


def test_framework_problems_are_named_with_their_pillar(tmp_path: Path) -> None:
    framework = """\
framework: Kader
pillars:
  - {id: "1", titel: Cliënten}
  - {id: "2", title: Naasten, items: [{id: "2.a"}, {id: "2.a"}]}
  - geen pijler
"""
    problems = problems_of(write_definitions(tmp_path, framework=framework, klein=SMALL))
    assert [str(p) for p in problems] == [
        "framework.yaml:3 [1]: unknown field 'titel' in a pillar. Did you mean 'title'? Use one "
        "of: confirmed, id, items, title.",
        "framework.yaml:4 [2.a]: this item id is listed twice.",
        "framework.yaml:1: each pillar must be a mapping with id and title.",
    ]


def test_two_questionnaires_for_one_role_are_refused(tmp_path: Path) -> None:
    other = SMALL.replace("id: klein", "id: ander").replace("id: g_", "id: a_")
    other = other.replace("question: g_", "question: a_")
    problems = problems_of(write_definitions(tmp_path, klein=SMALL, ander=other))
    assert [p.message for p in problems] == [
        "role 'client' already has a survey questionnaire in ander.yaml. Keep one file per role."
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
    assert [p.message for p in problems] == ["'records: kind' is already filled by g_thuis."]
    survey = SMALL.replace(
        "type: likert,",
        "type: choice, records: kind, options: [{id: a, label: A}, {id: b, label: B}],",
    )
    problems = problems_of(write_definitions(tmp_path / "s", klein=survey))
    assert any("only belongs in a contribution questionnaire" in p.message for p in problems)


def test_missing_folder_is_one_problem(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nergens")
    assert len(problems) == 1 and "does not exist" in problems[0].message


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


def test_cli_validate_good_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(write_definitions(tmp_path, klein=SMALL))]) == 0
    out = capsys.readouterr()
    assert "OK" in out.out and "klein" in out.out and out.err == ""


def test_cli_validate_broken_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_definitions(tmp_path, klein=SMALL, kapot=BROKEN)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^\d+ problems? in ", err)
    assert f"kapot.yaml:{line_of(BROKEN, 'id: k_type')} [k_type]: unknown type 'likret'" in err
    assert f"kapot.yaml:{line_of(BROKEN, 'id: k_getal')} [k_getal]" in err


def test_a_quoted_boolean_is_a_problem(tmp_path: Path) -> None:
    write_definitions(tmp_path, rijk=RICH.replace("required: true", 'required: "false"'))
    with pytest.raises(QuestionnaireError) as caught:
        load_catalog(tmp_path)
    assert "'required' must be true or false, without quotes" in str(caught.value)
