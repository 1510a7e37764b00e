# ruff: noqa: E501
"""Every questionnaire the tests write themselves, built in one place.

Each set is named for what it is; tests/conftest.py loads each once as a fixture of that name
(`short_catalog`, `roles_catalog`, `follow_ups_catalog`, `rich`), beside `catalog`, the
shipped questionnaires. A test that needs the files on disk (the `inspraak` command, a bot in
its own process) writes them with `write_definitions`.
"""

from __future__ import annotations

from pathlib import Path

from questionnaires.loader import load_catalog
from questionnaires.model import Catalog

# One framework for every set: every pillar, two ART items with their texts.
FRAMEWORK = """
framework: Kwaliteitskader Test
pillars:
  - {id: overstijgend, title: Pijleroverstijgende thema's, confirmed: true}
  - id: "1"
    title: Cliënten
    confirmed: true
    items:
      - {id: "1.i", text: "De organisatie wijst cliënten op onafhankelijke cliëntondersteuning.", art_extra: true}
  - {id: "2", title: Naasten, confirmed: false}
  - {id: "3", title: Professionals, confirmed: false}
  - id: "4"
    title: de Samenleving
    confirmed: true
    items:
      - {id: "15.c", text: "Toegankelijk zijn voor het gesprek en klachten.", art_extra: true}
"""

# The short client questionnaire: every mechanic in a few questions (info, likert, yes/no with a
# follow-up, multi, a required number, free text). The bot, conversation and demo tests.
SHORT = """
id: client
role: client
title: Vragenlijst
intro: Welkom. Je mag elke vraag overslaan.
minutes: 3
sections:
  - id: s1
    title: Wonen
    pillar: "1"
    feeds: terugblik
    questions:
      - {id: c_info, type: info, text: Eerst wat uitleg.}
      - {id: c_thuis, type: likert, text: Ik voel me thuis.}
      - {id: c_weet, type: yesno, text: "Weet je van de cliëntondersteuner?", items: ["1.i"]}
      - id: c_meer
        type: yesno
        text: Wil je er meer over weten?
        show_if: {question: c_weet, equals: "no"}
      - id: c_wat
        type: multi
        text: Wat doe je graag?
        options:
          - {id: sport, label: Sporten}
          - {id: lezen, label: Lezen}
          - {id: koken, label: Koken}
      - {id: c_leeftijd, type: number, text: "Hoe oud ben je?", min: 16, max: 110, required: true}
      - {id: c_beter, type: text, text: "Wat kan beter?", feeds: reflectie, max_length: 50}
"""

# Small questionnaires for every role, to report on known data (tests/report, `inspraak`).
ROLES = {
    "client": """
id: client
role: client
title: Vragen voor cliënten
intro: Welkom.
minutes: 5
sections:
  - id: wonen
    title: Wonen
    pillar: "1"
    feeds: terugblik
    questions:
      - {id: c_thuis, type: likert, text: Ik voel me thuis waar ik woon.}
      - {id: c_steun, type: yesno, text: "Weet u dat u gratis een cliëntondersteuner kunt krijgen?", items: ["1.i"], dont_know: true}
      - id: c_doen
        type: multi
        text: "Wat doet u graag?"
        options:
          - {id: sport, label: Sporten}
          - {id: lezen, label: Lezen}
          - {id: koken, label: Koken}
      - {id: c_cijfer, type: number, text: "Welk cijfer geeft u uw woonplek?", min: 1, max: 10}
      - {id: c_beter, type: text, text: "Wat kan beter?", feeds: reflectie}
      - {id: c_wens, type: text, text: "Wat wilt u volgend jaar anders?", feeds: vooruitblik}
  - id: samenleving
    title: Buurt
    pillar: "4"
    feeds: terugblik
    questions:
      - {id: c_klacht, type: likert, scale: agree, text: Ik weet waar ik met een klacht terecht kan., items: ["15.c"]}
""",
    "naaste": """
id: naaste
role: naaste
title: Vragen voor naasten
intro: Welkom.
minutes: 3
sections:
  - id: betrokken
    title: Betrokken
    pillar: "2"
    feeds: terugblik
    questions:
      - {id: n_betrokken, type: likert, scale: satisfied, text: "Hoe tevreden bent u over hoe u wordt betrokken?"}
      - {id: n_klacht, type: yesno, text: "Weet u waar u terecht kunt met een klacht?", items: ["15.c"], pillar: "4"}
      - {id: n_tip, type: text, text: "Welke tip heeft u?", feeds: reflectie}
""",
    "ervaringsdeskundige": """
id: ervaringsdeskundige
role: ervaringsdeskundige
title: Vragen voor ervaringsdeskundigen
intro: Welkom.
minutes: 3
sections:
  - id: inzet
    title: Inzet
    pillar: overstijgend
    feeds: terugblik
    questions:
      - {id: ed_ingezet, type: likert, text: Mijn ervaringskennis wordt goed ingezet.}
      - {id: ed_opbrengst, type: text, text: "Wat heeft uw inzet opgeleverd?", feeds: reflectie}
""",
    "ervaringsdeskundige_bijdrage": """
id: ervaringsdeskundige_bijdrage
role: ervaringsdeskundige
kind: contribution
title: Logboek van bijdragen
intro: Vul een bijdrage in.
minutes: 2
sections:
  - id: bijdrage
    title: Bijdrage
    pillar: overstijgend
    feeds: terugblik
    questions:
      - {id: b_datum, type: date, text: "Wanneer was het?", past_only: true}
      - id: b_soort
        type: choice
        text: "Wat voor bijdrage was het?"
        options:
          - {id: groep, label: Groepsbijeenkomst}
          - {id: gesprek, label: Eén-op-één gesprek}
          - {id: overleg, label: Teamoverleg}
      - {id: b_bereikt, type: number, text: "Hoeveel mensen bereikte u?", min: 0, max: 200}
      - {id: b_opbrengst, type: text, text: "Wat leverde het op?"}
""",
    "partner": """
id: partner
role: partner
title: Vragen voor samenwerkingspartners
intro: Welkom.
minutes: 3
sections:
  - id: samenwerking
    title: Samenwerking
    pillar: "4"
    feeds: terugblik
    questions:
      - {id: p_bereikbaar, type: likert, text: De organisatie is goed bereikbaar., items: ["15.c"]}
      - {id: p_opschalen, type: yesno, text: "Zijn er afspraken over op- en afschalen?"}
""",
    "professional": """
id: professional
role: professional
title: Vragen voor professionals
intro: Welkom.
minutes: 3
sections:
  - id: werk
    title: Werk
    pillar: "3"
    feeds: terugblik
    questions:
      - {id: pr_tijd, type: likert, scale: frequency, text: Ik heb tijd voor herstelgericht werken.}
      - {id: pr_idee, type: text, text: "Wat wilt u verbeteren?", feeds: vooruitblik}
""",
}

# One client questionnaire of follow-ups: a yes/no with a follow-up after "ja", a choice, and a
# multiple choice with a follow-up for those who chose "sport". The privacy properties and audit.
FOLLOW_UPS = """
id: client
role: client
title: Vragen voor cliënten
intro: Welkom.
minutes: 3
sections:
  - id: steun
    title: Steun
    pillar: "1"
    feeds: terugblik
    questions:
      - {id: c_p, type: yesno, dont_know: true, items: ["1.i"], text: "Wil je hulp van een cliëntondersteuner?"}
      - {id: c_f, type: likert, show_if: {question: c_p, equals: "yes"}, text: "Die hulp past bij mij."}
      - id: c_q
        type: choice
        text: "Waar praat je het liefst?"
        options:
          - {id: thuis, label: Thuis}
          - {id: buiten, label: Buiten}
          - {id: kantoor, label: Op kantoor}
      - id: c_m
        type: multi
        max: 2
        text: "Wat doe je graag?"
        options:
          - {id: sport, label: Sporten}
          - {id: lezen, label: Lezen}
          - {id: koken, label: Koken}
      - {id: c_mf, type: yesno, show_if: {question: c_m, contains: sport}, text: "Sport je genoeg?"}
"""

# Every question type and every kind of condition (the loader, engine and storage tests).
RICH = """\
id: rijk
role: client
title: {nl: Vragenlijst, en: Questionnaire}
intro: Welkom.
minutes: 5
sections:
  - id: wonen
    title: Wonen
    pillar: "1"
    questions:
      - {id: r_uitleg, type: info, text: Eerst wat uitleg.}
      - {id: r_thuis, type: likert, text: Ik voel me thuis.}
      - {id: r_tevreden, type: likert, scale: satisfied, text: "Tevreden?",
         show_if: {question: r_thuis, in: [4, 5]}}
      - {id: r_weet, type: yesno, dont_know: true, text: "Weet je het?", items: ["1.i"]}
      - {id: r_meer, type: yesno, text: "Wil je meer weten?",
         show_if: {question: r_weet, equals: "no"}}
  - id: samen
    title: Samen
    pillar: "4"
    feeds: reflectie
    questions:
      - id: r_soort
        type: choice
        text: Met wie werk je samen?
        options:
          - {id: gemeente, label: {nl: Gemeente, en: Municipality}}
          - {id: huisarts, label: Huisarts}
          - {id: politie, label: Politie}
      - {id: r_hoe, type: text, text: "Hoe gaat dat?", max_length: 40,
         show_if: {question: r_soort, in: [gemeente, huisarts]}}
      - id: r_doen
        type: multi
        max: 2
        text: Wat doe je graag?
        options:
          - {id: sport, label: Sporten}
          - {id: lezen, label: Lezen}
          - {id: koken, label: Koken}
      - {id: r_sport_vaak, type: likert, scale: frequency, text: "Hoe vaak sport je?",
         show_if: {question: r_doen, contains: sport}}
      - {id: r_leeftijd, type: number, min: 16, max: 110, unit: jaar, required: true,
         text: "Hoe oud ben je?"}
      - {id: r_datum, type: date, past_only: true, text: "Wanneer was het?"}
      - {id: r_beter, type: text, max_length: 50, text: "Wat kan beter?"}
"""


def write_definitions(folder: Path, framework: str = FRAMEWORK, **files: str) -> Path:
    """Write framework.yaml and `name=source` questionnaire files; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "framework.yaml").write_text(framework, encoding="utf-8")
    for name, source in files.items():
        (folder / f"{name}.yaml").write_text(source, encoding="utf-8")
    return folder


def sample_catalog(folder: Path, **files: str) -> Catalog:
    """The catalog of `name=source` questionnaire files under the one framework."""
    return load_catalog(write_definitions(folder, **files))
