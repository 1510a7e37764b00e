import csv
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from report.exports import export
from storage.identities import Chat
from tests.report.conftest import PHONE_TEXT, SECRET_TEXT, Seeded


async def test_csv_xlsx_fhir_are_anonymised_and_logged(seeded: Seeded, tmp_path: Path) -> None:
    store = seeded.store
    # One participant through the bot's path, with a chat id that must never be exported.
    invite = (
        await store.create_invites(seeded.current.id, "client", 1, datetime(2026, 5, 1, tzinfo=UTC))
    )[0]
    response, _ = await store.start_response(
        Chat(987654321),
        invite.code,
        seeded.catalog.questionnaires["client"],
        "v1",
        at=datetime(2026, 3, 2, tzinfo=UTC),
    )
    assert response is not None
    await store.save_answer(response.id, "c_thuis", 3)
    paths = await export(
        store, seeded.catalog, seeded.current, ("csv", "xlsx", "fhir"), tmp_path, "kim"
    )
    assert [p.name for p in paths] == [
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd.csv",
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd.xlsx",
        "inspraak-ronde-2026-onderzoek-gepseudonimiseerd-fhir.json",
    ]
    with paths[0].open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    # 18 clients x 5 closed answers, 3 naasten x 2, 6 partners x 2, 5 professionals,
    # 2 peer experts, 7 logged contributions x 3.
    assert len(rows) == 18 * 5 + 3 * 2 + 6 * 2 + 5 + 2 + 7 * 3 + 1
    assert {r["vraag"] for r in rows} >= {"c_thuis", "c_doen", "b_datum"}
    assert not {"c_beter", "c_wens"} & {r["vraag"] for r in rows}
    assert all(r["pseudoniem"].startswith("x-") for r in rows)  # this export's own pseudonyms
    assert {r["antwoord"] for r in rows if r["vraag"] == "c_doen"} == {"sport;koken", "lezen"}
    everything = paths[0].read_text(encoding="utf-8-sig") + paths[2].read_text(encoding="utf-8")
    for secret in (SECRET_TEXT, PHONE_TEXT, "moestuin", "987654321"):
        assert secret not in everything
    sheet = load_workbook(paths[1])
    assert sheet.sheetnames == ["Antwoorden", "Vragen"]
    assert sheet["Antwoorden"].max_row == len(rows) + 1
    audit = [(e[2], e[3]["format"]) for e in await store.audit_entries() if e[2] == "export"]
    assert sorted(audit) == [("export", "csv"), ("export", "fhir"), ("export", "xlsx")]
