"""The coordinator commands through `inspraak.cli.main`, on a file database."""

import re
from pathlib import Path

import pytest

from tests.inspraak.commands import run


def test_round_location_invite_progress(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(capsys, "round create Voorjaar --year 2026 --start 2026-03-01 --end 2099-04-30")[0] == 0
    )
    # A round whose last day passed without closing it is not called open (as the console).
    run(capsys, "round create Vorig --year 2025 --start 2025-03-01 --end 2025-04-30")
    run(capsys, "round create Later --year 2098 --start 2098-03-01 --end 2098-04-30")
    code, out, _ = run(capsys, "round list")
    lines = {line.split()[1]: line for line in out.splitlines()}
    assert code == 0 and lines["Voorjaar"].endswith("  open")
    assert lines["Vorig"].endswith("over (last day passed)")
    assert lines["Later"].endswith("not started yet")
    assert run(capsys, "location add 'De Linde' 'Het Anker'")[0] == 0
    assert "Het Anker" in run(capsys, "location list")[1]
    code, out, _ = run(
        capsys,
        "invite create --round Voorjaar --role client --location 'De Linde' --count 3 --out inv",
    )
    assert code == 0 and "3 invites written" in out
    links = (env / "inv" / "links.txt").read_text(encoding="utf-8")
    assert links.count("https://t.me/test_bot?start=") == 3
    assert links.count("/v/") == 3  # and the web form link of each code
    assert len(list((env / "inv").glob("qr-*-web.png"))) == 3
    assert len(list((env / "inv").glob("qr-*.png"))) == 6 and (env / "inv" / "sheet.html").exists()
    team = "invite create --round Voorjaar --role partner --multi-use unlimited --days 10"
    assert run(capsys, team, "--out", "team")[0] == 0
    code, out, _ = run(capsys, "progress --round Voorjaar")
    assert code == 0
    assert "Cliënten" in out and "De Linde" in out and "unlimited" in out
    # Nobody answered yet: every group is too small for the report, in the shared wording.
    assert out.count("0 (too few for the report, at least 5)") == 2
    assert "Ask more people of that group to take part." in out
    assert run(capsys, "round close Voorjaar")[0] == 0
    assert "closed" in run(capsys, "round list")[1]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "round create X --year 2026 --start 1-3-2026 --end 2026-04-01",
            "is not a date; write it as YYYY-MM-DD",
        ),
        ("round create X --year 2026 --start 2026-05-01 --end 2026-04-01", "is before --start"),
        ("progress --round Onbekend", "unknown round 'Onbekend'"),
        ("invite create --round R --role klant", "unknown role 'klant'"),
        ("invite create --round R --role client --location Nergens", "unknown location 'Nergens'"),
        ("invite create --round R --role client --multi-use veel", "--multi-use 'veel'"),
        (
            "invite create --round R --role partner --kind contribution",
            "no contribution questionnaire for role 'partner'",
        ),
        ("report --round R --format pdf", "unknown format pdf"),
        ("export --round R --kind research --format csv,sql", "unknown format sql"),
    ],
)
def test_operator_errors_are_one_line(
    env: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    run(capsys, "round create R --year 2026 --start 2026-03-01 --end 2026-04-30")
    code, _, err = run(capsys, line)
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_location_rename(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "location add 'De Linde' 'Het Anker'")[0] == 0
    code, out, _ = run(capsys, "location rename 'De Linde' Linde-Oost")
    assert code == 0 and "'De Linde' is now 'Linde-Oost'" in out
    listed = run(capsys, "location list")[1]
    assert "Linde-Oost" in listed and "De Linde" not in listed
    anker = next(line.split()[0] for line in listed.splitlines() if "Het Anker" in line)
    code, out, _ = run(capsys, "location rename", anker, "Het Anker (Zwolle)")
    assert code == 0 and "is now 'Het Anker (Zwolle)'" in out
    for argv, message in [
        (["De Linde", "X"], "unknown location 'De Linde'"),
        (["Linde-Oost", " "], "give the location a name"),
        (["Linde-Oost", "het anker (zwolle)"], "already named 'Het Anker (Zwolle)'"),
    ]:
        code, _, err = run(capsys, "location rename", *argv)
        assert code == 2 and message in err and err.count("\n") == 1, err


def test_duplicate_round_name(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = "round create R --year 2026 --start 2026-03-01 --end 2026-04-30"
    assert run(capsys, line)[0] == 0
    code, _, err = run(capsys, line)
    assert code == 2 and "already exists" in err


def test_demo_then_report_export_and_quote_review(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "demo --out demo")
    assert code == 0
    for name in ("inputsectie-", "art-aanvulling-", "fhir.json", "sheet.html"):
        assert name in out
    assert "3 answered in the web form" in out and "webformulier-naaste.txt" in out
    assert "2 answered through WhatsApp" in out
    seen = (env / "demo" / "whatsapp-client.txt").read_text(encoding="utf-8")
    assert "[Ja, ik doe mee]" in seen and "*Dank je wel!*" in seen
    assert "Met WhatsApp</h3>" in (env / "demo" / "invites" / "sheet.html").read_text("utf-8")
    assert re.search(r"then open http://127\.0\.0\.1:\d+/v/[a-z2-9]{12}", out)
    html = next((env / "demo").glob("inputsectie-*.html")).read_text(encoding="utf-8")
    assert "minder dan 5 antwoorden: niet getoond" in html and "Vorige ronde" in html
    assert html.count("<svg") > 5
    # Running it again starts from a fresh database: tests/demo/test_run.py.
    monkeypatch.setenv("INSPRAAK_DB", str(env / "demo" / "demo.sqlite3"))
    round_name = next(line for line in out.splitlines() if line.startswith("Round ")).split("'")[1]
    code, out, _ = run(
        capsys, "report --round", round_name, "--format", "md", "--section", "art", "--out", "rep"
    )
    assert code == 0 and "art-aanvulling" in out
    # The whole report, with the organisation's own text for one part and a wrong id.
    texts = env / "teksten.yaml"
    texts.write_text("pijler-1-reflectie: Wij lazen alles.\npijler-9: Weg.\n", encoding="utf-8")
    code, out, err = run(
        capsys, "report --round", round_name, "--format", "md", "--texts", str(texts)
    )
    assert code == 0
    assert "warning: own text 'pijler-9' matches no section" in err
    assert "warning: no text yet for Pijler 2: Naasten > Reflectie op de resultaten" in err
    assert "Pijler 1: Cliënten > Reflectie" not in err
    report = next((env / "report-output").glob("inputsectie-*.md")).read_text(encoding="utf-8")
    assert "Wij lazen alles." in report
    texts.write_text("- geen mapping\n", encoding="utf-8")
    code, _, err = run(capsys, "report --round", round_name, "--texts", str(texts))
    assert code == 2 and "must map section ids to text" in err
    code, _, err = run(
        capsys,
        "export --round",
        round_name,
        "--kind",
        "research",
        "--format",
        "csv",
        "--out",
        "exp",
    )
    assert code == 0 and "NOT anonymous" in err
    assert next((env / "exp").glob("*-onderzoek-gepseudonimiseerd.csv"))
    code, out, _ = run(capsys, "export --round", round_name, "--kind", "public", "--out", "pub")
    assert code == 0 and "cijfers-openbaar.csv" in out and "cijfers-openbaar.xlsx" in out
    public = next((env / "pub").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert "pseudoniem" not in public and "minder dan 5 antwoorden" in public
    # A line break and a page break pasted from Word into an edit.
    answers = iter(["x", "a", "e", "Kort\ven\fgoed", "r", "s", "q"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "quotes --round", round_name, "--reviewer", "kim")
    assert code == 0
    assert "Vraag:" in out and "Type a, e, r, s or q." in out and "(group of " in out
    assert "Approved as: Kort\nen\ngoed" in out
    assert "2 approved, 1 rejected, 1 skipped." in out
    code, out, _ = run(capsys, "report --round", round_name, "--format", "docx")
    assert code == 0 and ".docx" in out
    # List the approved quotes, withdraw one, and it is gone from the list.
    code, out, _ = run(capsys, "quotes list --round", round_name)
    assert code == 0 and "Citaat: Kort\nen\ngoed" in out and "in the report" in out
    key = out.split("Citaat: Kort")[0].rsplit("\n\n", 1)[1].split()[0]
    code, out, _ = run(capsys, "quotes withdraw", key, "--round", round_name)
    assert code == 0 and "Withdrawn:" in out and "waits for review again" in out
    code, out, _ = run(capsys, "quotes list --round", round_name)
    assert "Kort" not in out
    code, _, err = run(capsys, "quotes withdraw", key, "--round", round_name)
    assert code == 2 and "not approved in this round" in err
    code, _, err = run(capsys, "quotes withdraw --round", round_name)
    assert code == 2 and "say which quote to withdraw" in err


def test_round_dates_and_console_login(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "round create R --year 2026 --start 2026-03-01 --end 2026-04-30")
    code, out, _ = run(capsys, "round dates R --end 2026-05-31")
    assert code == 0 and "2026-03-01 to 2026-05-31" in out
    code, _, err = run(capsys, "round dates R --end 2026-02-01")
    assert code == 2 and "--end 2026-02-01 is before --start 2026-03-01" in err
    code, out, _ = run(capsys, "console-login --name 'Kim de Vries'")
    assert code == 0 and "One-time login code for Kim de Vries: " in out
    assert "http://127.0.0.1:8080/beheer/inloggen/" in out and "10 minutes" in out


def _create(capsys: pytest.CaptureFixture[str], name: str, end: str) -> None:
    args = ("round", "create", name, "--year", "2026", "--start", "2026-01-01", "--end", end)
    assert run(capsys, *args)[0] == 0


def test_without_round_the_only_round_or_the_only_running_one(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "progress")
    assert code == 2
    assert err == "inspraak: there are no rounds yet; create one with `inspraak round create`.\n"
    _create(capsys, "Vorig jaar", "2026-02-01")
    code, out, _ = run(capsys, "progress")
    assert code == 0 and "Vorig jaar" in out  # the only round, even though it is over
    _create(capsys, "Dit jaar", "2099-12-31")
    code, out, _ = run(capsys, "progress")
    assert code == 0 and "Dit jaar" in out and "Vorig jaar" not in out  # the only one running
    _create(capsys, "Extra", "2099-12-31")
    code, out, err = run(capsys, "quotes", "list")
    assert code == 2 and out == ""
    assert err == (
        "inspraak: several rounds are running ('Dit jaar', 'Extra'); "
        "choose one with --round NAME.\n"
    )
    assert run(capsys, "progress", "--round", "Vorig jaar")[0] == 0
