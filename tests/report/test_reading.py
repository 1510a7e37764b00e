"""The demo's report read as the quality officer who pastes it into the kwaliteitsverslag: what
the text says, checked against the stored data and against what `inspraak report` warns."""

from __future__ import annotations

import asyncio
import re
import zipfile
from pathlib import Path

import docx
import pytest

from inspraak.cli import main
from questionnaires.model import Catalog
from report.gather import log_questionnaire_ids, reflection_ids
from report.labels import channel_name, role_label
from settings import Settings
from storage.store import Store
from tests.report.conftest import report_file

ORGANISATION = "Stichting Voorbeeld Wonen (demo)"
PLACEHOLDER = "**✎ Hier komt de tekst van de organisatie**"


def chapters(md: str) -> dict[str, str]:
    """The Markdown per chapter (## heading)."""
    parts = re.split(r"^## ", md, flags=re.MULTILINE)
    return {part.split("\n", 1)[0]: part for part in parts[1:]}


def prose(md: str) -> str:
    """The running text: no tables, no placeholders (they are replaced before publishing)."""
    kept = []
    for block in md.split("\n\n"):
        if not (block.startswith(("|", f"> {PLACEHOLDER}"))):
            kept.append(block)
    return "\n\n".join(kept).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def md(demo: Path) -> str:
    return report_file(demo, "md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stored(demo: Path, catalog: Catalog) -> tuple[str, list, list]:  # type: ignore[type-arg]
    """The round's name, its channel counts and response counts, read from the database."""
    reflection, logs = reflection_ids(catalog), log_questionnaire_ids(catalog)

    async def read() -> tuple[str, list, list]:  # type: ignore[type-arg]
        async with Store.open(demo / "demo.sqlite3") as store:
            [round_] = [r for r in await store.list_rounds() if r.closed_at]
            return (
                round_.name,
                await store.channel_counts(round_.id, reflection, logs),
                await store.response_counts(round_.id),
            )

    return asyncio.run(read())


def test_the_verantwoording_names_every_channel_and_reflection_group(
    md: str,
    stored: tuple[str, list, list],  # type: ignore[type-arg]
) -> None:
    _, channels, responses = stored
    text = chapters(md)["Verantwoording"].replace("\u00a0", " ")
    used = [c for c in channels if not c.reflection and c.people]
    # The demo's people answer on each channel: the bot, the web form and WhatsApp, each with
    # enough people for the report to show how many, and how many of them sent everything.
    assert {c.channel for c in used} == {"telegram", "web", "whatsapp"}
    assert min(c.submitted for c in used) >= 5
    for count in used:
        name = channel_name(count.channel)[0]
        sent = f", van wie {count.submitted} alles verstuurden" * (count.submitted < count.people)
        figure = re.escape(f"{count.people} mensen{sent}.")
        assert re.search(rf"- {re.escape(name)} \([^)]*\): {figure}", text), name
    assert "minder dan 5 mensen" not in text
    # The channels add up to the people who began, as the table below them counts them.
    began = [int(row[2]) for row in re.findall(r"^\| ([^|]+) \| ([^|]+) \| (\d+) \|", text, re.M)]
    assert sum(c.people for c in used) == sum(began) > 100
    # The reflection round with each group that took part and how many people.
    reflected = {r.role: r.people for r in responses if r.questionnaire_id == "reflectie"}
    assert set(reflected) == {"clientenraad", "familieraad", "ervaringsdeskundige", "professional"}
    assert "onder ‘Uit de reflectieronde’, in ‘Reflectie op de resultaten’ en" in text
    # The demo's reflection round is on the bot, each person in one group.
    assert f"Kanaal: Telegram-bot ({sum(reflected.values())} mensen)." in text
    for role, people in reflected.items():
        assert f"{role_label(role)} ({people} mensen)" in text
    # What n means next to "Ingevuld".
    assert "Daarom is het aantal antwoorden bij een vraag (n) soms groter dan ‘Ingevuld’" in text


def test_read_this_first_and_the_verantwoording_say_it_in_short_sentences(md: str) -> None:
    """Taalniveau B1: what was hidden and why, one short sentence each, and no label that
    repeats itself ("Cliëntervaringen: De cliëntervaringen ...")."""
    start = md.index("> **Lees dit eerst**")
    front = prose(md[start : md.index("## Pijleroverstijgende")])
    sentences = re.split(r"(?<=[.?!])\s+|\n+", re.sub(r"[>*]", " ", front))
    longest = max(sentences, key=lambda sentence: len(sentence.split()))
    assert len(longest.split()) <= 25, longest
    assert "In dit verslag tonen we" in front and "Een computer heeft nagerekend" in front
    assert "**Cliëntervaringen:** Gemeten in deze ronde" in md
    assert "**Reflectieronde:** Na het sluiten" in md


def test_every_placeholder_is_warned_about_and_nothing_internal_is_printed(
    demo: Path,
    stored: tuple[str, list, list],  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("INSPRAAK_DB", str(demo / "demo.sqlite3"))
    monkeypatch.setenv("INSPRAAK_ORGANISATION", ORGANISATION)
    round_name = stored[0]
    assert main(["report", "--round", round_name, "--format", "md", "--out", str(tmp_path)]) == 0
    warnings = capsys.readouterr().err.splitlines()
    md = report_file(tmp_path, "md").read_text(encoding="utf-8")
    # Every marked placeholder (reflectie and vooruitblik of each pillar, the practice of each
    # ART item) is in a warning that names its --texts key.
    keys = re.findall(r"--texts key '([^']+)'", "\n".join(warnings))
    assert md.count(PLACEHOLDER) == len(keys) == 12
    assert {"pijler-1-reflectie", "pijler-4-vooruitblik", "art-1.i-praktijk"} <= set(keys)
    # Notes for the organisation are warnings, never text.
    assert any("pillar 2 is not confirmed" in w for w in warnings)
    text = prose(md)
    for internal in ("Let op: controleer", "framework.yaml", "art_extra", "--texts", "None"):
        assert internal not in text
    raw_codes = re.findall(r"\b[a-z]+_[a-z_]+\b|\bpijler_\d\b", text)
    assert not raw_codes
    assert not re.search(r"\btelegram\b|\bweb\b: ", text)  # channels by name, not by code
    # Without INSPRAAK_ORGANISATION there is a warning (and nothing else changes).
    monkeypatch.delenv("INSPRAAK_ORGANISATION")
    main(["report", "--round", round_name, "--format", "md", "--out", str(tmp_path / "2")])
    assert "INSPRAAK_ORGANISATION" in capsys.readouterr().err


def test_majorities_ties_trends_and_follow_ups_read_true(md: str) -> None:
    text = prose(md)
    # "De meerderheid" (or "de meesten") only for more than half.
    for said in re.finditer(r"(de meerderheid|de meesten)[^()]*?\((\d+)%\)", text):
        assert int(said[2]) > 50, said[0]
    # A tie is said as a tie: every option named shares one percentage.
    for tie in re.finditer(r"werden (.+?) even vaak gekozen \(elk (\d+)%\)", text):
        assert "‘" in tie[1]
    # A change between rounds on few answers says it may be chance.
    for change in re.finditer(r"De grootste verandering[^\n]*", text):
        counts = re.search(r"Met (\d+) antwoorden toen en (\d+) nu", change[0])
        if counts is None:
            continue
        assert "toeval" in change[0]
    assert re.search(r"Met \d+ antwoorden toen en \d+ nu kan zo’n verschil ook toeval zijn", text)
    # A follow-up question is never shown without the question it follows.
    for follow_up in re.finditer(r"‘Wil je hier meer over weten\?’", text):
        before = text[max(0, follow_up.start() - 200) : follow_up.start()]
        assert "Heeft iemand je verteld" in before or "kregen alleen mensen" in before


def test_the_quotes_the_text_sends_to_the_appendix_are_there_under_their_part(md: str) -> None:
    """'Nog 3 citaten staan in de bijlage' under a part: the appendix's 'Meer citaten' has a
    heading for that part with those quotes."""
    sent: dict[str, int] = {}
    for title, chapter in chapters(md).items():
        if title.startswith(("Bijlage", "Verantwoording", "Aanvullende")):
            continue
        pillar = re.sub(r"^(Pijler \d+): (.+)$", r"\1 (\2)", title)
        for part in re.split(r"^### ", chapter, flags=re.MULTILINE)[1:]:
            place = (
                title
                if title.startswith("Inzet")
                else f"{pillar}, {part.split(chr(10))[0].lower()}"
            )
            for n in re.findall(r"\*Nog (\d+) (?:citaten|citaat|antwoorden|antwoord) ", part):
                sent[place] = sent.get(place, 0) + int(n)
    more = chapters(md)["Bijlage: alle cijfers per vraag"].split("### Meer citaten\n", 1)[1]
    more = more.split("\n### ", 1)[0]
    found = {
        heading: body.count("> “")
        for heading, body in re.findall(r"^#### (.+)\n((?:(?!#### ).*\n)*)", more, re.MULTILINE)
    }
    assert sum(sent.values()) > 20
    assert found == sent


def test_numbers_are_said_in_words_where_dutch_does(md: str) -> None:
    assert not re.search(r"\balle [12] \w+", md)  # 'beide stellingen', not 'alle 2'


def test_no_boilerplate_is_repeated_within_a_chapter(md: str) -> None:
    for title, chapter in chapters(md).items():
        if title.startswith("Bijlage"):
            continue
        sentences: dict[str, int] = {}
        for block in prose(chapter).split("\n\n"):
            if block.startswith((">", "#")):
                continue  # quotes are people's own words
            for sentence in re.split(r"(?<=[.!?])\s+", block.strip("*")):
                if len(sentence) > 40:
                    sentences[sentence] = sentences.get(sentence, 0) + 1
        repeated = {s: n for s, n in sentences.items() if n > 1}
        assert not repeated, (title, repeated)


def test_peer_expert_tables_keep_contributions_and_people_apart(md: str) -> None:
    chapter = chapters(md)["Inzet van ervaringsdeskundigen"]
    table = re.search(
        r"\| Soort bijdrage \| Bijdragen \| Contacten \|\n.*?\n((?:\|.*\n)+)", chapter
    )
    assert table
    rows = [row.strip("|").split("|") for row in table[1].strip().splitlines()]
    assert "minder dan" not in table[1]  # a threshold on people is not a count of contributions
    labels = [row[0].strip() for row in rows]
    assert labels[-2:] == ["Overige soorten", "Totaal"]
    figures = [int(row[1]) for row in rows]
    assert sum(figures[:-1]) == figures[-1]
    assert "wie bij meer bijdragen was, telt vaker mee" in chapter
    appendix = chapters(md)["Bijlage: alle cijfers per vraag"]
    assert "Bij een bijdrage konden ervaringsdeskundigen meer groepen kiezen" in appendix
    # The chapter points only to the tables the appendix has (the demo logs no locations).
    assert "| Locatie |" not in appendix
    assert (
        "Per pijler en per groep waarmee ze samenwerkten staan de bijdragen in de bijlage."
        in chapter
    )


def test_art_items_are_quoted_as_the_hic_art_letter_has_them(md: str) -> None:
    art = chapters(md)["Aanvullende verantwoording voor organisaties met het ART-model"]
    assert (
        "> “De organisatie cliënten wijst op mogelijkheid om onafhankelijke cliëntondersteuning "
        "te krijgen”\n> — Kwaliteitskader, item 1.i, zoals geciteerd in de brief van Stichting "
        "HIC&ART, 8 juni 2026"
    ) in art
    assert (
        "“Toegankelijk te zijn voor het gesprek, klachten en vroegsignalering van problemen.”"
        in art
    )


def test_the_art_part_alone_counts_its_own_hidden_figures(demo: Path, md: str) -> None:
    whole = re.search(r"tonen we (\d+) cijfers niet", md)
    assert whole
    art = report_file(demo, "html", "art-aanvulling").read_text(encoding="utf-8")
    assert f"tonen we {whole[1]} cijfers niet" not in art
    # The organisation speaks ("we"), and never addresses its reader formally ("U kunt").
    assert "Het vult het auditrapport van de ART-monitor aan." in art
    assert not re.search(r"\b[Uu]w?\b", re.sub(r"<[^>]+>", " ", art) + md)
    assert re.search(r"In dit deel tonen we daarom bij \d+ vragen? niet alle cijfers", art) or (
        "Elk cijfer in dit deel rust op minstens 5 mensen." in art
    )


def test_word_file_properties_say_what_and_whose(demo: Path) -> None:
    path = report_file(demo, "docx")
    props = docx.Document(str(path)).core_properties
    assert props.title.startswith("Inbreng van cliënten")
    assert props.author == props.last_modified_by == ORGANISATION
    assert props.language == "nl-NL"
    # Made on the organisation's date, as the bot and the web form count days.
    assert props.created is not None and props.created.date() == Settings().local_date()
    with zipfile.ZipFile(path) as packed:
        body = packed.read("word/document.xml").decode()
        app = packed.read("docProps/core.xml").decode()
    assert "python-docx" not in app
    # Every chart's alt text says what it shows, and the sentences before it stay with it.
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert descriptions and all(d.startswith("Staafdiagram, ") and "%" in d for d in descriptions)
    for paragraph in re.findall(r"<w:p>(?:(?!</w:p>).)*?</w:p>(?=<w:p><w:r><w:drawing>)", body):
        assert "<w:keepNext/>" in paragraph


def test_every_reflection_group_is_heard_in_its_own_words(md: str) -> None:
    for group in ("Cliëntenraad", "Familieraad", "Ervaringsdeskundigen", "Professionals"):
        said = re.findall(
            rf"> “(.+?)”\n> — {group}, bij de vraag: Wat (?:valt je op|moet er beter|moeten we zo "
            r"houden)\?",
            md,
        )
        assert said, group
        # Answers a coordinator approves as they are: nothing masked away.
        assert not [quote for quote in said if "\\[" in quote], group
