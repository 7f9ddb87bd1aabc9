"""Reports derive from the event log: waits, service times and outcomes per area, counter, clerk."""
import io

from openpyxl import load_workbook


def test_day_report_from_the_event_log(client, tokens, fake_clock, luot):
    issue = lambda area: client.post("/api/v1/tickets", json={"area": area}, headers=tokens["kiosk"])
    for area in ("dat-dai", "dat-dai", "tu-phap"):
        issue(area)
    fake_clock.advance(minutes=6)
    client.post("/api/v1/counters/1/next", headers=tokens["clerk1"])          # 1001 waited 6 min
    fake_clock.advance(minutes=10)
    client.post("/api/v1/counters/1/next", headers=tokens["clerk1"])          # 1001 served in 10
    fake_clock.advance(minutes=1)
    client.post("/api/v1/counters/1/no-show", headers=tokens["clerk1"])       # 1002 no-show
    client.post("/api/v1/counters/3/next", headers=tokens["manager"])
    client.post("/api/v1/counters/3/done", headers=tokens["manager"])
    report = client.get("/api/v1/reports/day", headers=tokens["manager"]).get_json()
    areas = {row["area"]: row for row in report["by_area"]}
    assert areas["dat-dai"]["tickets"] == 2 and areas["dat-dai"]["served"] == 1
    assert areas["dat-dai"]["no_show"] == 1 and areas["dat-dai"]["avg_service_min"] == 10.0
    assert areas["dat-dai"]["max_wait_min"] == 16.0 and areas["dat-dai"]["avg_wait_min"] == 11.0
    counters = {row["counter"]: row for row in report["by_counter"]}
    assert counters[1]["served"] == 1 and counters[3]["served"] == 1
    assert {row["clerk"] for row in report["by_clerk"]} == {"test clerk", "test manager"}


def test_day_report_as_excel(client, tokens):
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    response = client.get("/api/v1/reports/day?format=xlsx", headers=tokens["manager"])
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Lĩnh vực", "Quầy", "Cán bộ"]
    assert book["Lĩnh vực"]["A3"].value == "Đất đai" and book["Lĩnh vực"]["B3"].value == 1


def test_reports_are_for_managers_and_check_the_date(client, tokens):
    assert client.get("/api/v1/reports/day", headers=tokens["clerk1"]).status_code == 403
    assert client.get("/api/v1/reports/day?date=hôm-nay", headers=tokens["manager"]).status_code == 400
