"""The HTTP contract: auth, bad input and the happy paths."""
import pytest


def issue(client, tokens, area="dat-dai", **extra):
    return client.post("/api/v1/tickets", json={"area": area, **extra}, headers=tokens["kiosk"])


def state(client):
    return client.get("/api/v1/state").get_json()


def test_kiosk_issues_a_ticket(client, tokens):
    response = issue(client, tokens)
    assert response.status_code == 201
    ticket = response.get_json()
    assert ticket["number"] == "1001" and ticket["area"] == "dat-dai"
    assert ticket["status"] == "waiting" and ticket["ahead"] == 0
    assert set(ticket) >= {"id", "number", "area", "priority", "status", "issued_at", "ahead"}


def test_public_reads_need_no_token(client, tokens):
    ticket = issue(client, tokens).get_json()
    assert client.get(f"/api/v1/tickets/{ticket['id']}").get_json()["number"] == "1001"
    assert [a["id"] for a in client.get("/api/v1/areas").get_json()] == ["dat-dai", "tu-phap", "tra-ket-qua"]
    assert len(client.get("/api/v1/counters").get_json()) == 5
    snap = state(client)
    assert snap["seq"] == 2 and snap["business_date"] == "2026-11-30"
    assert "Vietnamese" not in snap["hall"]["name"] and "Thử Nghiệm" in snap["hall"]["name"]


def test_json_keeps_vietnamese_letters_unescaped(client):
    assert "Tư pháp – Hộ tịch".encode() in client.get("/api/v1/areas").data


def test_clerk_calls_next_and_gets_the_counter_state(client, tokens):
    issue(client, tokens)
    response = client.post("/api/v1/counters/1/next", headers=tokens["clerk1"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["number"] == 1 and body["current"]["number"] == "1001"
    assert body["status"] == "serving"


def test_next_with_nobody_waiting_returns_current_null(client, tokens):
    body = client.post("/api/v1/counters/1/next", headers=tokens["clerk1"]).get_json()
    assert body["current"] is None


@pytest.mark.parametrize("action, body", [
    ("recall", None), ("done", None), ("no-show", None), ("pause", {"reason": "Nghỉ giải lao"}),
    ("transfer", {"area": "tu-phap"})])
def test_each_counter_action_answers_with_the_new_state(client, tokens, action, body):
    issue(client, tokens)
    client.post("/api/v1/counters/1/next", headers=tokens["clerk1"])
    if action == "pause":
        client.post("/api/v1/counters/1/done", headers=tokens["clerk1"])
    response = client.post(f"/api/v1/counters/1/{action}", json=body, headers=tokens["clerk1"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["number"] == 1


def test_call_a_ticket_and_resume(client, tokens):
    issue(client, tokens)
    second = issue(client, tokens).get_json()
    r = client.post("/api/v1/counters/1/call", json={"ticket": second["number"]}, headers=tokens["clerk1"])
    assert r.get_json()["current"]["id"] == second["id"]
    client.post("/api/v1/counters/1/done", headers=tokens["clerk1"])
    client.post("/api/v1/counters/1/pause", json={"reason": "Họp"}, headers=tokens["clerk1"])
    assert client.post("/api/v1/counters/1/resume", headers=tokens["clerk1"]).get_json()["status"] == "idle"


# ---------------------------------------------------------------- authorization
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}])
def test_writes_without_a_valid_token_are_401(client, headers):
    assert client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=headers).status_code == 401
    response = client.post("/api/v1/counters/1/next", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] in ("unauthorized", "invalid_token")


@pytest.mark.parametrize("role", ["display", "clerk1"])
def test_only_kiosks_and_managers_issue_tickets(client, tokens, role):
    assert client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens[role]).status_code == 403


@pytest.mark.parametrize("role", ["kiosk", "display", "clerk2"])
def test_counter_actions_need_a_clerk_of_that_counter_or_a_manager(client, tokens, role):
    response = client.post("/api/v1/counters/1/next", headers=tokens[role])
    assert response.status_code == 403
    assert response.get_json()["error"]["code"].startswith("forbidden")


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_may_act_on_any_counter(client, tokens, role):
    assert client.post("/api/v1/counters/3/next", headers=tokens[role]).status_code == 200


def test_audit_log_is_for_managers(client, tokens):
    issue(client, tokens)
    assert client.get("/api/v1/events", headers=tokens["clerk1"]).status_code == 403
    log = client.get("/api/v1/events", headers=tokens["manager"]).get_json()
    assert [e["name"] for e in log] == ["ticket_issued", "queue_updated"]
    assert log[0]["actor"].startswith("token:") and log[0]["payload"]["ticket"]["number"] == "1001"


# ---------------------------------------------------------------- bad input
def _unchanged(client, before):
    after = state(client)
    assert after["seq"] == before["seq"]
    assert [a["issued"] for a in after["areas"]] == [a["issued"] for a in before["areas"]]


@pytest.mark.parametrize("payload, kwargs, status, code", [
    (None, {"data": "{not json", "content_type": "application/json"}, 400, "invalid_json"),
    (None, {"data": "", "content_type": "application/json"}, 400, "invalid_json"),
    (None, {"json": ["dat-dai"]}, 400, "invalid_json"),
    (None, {"json": {}}, 400, "missing_field"),
    (None, {"json": {"area": 1}}, 400, "invalid_input"),
    (None, {"json": {"area": "nowhere"}}, 404, "unknown_area"),
    (None, {"json": {"area": "x" * 100000}}, 413, "request_entity_too_large"),
    (None, {"json": {"area": "x" * 5000}}, 404, "unknown_area"),
    (None, {"json": {"area": "dat-dai", "priority": "vip"}}, 400, "unknown_priority"),
    (None, {"json": {"area": "dat-dai", "priority": 3}}, 400, "invalid_input"),
])
def test_bad_ticket_requests_get_a_json_error_and_change_nothing(client, tokens, payload, kwargs, status, code):
    before = state(client)
    response = client.post("/api/v1/tickets", headers=tokens["kiosk"], **kwargs)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    _unchanged(client, before)


@pytest.mark.parametrize("path, body, status", [
    ("/api/v1/counters/9/next", None, 404),
    ("/api/v1/counters/1/dance", None, 404),        # not an action: no such path
    ("/api/v1/counters/1/pause", {}, 400),
    ("/api/v1/counters/1/pause", {"reason": ["x"]}, 400),
    ("/api/v1/counters/1/pause", {"reason": "x" * 500}, 400),
    ("/api/v1/counters/1/transfer", {"area": "nowhere"}, 404),
    ("/api/v1/counters/1/call", {"ticket": "9999"}, 404),
    ("/api/v1/counters/1/recall", None, 409),
    ("/api/v1/counters/1/done", None, 409),
])
def test_bad_counter_requests_get_a_json_error_and_change_nothing(client, tokens, path, body, status):
    before = state(client)
    response = client.post(path, json=body, headers=tokens["manager"])
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["message"]
    _unchanged(client, before)


def test_framework_404_and_405_answer_json_under_api(client):
    for response, status in [(client.get("/api/v1/nothing"), 404), (client.delete("/api/v1/state"), 405),
                             (client.get("/api/v1/counters/x"), 404)]:
        assert response.status_code == status
        assert response.get_json()["error"]["code"]


def test_unknown_ticket_is_404(client):
    assert client.get("/api/v1/tickets/doesnotexist").status_code == 404


def test_closed_area_is_409_with_the_reason(client, tokens):
    for _ in range(5):
        issue(client, tokens, "tra-ket-qua")
    response = issue(client, tokens, "tra-ket-qua")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "area_closed"
    assert response.get_json()["error"]["details"]["reason"] == "full"


def test_openapi_document_lists_every_route(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {p.replace("{n}", "<int:n>").replace("/tickets/{id}", "/tickets/<ticket_id>")
                  .replace("/announcements/{id}", "/announcements/<announcement_id>")
                  .replace("/branches/{hall}/", "/branches/<hall_id>/")
                  for p in spec["paths"]}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1") and ":action>" not in rule.rule:
            assert rule.rule in documented, rule.rule
    from hall.commands import COUNTER_COMMANDS
    for command in COUNTER_COMMANDS:          # the one rule with an <action> routes these
        assert f"/api/v1/counters/{{n}}/{command.name}" in spec["paths"], command.name


def test_ticket_png_is_the_printed_raster(client, tokens):
    from PIL import Image
    import io
    ticket = issue(client, tokens).get_json()
    response = client.get(f"/api/v1/tickets/{ticket['id']}/ticket.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.width == 576 and image.height > 400
    assert client.get("/api/v1/tickets/nope/ticket.png").status_code == 404


def test_whoami_tells_a_kiosk_its_role(client, tokens):
    assert client.get("/api/v1/whoami", headers=tokens["kiosk"]).get_json()["role"] == "kiosk"
    assert client.get("/api/v1/whoami").status_code == 401


def test_reprint_and_test_announcement_are_for_managers(client, tokens):
    ticket = issue(client, tokens).get_json()
    assert client.post(f"/api/v1/tickets/{ticket['id']}/reprint", headers=tokens["kiosk"]).status_code == 403
    # the test hall has no printer and no announcer configured: a clear 409
    response = client.post(f"/api/v1/tickets/{ticket['id']}/reprint", headers=tokens["manager"])
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "no_printer"
    response = client.post("/api/v1/announcements/test", json={"counter": 1}, headers=tokens["manager"])
    assert response.status_code == 409
