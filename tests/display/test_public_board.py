"""The public board (/cong-khai): no login, nothing personal, the centre's figures as the
public API gives them; it may be framed by the centre's website; screenshots for a person."""
import pytest
from playwright.sync_api import expect

from tests.support.live_server import LiveServer, api


def test_the_board_is_public_and_may_be_framed_unlike_staff_pages(client):
    response = client.get("/cong-khai")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert "Công khai kết quả phục vụ" in response.get_data(as_text=True)
    assert "frame-ancestors 'none'" in client.get("/manage").headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/api/v1/public/figures").headers["Content-Security-Policy"]


def _rate(server, ticket_id: str, level: int) -> None:
    """A citizen rates a served ticket (through the hall's own rating service)."""
    from hall.clock import Clock
    from hall.config import parse_config, read_hall_file
    from hall.core import build_hall
    from store.engine import make_engine
    from store.sql import SqlStore
    config = parse_config(read_hall_file(server.config))
    engine = make_engine(server.db_url)
    hall = build_hall(config, SqlStore(engine, config.id), Clock(), publish=lambda events: None)
    hall.ratings.rate(ticket_id, level, source="screen")
    engine.dispose()


@pytest.fixture
def served_server(tmp_path):
    """A live test hall where a clerk served two citizens today and one rated the service."""
    server = LiveServer(tmp_path / "server").start()
    kiosk, clerk = server.token("kiosk"), server.token("clerk", 1)
    tickets = [api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[1] for _ in range(3)]
    for _ in range(3):
        api(server, "POST", "/api/v1/counters/1/next", clerk)
    _rate(server, tickets[0]["id"], 3)
    yield server
    server.stop()


def test_the_board_shows_the_public_figures_without_a_person_in_them(served_server, browser, artifacts):
    server = served_server
    figures = api(server, "GET", "/api/v1/public/figures")[1]
    assert figures["today"]["totals"]["served"] == 2
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{server.url}/cong-khai")
        today = page.locator('[data-period="today"]')
        expect(today.locator('[data-figure="served"] .pb-value')).to_have_text("2")
        land = page.locator('#pb-area-rows [data-area="dat-dai"]')
        expect(land.locator('[data-cell="today.served"]')).to_have_text("2")
        median = figures["today"]["totals"]["wait_median_min"]
        expect(today.locator('[data-figure="wait_median_min"] .pb-value')).to_have_text(
            f"{median:.1f}".replace(".", ","))
        satisfaction = figures["today"]["totals"]["satisfaction"]
        expect(today.locator('[data-figure="satisfaction"] .pb-value')).to_have_text(
            "—" if satisfaction is None else f"{satisfaction * 100:.1f}".replace(".", ","))
        text = page.inner_text("body")
        assert "test clerk" not in text and "Quầy 1" not in text
        page.screenshot(path=str(artifacts / "public-board-tv.png"))
        page.set_viewport_size({"width": 820, "height": 900})
        page.goto(f"{server.url}/cong-khai?theme=light&lang=en")
        expect(page.locator('[data-period="month"] [data-figure="served"] .pb-value')).to_have_text("2")
        page.screenshot(path=str(artifacts / "public-board-embedded.png"), full_page=True)
        assert violations == []
    finally:
        context.close()
