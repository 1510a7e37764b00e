"""Questionnaire sources shared by the loader, engine and storage tests."""

from __future__ import annotations

from pathlib import Path

from questionnaires.loader import load_catalog
from questionnaires.model import Catalog

FRAMEWORK = """\
framework: Testkader
pillars:
  - {id: overstijgend, title: Overstijgend}
  - id: "1"
    title: Cliënten
    items:
      - {id: "1.i", art_extra: true}
  - {id: "4", title: de Samenleving, items: [{id: "15.c"}]}
"""

# Every question type and every kind of condition.
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


def rich_catalog(folder: Path) -> Catalog:
    return load_catalog(write_definitions(folder, rich=RICH))
