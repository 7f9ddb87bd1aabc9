"""The reports over HTTP: the scripted day's figures (tests/support/report_day.py) agree
between the JSON, the Excel workbook and the per-ticket CSV; the day report keeps its shape;
the public figures carry nothing about a person; bad periods are refused."""
import csv
import io
import statistics

import pytest
from openpyxl import load_workbook

from store.reports.fields import FIELDS
from store.reports.rows import HEADERS
from tests.support.report_day import play_fixture_day

DAY = "from=2026-11-30&to=2026-11-30"


@pytest.fixture
def played(luot, fake_clock):
    return play_fixture_day(luot.hall, fake_clock)


def _json(client, tokens, query=DAY):
    response = client.get(f"/api/v1/reports?{query}", headers=tokens["manager"])
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _csv(client, tokens) -> list[dict]:
    response = client.get(f"/api/v1/reports?{DAY}&format=csv", headers=tokens["manager"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "luot-test-hall-2026-11-30_2026-11-30-phieu.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff" + ",".join(HEADERS) + "\r\n")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_json_the_workbook_and_the_csv_agree_on_the_fixture_day(client, tokens, played):
    report = _json(client, tokens)
    response = client.get(f"/api/v1/reports?{DAY}&format=xlsx", headers=tokens["manager"])
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:4] == ["Tổng hợp", "Lĩnh vực", "Quầy", "Cán bộ"]
    assert book.sheetnames[-2:] == ["Thời gian chờ", "Phiếu"]
    summary = _sheet_rows(book["Tổng hợp"])
    assert summary[0][0] == "Trung tâm Phục vụ hành chính công xã Thử Nghiệm"
    assert summary[2][0] == "Từ ngày 30/11/2026 đến ngày 30/11/2026 (1 ngày)"
    listed = {row[0]: row[1] for row in summary if row and row[0]}
    for field in FIELDS:
        assert listed[field.vi] == report["totals"][field.key], field.key
    areas = {row[0]: row for row in _sheet_rows(book["Lĩnh vực"])[5:]}
    for group in report["by"]["area"]:
        assert areas[group["name"]][1:1 + len(FIELDS)] == [group[f.key] for f in FIELDS]
    assert areas["Toàn trung tâm"][1:1 + len(FIELDS)] == [report["totals"][f.key] for f in FIELDS]

    share = next(row for row in book["Tổng hợp"].iter_rows() if row[0].value == "Tỷ lệ đúng hẹn")[1]
    assert share.number_format == "0.0%"
    sheet = book["Phiếu"]
    issued_at = sheet.cell(row=2, column=HEADERS.index("issued_at") + 1)
    assert issued_at.is_date and issued_at.number_format == "dd/mm/yyyy hh:mm:ss"
    assert sheet.column_dimensions["H"].width > 15

    lines = _csv(client, tokens)
    tickets = _sheet_rows(book["Phiếu"])
    assert tickets[0] == list(HEADERS) and len(tickets) - 1 == len(lines) == 7
    assert [row[HEADERS.index("number")] for row in tickets[1:]] == [line["number"] for line in lines]
    issued = [line for line in lines if line["kind"] == "issued"]
    waits = sorted(int(line["wait_seconds"]) for line in lines if line["wait_seconds"])
    totals = report["totals"]
    assert len(issued) == totals["issued"] and len(lines) - len(issued) == totals["transferred_in"]
    assert sum(line["status"] == "served" for line in lines) == totals["served"]
    assert round(statistics.median(waits) / 60, 1) == totals["wait_median_min"]
    assert round(statistics.fmean(waits) / 60, 1) == totals["wait_mean_min"]
    assert sum(line["on_time"] == "1" for line in lines) == totals["on_time"]
    assert sum(line["on_time"] in ("0", "1") for line in lines) == totals["on_time_base"]
    assert sum(line["rating"] != "" for line in lines) == totals["ratings"]


def test_a_ticket_line_tells_its_times_in_hall_time_and_no_withdrawn_copy(client, tokens, played):
    lines = _csv(client, tokens)
    first = next(line for line in lines if line["number"] == "1001")
    assert (first["issued_at"], first["first_called_at"], first["wait_seconds"],
            first["service_seconds"], first["clerk"], first["rating"]) == (
        "2026-11-30T09:00:00.000+07:00", "2026-11-30T09:06:00.000+07:00", "360", "600", "Lan", "3")
    copies = [line for line in lines if line["number"] == "2001"]
    assert [(c["kind"], c["area"], c["status"]) for c in copies] == [
        ("issued", "tu-phap", "transferred"), ("transfer", "dat-dai", "served")]
    assert [line["status"] for line in lines if line["number"] == "1003"] == ["served"]
    missed = next(line for line in lines if line["number"] == "1002")
    assert (missed["status"], missed["reasons"]) == ("served", "thoi-gian-cho thai-do")


def test_the_day_report_keeps_its_shape(client, tokens, played):
    report = client.get("/api/v1/reports/day?date=2026-11-30", headers=tokens["manager"]).get_json()
    areas = {row["area"]: row for row in report["by_area"]}
    assert areas["dat-dai"] == {"area": "dat-dai", "tickets": 3, "served": 4, "no_show": 0,
                                "transferred": 0, "expired": 0, "avg_wait_min": 10.5,
                                "max_wait_min": 21.0, "avg_service_min": 5.8}
    assert {row["counter"]: row["tickets"] for row in report["by_counter"]} == {1: 3, 2: 2, 5: 1}
    assert {row["clerk"] for row in report["by_clerk"]} == {"Lan", "Minh"}
    book = load_workbook(io.BytesIO(client.get("/api/v1/reports/day?date=2026-11-30&format=xlsx",
                                               headers=tokens["manager"]).data))
    assert book.sheetnames[0] == "Tổng hợp"


def test_by_chooses_the_groupings(client, tokens, played):
    report = _json(client, tokens, f"{DAY}&by=month,clerk")
    assert list(report["by"]) == ["month", "clerk"]
    assert list(_json(client, tokens)["by"]) == ["area", "counter", "clerk", "day", "hour",
                                                 "weekday-hour"]
    year = _json(client, tokens, "from=2026-01-01&to=2026-12-31")
    assert (year["period"]["days"], year["period"]["grain"]) == (365, "month")


@pytest.mark.parametrize("query, field", [
    ("from=2026-12-01&to=2026-11-30", "to"), ("from=2025-01-01&to=2026-01-02", "to"),
    ("from=30/11/2026", "from"), ("to=2026-02-30", "to"), ("by=area,lunar", "by"),
    ("by=", "by"), ("format=pdf", "format")])
def test_a_bad_period_grouping_or_format_is_refused(client, tokens, query, field):
    response = client.get(f"/api/v1/reports?{query}", headers=tokens["manager"])
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["details"]["field"]) == ("invalid_query", field)


def test_reports_are_for_managers(client, tokens):
    assert client.get("/api/v1/reports", headers=tokens["clerk1"]).status_code == 403
    assert client.get("/api/v1/reports").status_code == 401
    assert client.get("/api/v1/reports/day", headers=tokens["clerk1"]).status_code == 403
    assert client.get("/api/v1/reports/day?date=hôm-nay", headers=tokens["manager"]).status_code == 400


def test_the_public_figures_need_no_login_and_name_no_person_counter_or_ticket(client, played, luot):
    response = client.get("/api/v1/public/figures")
    assert response.status_code == 200
    figures = response.get_json()
    assert figures["business_date"] == "2026-12-01"
    month = figures["month"]
    assert (month["from"], month["totals"]["served"], month["totals"]["satisfaction"]) == (
        "2026-12-01", 0, None)
    text = response.get_data(as_text=True)
    for secret in ("Lan", "Minh", "user:", "clerk", "counter", *[t["id"] for t in played.values()]):
        assert secret not in text
    assert set(month["areas"][0]) == {"id", "name", "name_en", "target_wait_min", "issued",
                                      "served", "wait_median_min", "on_time_share", "ratings",
                                      "satisfaction"}


def test_the_public_figures_are_computed_at_most_once_a_minute(client, tokens, fake_clock):
    first = client.get("/api/v1/public/figures").get_json()
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    assert client.get("/api/v1/public/figures").get_json() == first
    fake_clock.advance(seconds=61)
    assert client.get("/api/v1/public/figures").get_json()["today"]["totals"]["issued"] == 1


def test_the_public_figures_count_the_month_so_far(luot, played):
    from datetime import datetime

    from hall.clock import VIETNAM
    from store.reports.public import public_figures
    figures = public_figures(luot.engine, luot.config, datetime(2026, 11, 30, 23, tzinfo=VIETNAM))
    assert figures["today"]["totals"]["issued"] == 6
    month = figures["month"]
    assert (month["from"], month["to"]) == ("2026-11-01", "2026-11-30")
    assert (month["totals"]["served"], month["totals"]["wait_median_min"],
            month["totals"]["satisfaction"]) == (4, 7.5, 0.5)
    land = next(a for a in month["areas"] if a["id"] == "dat-dai")
    assert (land["served"], land["on_time_share"], land["target_wait_min"]) == (4, 0.5, 10)


def test_the_api_document_lists_the_formats_and_groupings_the_server_takes(client, tokens):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/reports"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert params["format"]["enum"] == ["json", "xlsx", "csv"]
    for value in params["format"]["enum"] + ["pdf"]:
        status = client.get(f"/api/v1/reports?format={value}", headers=tokens["manager"]).status_code
        assert status == (400 if value == "pdf" else 200)
    for name in params["by"]["items"]["enum"]:
        assert client.get(f"/api/v1/reports?by={name}", headers=tokens["manager"]).status_code == 200
    public = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/public/figures"]["get"]
    assert public["security"] == []
