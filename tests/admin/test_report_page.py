"""End to end: the manager reads a month of a busy hall on the report view — tiles, tables and
charts show the figures the JSON API gives — picks other periods, and prints; screenshots and
the printed PDF are kept in test-artifacts/ for a person to look at."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from hall.clock import Clock, business_date
from hall.config import parse_config, read_hall_file
from store.auth import create_user
from store.engine import make_engine
from tests.support.generated_hall import generate, working_days
from tests.support.live_server import LiveServer, api

PASSWORD = "mat-khau-123"


def shown(value, kind: str) -> str:
    """A figure as the page writes it in Vietnamese: 1.234 · 7,5 · 57,1 % · —."""
    if value is None:
        return "—"
    if kind == "share":
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == "minutes":
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


@pytest.fixture
def busy_server(tmp_path):
    """The test hall with this month's working days so far filled with tickets and ratings."""
    server = LiveServer(tmp_path / "server").start()
    engine = make_engine(server.db_url)
    create_user(engine, "test-hall", "hoa", PASSWORD, "Lê Thị Hoa", "manager", [], Clock().now())
    today = business_date(Clock().now())
    days = [d for d in working_days(today.replace(day=1), 23) if d <= today]
    config = parse_config(read_hall_file(server.config))
    generate(engine, config, days, 60)
    engine.dispose()
    yield server, today
    server.stop()


def _open_report(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"{server.url}/login?next=/manage")
    page.fill("input[name=username]", "hoa")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/manage"))
    page.goto(f"{server.url}/manage#report")
    return context, page, errors


def test_the_report_view_shows_the_apis_figures_as_tables_and_charts(busy_server, browser, artifacts):
    server, today = busy_server
    first = today.replace(day=1).isoformat()
    context, page, errors = _open_report(browser, server)
    try:
        query = f"from={first}&to={today.isoformat()}"
        expect(page.locator("#view-report")).to_have_attribute("data-loaded", query)
        status, report = api(server, "GET", f"/api/v1/reports?{query}", server.token("manager"))
        assert status == 200 and report["totals"]["issued"] > 0
        kinds = {f["key"]: f["kind"] for f in report["fields"]}
        for key in ("issued", "served", "no_show", "wait_median_min", "on_time_share", "satisfaction"):
            expect(page.locator(f'#report-tiles [data-tile="{key}"] .tile-number')).to_have_text(
                shown(report["totals"][key], kinds[key]))
        rows = page.locator("#report-area tbody tr")
        expect(rows).to_have_count(len(report["by"]["area"]) + 1)
        for i, group in enumerate(report["by"]["area"]):
            cells = rows.nth(i).locator("td")
            assert cells.nth(0).inner_text() == group["name"]
            for field in (f for f in report["fields"] if f["page"]):
                assert rows.nth(i).locator(f'td[data-field="{field["key"]}"]').inner_text() == \
                    shown(group[field["key"]], field["kind"]), (group["name"], field["key"])
        expect(page.locator("#report-satisfaction tbody tr.total td").last).to_have_text(
            shown(report["totals"]["satisfaction"], "share"))
        page.wait_for_function("() => ['chart-waits', 'chart-hours', 'chart-heat', 'chart-satisfaction']"
                               ".every((id) => window.Chart && window.Chart.getChart(id))")
        assert page.locator("#report-xlsx").get_attribute("href") == f"/api/v1/reports?{query}&format=xlsx"
        page.screenshot(path=str(artifacts / "report-month.png"), full_page=True)

        page.emulate_media(media="print")
        expect(page.locator(".side")).to_be_hidden()
        expect(page.locator(".report-title")).to_contain_text("Trung tâm Phục vụ hành chính công xã Thử Nghiệm")
        page.pdf(path=str(artifacts / "report-month.pdf"), format="A4", landscape=True,
                 print_background=True)
        page.emulate_media(media="screen")

        page.click('[data-preset="quarter"]')
        quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1).isoformat()
        expect(page.locator("#view-report")).to_have_attribute(
            "data-loaded", f"from={quarter}&to={today.isoformat()}")
        page.click("#report-earlier")
        expect(page.locator("#report-period-text")).to_contain_text("Từ ngày")
        page.click('[data-preset="day"]')
        expect(page.locator("#view-report")).to_have_attribute(
            "data-loaded", f"from={today.isoformat()}&to={today.isoformat()}")
        assert errors == []
    finally:
        context.close()
