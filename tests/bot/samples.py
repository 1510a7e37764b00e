"""A small questionnaire with every mechanic: info, likert, yes/no with a follow-up, multi,
a required number and free text."""

FRAMEWORK = """
framework: Test
pillars:
  - {id: "1", title: Cliënten, items: [{id: "1.i", art_extra: true}]}
  - {id: "4", title: de Samenleving}
"""
CLIENT = """
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
