"""Hostile input is refused at the edge with a JSON 4xx, on SQLite and on PostgreSQL.

Lone surrogates, NUL bytes, absurd nesting and out-of-range integers used to reach the
database or the JSON encoder and come back as 500s with a traceback in the log.
"""
import json
import logging
import re
from datetime import datetime

import pytest

from hall.clock import VIETNAM, FakeClock
from store.auth import create_token, create_user
from tests.support.databases import fresh_postgres_database

LONE_SURROGATE, NUL = "\ud800", "a\x00b"


@pytest.fixture(params=["sqlite", "postgresql"])
def hall(request, tmp_path):
    """A client and bearer headers, on a fresh database of each kind."""
    from server import ROOT, Settings, create_app
    db_url = None
    if request.param == "postgresql":
        db_url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    settings = Settings(instance_path=tmp_path / "instance", async_mode="threading", db_url=db_url,
                        config_path=ROOT / "tests" / "data" / "hall.toml", testing=False,
                        start_devices=False,
                        clock=FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM)))
    app = create_app(settings)
    luot = app.extensions["luot"]
    now = luot.clock.now()
    headers = {role: {"Authorization": "Bearer " + create_token(luot.engine, luot.config.id, role,
                                                                 role, [1], now)}
               for role in ("kiosk", "manager")}
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [], now)
    yield app.test_client(), headers
    luot.engine.dispose()


def _record(client, headers) -> tuple:
    """What the database holds that a request could have changed."""
    events = client.get("/api/v1/events?after=0&limit=1000", headers=headers["manager"]).get_json()
    tokens = client.get("/manage/api/tokens", headers=headers["manager"]).get_json()
    return len(events), len(tokens), client.get("/api/v1/state").get_json()["seq"]


def _refused(response, status=400, code=None):
    assert response.status_code == status, response.data[:300]
    error = response.get_json()["error"]
    assert error["message"] and (code is None or error["code"] == code)
    return error


@pytest.fixture
def no_tracebacks(caplog):
    """Fails the test if anything was logged as an error (500s log a traceback)."""
    caplog.set_level(logging.ERROR)
    yield
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


# Every string a client can send in a JSON body, and where it goes.
JSON_FIELDS = [
    ("/api/v1/tickets", "kiosk", lambda v: {"area": v}),
    ("/api/v1/tickets", "kiosk", lambda v: {"area": "dat-dai", "priority": v}),
    ("/api/v1/tickets", "kiosk", lambda v: {"area": "dat-dai", v: 1}),
    ("/api/v1/counters/1/pause", "manager", lambda v: {"reason": v}),
    ("/api/v1/counters/1/call", "manager", lambda v: {"ticket": v}),
    ("/api/v1/counters/1/transfer", "manager", lambda v: {"area": v}),
    ("/api/v1/counters/1/dossier", "manager", lambda v: {"code": v}),
    ("/manage/api/tokens", "manager", lambda v: {"role": "kiosk", "name": v}),
]


@pytest.mark.parametrize("text", [LONE_SURROGATE, NUL], ids=["lone-surrogate", "nul"])
@pytest.mark.parametrize("path, role, body", JSON_FIELDS,
                         ids=[f"{p}:{i}" for i, (p, _, _) in enumerate(JSON_FIELDS)])
def test_bad_text_in_any_json_string_is_400_and_changes_nothing(hall, no_tracebacks, text,
                                                               path, role, body):
    client, headers = hall
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=headers["kiosk"])
    client.post("/api/v1/counters/1/next", headers=headers["manager"])
    before = _record(client, headers)
    response = client.post(path, data=json.dumps(body(text)), content_type="application/json",
                           headers=headers[role])
    _refused(response, 400, "invalid_text")
    assert _record(client, headers) == before


@pytest.mark.parametrize("document", ["[" * 3000 + "]" * 3000, '{"a":' * 3000 + "1" + "}" * 3000,
                                      '{"area": ' + "[" * 100 + "]" * 100 + "}"],
                         ids=["arrays-3000", "objects-3000", "arrays-100"])
def test_json_nested_deeply_is_400(hall, no_tracebacks, document):
    client, headers = hall
    before = _record(client, headers)
    response = client.post("/api/v1/tickets", data=document, content_type="application/json",
                           headers=headers["kiosk"])
    assert "nested" in _refused(response, 400, "invalid_json")["message"]
    assert _record(client, headers) == before


@pytest.mark.parametrize("document", ['{"counter": NaN}', '{"counter": Infinity}',
                                      '{"counter": 1e999}', '{"counter": 9223372036854775808}'])
def test_numbers_json_cannot_carry_are_400(hall, no_tracebacks, document):
    client, headers = hall
    response = client.post("/api/v1/announcements/test", data=document,
                           content_type="application/json", headers=headers["manager"])
    _refused(response, 400)


@pytest.mark.parametrize("path", [
    "/api/v1/tickets/%00", "/api/v1/tickets/a%00b/ticket.png", "/t/a%00b", "/t/a%00b/qr.svg",
    "/api/v1/announcements/%00.wav", "/manage/api/tickets?number=1%000", "/display?areas=%00",
    "/api/v1/state?x%00=1", "/login?next=/%00"])
def test_a_nul_byte_in_the_path_or_query_is_400_even_anonymously(hall, no_tracebacks, path):
    client, headers = hall
    _refused(client.get(path), 400, "invalid_text")
    _refused(client.get(path, headers=headers["manager"]), 400, "invalid_text")


def test_a_nul_byte_in_the_login_form_is_400(hall, no_tracebacks):
    client, _ = hall
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for form in ({"username": NUL, "password": "mat-khau-123"},
                 {"username": "lan", "password": NUL}):
        _refused(client.post("/login", data={**form, "csrf_token": token}), 400, "invalid_text")


@pytest.mark.parametrize("query", ["after=9223372036854775808", "after=-1", "after=1e3",
                                   "limit=5000", "limit=0", "limit=" + "9" * 30])
def test_audit_log_paging_outside_its_range_is_400(hall, no_tracebacks, query):
    client, headers = hall
    error = _refused(client.get(f"/api/v1/events?{query}", headers=headers["manager"]), 400,
                     "invalid_query")
    assert query.split("=")[0] in error["message"]


def test_audit_log_paging_at_its_limits_works(hall, no_tracebacks):
    client, headers = hall
    manager = headers["manager"]
    assert client.get("/api/v1/events?after=9223372036854775807&limit=1000",
                      headers=manager).get_json() == []
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=headers["kiosk"])
    assert len(client.get("/api/v1/events?after=0&limit=1", headers=manager).get_json()) == 1


def test_an_unknown_report_format_is_400_and_json_is_the_default(hall, no_tracebacks):
    client, headers = hall
    manager = headers["manager"]
    error = _refused(client.get("/api/v1/reports/day?format=pdf", headers=manager), 400,
                     "invalid_query")
    assert "xlsx" in error["message"]
    assert client.get("/api/v1/reports/day?format=json", headers=manager).is_json
    assert client.get("/api/v1/reports/day", headers=manager).is_json


@pytest.mark.parametrize("path", ["/api/v1/counters/99999999999999999999",
                                  "/api/v1/counters/99999999999999999999/no-shows"])
def test_a_counter_number_beyond_any_integer_column_is_404(hall, no_tracebacks, path):
    client, headers = hall
    _refused(client.get(path, headers=headers["manager"]), 404)
