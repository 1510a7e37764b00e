# ruff: noqa: E501
"""Small questionnaire definitions for every role, to test reports with known data."""

from pathlib import Path

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

FILES = {
    "client.yaml": """
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
    "naaste.yaml": """
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
    "ervaringsdeskundige.yaml": """
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
    "ervaringsdeskundige_bijdrage.yaml": """
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
    "partner.yaml": """
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
    "professional.yaml": """
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


def write_definitions(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
