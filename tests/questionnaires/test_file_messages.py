"""What the person who edits a questionnaire file reads for each kind of mistake, as
`inspraak validate` prints it: Dutch (B1, "je"), file:line (where), what is wrong and what to
do. Pydantic's and PyYAML's own English never reaches them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspraak.cli import main
from questionnaires.conditions import ShowIf
from questionnaires.fields import FileEntry
from questionnaires.files import (
    FrameworkFile,
    ItemEntry,
    PillarEntry,
    QuestionnaireFile,
    SectionEntry,
)
from questionnaires.loader import load_catalog
from questionnaires.questions import OptionEntry, QuestionEntry
from questionnaires.reading import QuestionnaireError
from tests.questionnaires.samples import FRAMEWORK, write_definitions

CLIENT = """\
id: client
role: client
title: Hoe woon je?
intro: Welkom.
sections:
  - id: wonen
    title: Wonen
    pillar: "1"
    questions:
      - id: wonen_thuis
        type: yesno
        text: Voel je je thuis?
      - id: wonen_hulp
        type: choice
        text: Wie helpt je?
        options:
          - {id: team, label: Het team}
          - {id: familie, label: Familie}
      - id: wonen_meer
        type: text
        text: Wat kan beter?
        show_if: {question: wonen_thuis, equals: "no"}
"""


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str) -> list[str]:
    """What `inspraak validate` prints for a folder with this client.yaml."""
    folder = write_definitions(tmp_path, client=source)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    problems = lines[1:-1]
    found = "1 probleem" if len(problems) == 1 else f"{len(problems)} problemen"
    assert lines[0] == f"{found} in {folder}:"
    assert lines[-1] == "Verbeter ze en kijk opnieuw met: inspraak validate"
    return problems


def line_of(source: str, fragment: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if fragment in line)


def test_the_example_file_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_definitions(tmp_path, client=CLIENT)
    catalog = load_catalog(folder)
    assert [q.id for q in catalog.questionnaires["client"].questions] == [
        "wonen_thuis",
        "wonen_hulp",
        "wonen_meer",
    ]
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr()
    version = catalog.questionnaires["client"].version
    assert out.out == (
        f"In orde: {folder}\n"
        "  client                       rol client                 3 vragen, ~10 min, versie "
        f"{version}\n"
    )
    assert out.err == ""


# Each kind of mistake: (what changes in CLIENT, the line it is on, what the person reads).
MISTAKES = [
    pytest.param(
        ("type: yesno", "type: ja-nee"),
        "id: wonen_thuis",
        " (vraag wonen_thuis): het soort vraag 'ja-nee' bestaat niet. Bedoel je 'yesno'? Kies "
        "uit: info, likert, yesno, choice, multi, number, date, text.",
        id="value not allowed, the Dutch word for it",
    ),
    pytest.param(
        ("type: choice", "type: choise"),
        "id: wonen_hulp",
        " (vraag wonen_hulp): het soort vraag 'choise' bestaat niet. Bedoel je 'choice'? Kies "
        "uit: info, likert, yesno, choice, multi, number, date, text.",
        id="value not allowed, a typo",
    ),
    pytest.param(
        ("text: Wat kan beter?", "tekst: Wat kan beter?"),
        "id: wonen_meer",
        " (vraag wonen_meer): het veld 'tekst' hoort niet bij een vraag. Bedoel je 'text'? "
        "Kies uit: dont_know, feeds, help, id, items, max, max_length, min, options, "
        "past_only, pillar, records, required, scale, show_if, shows_results, text, type, "
        "unit.",
        id="unknown field, the Dutch word for it",
    ),
    pytest.param(
        ("        text: Voel je je thuis?\n", ""),
        "id: wonen_thuis",
        " (vraag wonen_thuis): 'text' ontbreekt. Schrijf er een Nederlandse tekst bij.",
        id="missing field",
    ),
    pytest.param(
        ("type: yesno", "type: yesno\n        required: ja"),
        "id: wonen_thuis",
        " (vraag wonen_thuis): bij 'required' hoort true of false, zonder aanhalingstekens.",
        id="wrong kind of value: yes/no",
    ),
    pytest.param(
        ("          - {id: familie, label: Familie}\n", ""),
        "id: wonen_hulp",
        " (vraag wonen_hulp): een vraag van het soort choice heeft 'options' nodig, met "
        "minstens 2 antwoorden.",
        id="too few options",
    ),
    pytest.param(
        ("{id: familie, label: Familie}", "{id: team, label: Familie}"),
        "id: wonen_hulp",
        " (vraag wonen_hulp): het antwoord 'team' staat er twee keer. Geef elk antwoord een "
        "eigen id.",
        id="duplicate option id",
    ),
    pytest.param(
        ("id: wonen_meer", "id: wonen_thuis  # de tweede"),
        "# de tweede",
        " (vraag wonen_thuis): de id 'wonen_thuis' staat al bij een andere vraag in "
        "client.yaml. Geef elke vraag een eigen id.",
        id="duplicate question id",
    ),
    pytest.param(
        ("question: wonen_thuis", "question: wonen_thuus"),
        "show_if:",
        " (vraag wonen_meer): 'show_if' noemt de vraag 'wonen_thuus', maar die staat niet "
        "eerder in dit bestand. Een vraag kan alleen afhangen van een vraag die ervoor staat. "
        "Bedoel je 'wonen_thuis'?",
        id="follow-up to an unknown question",
    ),
    pytest.param(
        ('equals: "no"', "equals: nee"),
        "show_if:",
        " (vraag wonen_meer): 'nee' is geen antwoord dat je bij 'wonen_thuis' kunt geven. "
        "Kies uit: yes, no.",
        id="follow-up on an answer that cannot be given",
    ),
]


# What PyYAML finds: the line, and what to do (PyYAML's own words are never shown).
YAML_MISTAKES = [
    pytest.param(
        ("text: Voel je je thuis?", "text: Voel je je thuis: echt?"),
        "Voel je je thuis: echt?",
        "hier staat een dubbele punt (:) die YAML niet verwacht. Zet een tekst met een : "
        'erin tussen "aanhalingstekens". Staat er geen : in de tekst? Kijk dan of deze '
        "regel even ver inspringt als de regels die erbij horen.",
        id="a colon in a text",
    ),
    pytest.param(
        ("        type: choice", "\ttype: choice"),
        "\ttype: choice",
        "op deze regel staat een tab. Spring in met spaties, niet met tabs.",
        id="a tab",
    ),
    pytest.param(
        ("text: Wat kan beter?", "text: 'Wat kan beter?"),
        "'Wat kan beter?",
        "hier begint een tekst met een aanhalingsteken dat niet wordt gesloten. Zet aan "
        "het eind van de tekst hetzelfde aanhalingsteken.",
        id="a quote not closed",
    ),
    pytest.param(
        ("        type: text", "       type: text"),
        "       type: text",
        "het inspringen klopt niet. Laat deze regel even ver inspringen als de regels "
        "die erbij horen (met spaties).",
        id="indentation",
    ),
    pytest.param(
        ("{id: team, label: Het team}", "{id: team, label: Het team: wij}"),
        "Het team: wij",
        "binnen {...} staat iets wat YAML niet verwacht. Zet een tekst met ?, : of een "
        'komma erin tussen "aanhalingstekens". Sluit af met }.',
        id="a colon inside braces",
    ),
]


@pytest.mark.parametrize(
    ("change", "line_fragment", "said"),
    [
        *MISTAKES,
        *(
            pytest.param(change, line, f": dit is geen geldige YAML: {said}", id=case.id)
            for case in YAML_MISTAKES
            for change, line, said in [case.values]
        ),
    ],
)
def test_what_the_author_reads(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    line_fragment: str,
    said: str,
) -> None:
    old, new = change
    assert old in CLIENT
    source = CLIENT.replace(old, new, 1)
    shown = validate(tmp_path, capsys, source)
    assert shown == [f"  client.yaml:{line_of(source, line_fragment)}{said}"]


def test_a_question_cannot_depend_on_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = CLIENT.replace("question: wonen_thuis", "question: wonen_meer")
    assert validate(tmp_path, capsys, source) == [
        f"  client.yaml:{line_of(source, 'show_if:')} (vraag wonen_meer): een vraag kan niet "
        "van zichzelf afhangen. Noem bij 'question' een vraag die ervoor staat."
    ]


def test_the_example_in_the_format_guide_is_what_validate_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = (Path(__file__).parents[2] / "questionnaires" / "FORMAT.md").read_text("utf-8")
    example = guide.split("```\n", 2)[1].split("```", 1)[0]
    source = CLIENT.replace("type: yesno", "type: ja-nee").replace(
        "question: wonen_thuis", "question: wonen_thuus"
    )
    monkeypatch.chdir(tmp_path)
    write_definitions(Path("vragen"), client=source)
    assert main(["validate", "vragen"]) == 1
    assert capsys.readouterr().err == example


def test_a_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_definitions(tmp_path, client=CLIENT)
    windows = CLIENT.replace("Welkom", "Welkom bij één").encode("cp1252")
    (folder / "client.yaml").write_bytes(windows)
    assert main(["validate", str(folder)]) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        "  client.yaml: dit bestand is geen gewone tekst in UTF-8. Sla het op als tekst met de "
        "codering UTF-8 (in Kladblok: Opslaan als, Codering: UTF-8)."
    )


# Values of every kind a person might write where something else belongs.
WRONG_VALUES: list[object] = [None, "x", 7, True, ["x"], [{"a": 1}], {"x": 1}]
ENTRIES: tuple[type[FileEntry], ...] = (
    FrameworkFile,
    PillarEntry,
    ItemEntry,
    QuestionnaireFile,
    SectionEntry,
    QuestionEntry,
    OptionEntry,
    ShowIf,
)
# Words of pydantic's, PyYAML's or our own English that must not be in a Dutch message.
ENGLISH = (
    "Input should",
    "Field required",
    "Extra inputs",
    "valid",
    "must",
    "unknown",
    "missing",
    "Did you mean",
    "Use one of",
    "should",
    "expected",
    "found",
)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.__name__)
def test_no_english_reaches_the_author(tmp_path: Path, entry: type[FileEntry]) -> None:
    """Every field of every entry, given every kind of wrong value: each message is Dutch."""
    fields = [f.alias or name for name, f in entry.model_fields.items()]
    seen = 0
    for field, value in ((f, v) for f in fields for v in WRONG_VALUES):
        framework, client = _with(entry, field, value)
        folder = write_definitions(tmp_path, framework, client=client)
        try:
            load_catalog(folder)
        except QuestionnaireError as exc:
            for problem in exc.problems:
                seen += 1
                said = problem.message.nl
                assert not [w for w in ENGLISH if w in said], (field, value, problem.nl)
                assert problem.message.en and "Input should" not in problem.message.en
    assert seen >= len(fields) * 3


def _with(entry: type[FileEntry], field: str, value: object) -> tuple[str, str]:
    """The framework and CLIENT, with `field` of one `entry` set to `value`."""
    framework, client = yaml.safe_load(FRAMEWORK), yaml.safe_load(CLIENT)
    section = client["sections"][0]
    targets: dict[type[FileEntry], dict[str, object]] = {
        FrameworkFile: framework,
        PillarEntry: framework["pillars"][1],
        ItemEntry: framework["pillars"][1]["items"][0],
        QuestionnaireFile: client,
        SectionEntry: section,
        QuestionEntry: section["questions"][2],
        OptionEntry: section["questions"][1]["options"][0],
        ShowIf: section["questions"][2]["show_if"],
    }
    targets[entry][field] = value
    return (
        yaml.safe_dump(framework, allow_unicode=True, sort_keys=False),
        yaml.safe_dump(client, allow_unicode=True, sort_keys=False),
    )
