"""A page address that does not exist: a friendly Vietnamese page; /api/ keeps JSON."""
import re


def test_a_missing_page_is_a_vietnamese_page_with_a_way_back(client):
    response = client.get("/khong-co-trang-nay", headers={"Referer": "http://localhost/display"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Không tìm thấy trang này" in page and "Not Found" not in page
    assert 'href="http://localhost/display"' in page          # back where the reader came from
    assert 'href="/login"' in page


def test_a_link_from_elsewhere_is_no_way_back(client):
    page = client.get("/x", headers={"Referer": "https://example.com/"}).get_data(as_text=True)
    assert "example.com" not in page and 'href="/login"' in page


def test_an_unknown_counter_console_is_the_same_page(client, luot):
    from store.auth import create_user
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Lan", "clerk", [], luot.clock.now())
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "lan", "password": "mat-khau-123", "csrf_token": csrf.group(1)})
    response = client.get("/counter/99")
    assert response.status_code == 404 and "Không tìm thấy trang này" in response.get_data(as_text=True)


def test_the_api_keeps_answering_json(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
