"""Configuration flows down (docs/deployment.md): the province's admin sets the hall file a
branch should run; the branch fetches it, checks it with its own parsers, writes it (running
it from its next start) or refuses it and runs on; the province shows running vs desired.
In one process, the forwarder posting through the province's test client (test_ingest.py)."""
from __future__ import annotations

import copy
import tomllib
from datetime import datetime

import pytest

from api.forwarding import BranchSettings, Forwarder
from hall.clock import VIETNAM, FakeClock

from .support import hall_file
from .test_ingest import URL, Branch, _app, _send, _signed


@pytest.fixture
def province(tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))
    return _app(tmp_path, "province", hall_file(tmp_path / "p", "tinh", "Trung tâm tỉnh"), clock)


def _bearer(app, role, hall=None):
    from store.auth import create_token
    deployment = app.extensions["deployment"]
    secret = create_token(deployment.engine, hall or app.extensions["luot"].config.id, role, role,
                          [], deployment.clock.now())
    return {"Authorization": f"Bearer {secret}"}


def _hooked(branch):
    """The branch's forwarder as the deployment starts it: checked and written by its runtime."""
    luot = branch.luot
    branch.forwarder = Forwarder(luot.engine, luot.config.id, luot.hall_file,
                                 BranchSettings(URL, branch.credential), branch.forwarder.node,
                                 now=branch.clock.now, send=_send(branch.province.test_client()),
                                 check=luot.check_hall_file, write=luot.write_hall_file)
    return branch


def _desired(branch, **change):
    """The branch's hall file without [branch], changed: a new name and a priority policy."""
    hall_file = copy.deepcopy({k: v for k, v in branch.luot.hall_file.items() if k != "branch"})
    hall_file["hall"]["name"] = change.get("name", "Trung tâm xã (cấu hình của tỉnh)")
    hall_file["priority"] = {**hall_file.get("priority", {}), "policy": "strict"}
    for table, value in change.get("tables", {}).items():
        hall_file[table] = value
    return hall_file


def _put(province, hall_id, hall_file, headers):
    return province.test_client().put(f"/api/v1/province/branches/{hall_id}/config",
                                      json={"config": hall_file}, headers=headers)


def _status(province, hall_id):
    answer = province.test_client().get("/api/v1/province/branches",
                                        headers=_bearer(province, "manager"))
    assert answer.status_code == 200
    return next(r for r in answer.get_json()["branches"] if r["hall"] == hall_id)["configuration"]


def test_a_config_flows_down_is_written_and_runs_from_the_next_start(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.work(10)
    branch.forward_all()
    running = _status(province, "xa-a")["running"]
    assert _status(province, "xa-a")["state"] == "up_to_date"
    source = branch.luot.source
    before = source.read_text(encoding="utf-8")

    answer = _put(province, "xa-a", _desired(branch), _bearer(province, "admin"))
    assert answer.status_code == 200, answer.get_json()
    desired = answer.get_json()["desired_version"]
    assert desired != running
    status = _status(province, "xa-a")
    assert status["state"] == "sent" and status["desired"] == desired and status["desired_by"]

    branch.forwarder.step()                 # the answer names the new version: fetch, write
    branch.forwarder.step()                 # hello again: "pending"
    status = _status(province, "xa-a")
    assert status["state"] == "pending" and status["running"] == running
    written = tomllib.loads(source.read_text(encoding="utf-8"))
    assert written["hall"]["name"] == "Trung tâm xã (cấu hình của tỉnh)"
    assert written["priority"]["policy"] == "strict"
    assert source.with_name(source.name + ".previous").read_text(encoding="utf-8") == before
    # the running hall is untouched and serves on
    assert branch.luot.config.policy.mode == "interleave"
    assert branch.luot.service.issue_ticket("dat-dai")["number"]
    branch.forward_all()
    branch.forwarder.step()                 # no second fetch: the version is pending already
    assert _status(province, "xa-a")["state"] == "pending"

    # the branch restarts on its new file: it runs the province's version
    app = _app(tmp_path, "branch-xa-a-restarted", source, branch.clock)
    luot = app.extensions["luot"]
    assert luot.config.policy.mode == "strict"
    restarted = Forwarder(luot.engine, "xa-a", luot.hall_file, BranchSettings(URL, branch.credential),
                          branch.forwarder.node, now=branch.clock.now,
                          send=_send(province.test_client()), check=luot.check_hall_file,
                          write=luot.write_hall_file)
    assert restarted.version == desired
    restarted.step()
    status = _status(province, "xa-a")
    assert status == {**status, "state": "up_to_date", "running": desired, "desired": None}


def test_a_written_config_runs_from_the_first_quiet_moment(tmp_path, province):
    """Hours 07:30–17:00: while the hall is open, or someone waits or is served, the branch
    keeps its running file; at the first moment with every area closed and nobody in the
    hall it starts again on the province's file."""
    branch = _hooked(Branch(tmp_path, province, "xa-a", hours=("07:30", "17:00")))
    deployment = branch.app.extensions["deployment"]
    runtime = deployment.default
    runtime.forwarder = branch.forwarder          # as Deployment.lead starts it
    branch.luot.service.sign_in(1, 101, "Cán bộ 1")
    branch.luot.service.issue_ticket("dat-dai")
    branch.forward_all()
    assert _put(province, "xa-a", _desired(branch), _bearer(province, "admin")).status_code == 200
    branch.forwarder.step()
    branch.forwarder.step()
    assert branch.forwarder.pending and _status(province, "xa-a")["state"] == "pending"
    runtime.tick()                                 # 08:00, open, a citizen waits
    assert deployment.restarts == []
    branch.clock.set_local(datetime(2026, 11, 30, 17, 30))
    runtime.tick()                                 # closed, but the citizen still waits
    branch.luot.service.call_next(1)
    runtime.tick()                                 # … and is being served
    assert deployment.restarts == []
    branch.luot.service.done(1)
    runtime.tick()                                 # quiet: start again on the new file
    assert deployment.restarts == [
        f"hall xa-a runs configuration {branch.forwarder.pending} from its province"]


def test_going_back_to_the_running_config_writes_it_back(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    admin = _bearer(province, "admin")
    running = {k: v for k, v in branch.luot.hall_file.items() if k != "branch"}
    assert _put(province, "xa-a", _desired(branch), admin).status_code == 200
    branch.forwarder.step()
    branch.forwarder.step()
    assert _status(province, "xa-a")["state"] == "pending"
    answer = _put(province, "xa-a", running, admin)
    assert answer.get_json()["configuration"]["state"] == "up_to_date"
    branch.forwarder.step()
    branch.forwarder.step()
    assert branch.forwarder.pending is None
    assert _status(province, "xa-a")["state"] == "up_to_date"
    written = tomllib.loads(branch.luot.source.read_text(encoding="utf-8"))
    assert written["hall"]["name"] == branch.luot.config.name


def test_a_config_the_hall_cannot_parse_is_refused_at_the_province(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    admin = _bearer(province, "admin")
    no_counters = {k: v for k, v in _desired(branch).items() if k != "counter"}
    other_hall = _desired(branch)
    other_hall["hall"]["id"] = "xa-b"
    with_branch = {**_desired(branch), "branch": {"province_url": URL, "credential": "x"}}
    for bad in (no_counters, other_hall, with_branch):
        answer = _put(province, "xa-a", bad, admin)
        assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_config"
    assert _put(province, "xa-a", "not a table", admin).status_code == 400
    assert _put(province, "xa-z", _desired(branch), admin).status_code == 404
    assert _status(province, "xa-a") == {**_status(province, "xa-a"), "desired": None,
                                         "state": "up_to_date", "desired_at": None}


def test_a_config_the_branch_refuses_leaves_it_running_and_shows_at_the_province(tmp_path,
                                                                               province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    source = branch.luot.source
    before = source.read_text(encoding="utf-8")
    # the hall's parser (which the province runs) accepts it; the branch's kiosk parser does not
    bad = _desired(branch, tables={"kiosk": {"result_seconds": 0}})
    answer = _put(province, "xa-a", bad, _bearer(province, "admin"))
    assert answer.status_code == 200
    branch.forwarder.step()
    branch.forwarder.step()
    status = _status(province, "xa-a")
    assert status["state"] == "refused" and "result_seconds" in status["message"]
    assert source.read_text(encoding="utf-8") == before
    assert not source.with_name(source.name + ".previous").exists()
    assert branch.luot.service.issue_ticket("dat-dai")["number"]
    branch.work(5)
    branch.forward_all()                     # forwarding carries on; no second fetch
    assert _status(province, "xa-a")["state"] == "refused"
    # a corrected file flows down over the refused one
    good = _desired(branch, name="Trung tâm xã (sửa lại)")
    assert _put(province, "xa-a", good, _bearer(province, "admin")).status_code == 200
    branch.forwarder.step()
    branch.forwarder.step()
    assert _status(province, "xa-a")["state"] == "pending"
    assert tomllib.loads(source.read_text(encoding="utf-8"))["hall"]["name"] == "Trung tâm xã (sửa lại)"


def test_province_accounts_read_but_may_not_set_a_config(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    reader = _bearer(province, "province", hall="*")
    answer = _put(province, "xa-a", _desired(branch), reader)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "read_only"
    assert _put(province, "xa-a", _desired(branch), _bearer(province, "manager")).status_code == 403
    assert _put(province, "xa-a", _desired(branch), {}).status_code == 401
    assert province.test_client().get("/api/v1/province/branches", headers=reader).status_code == 200
    assert _status(province, "xa-a")["desired"] is None


def test_a_branch_credential_fetches_only_its_own_hall_config(tmp_path, province):
    a = _hooked(Branch(tmp_path, province, "xa-a"))
    b = _hooked(Branch(tmp_path, province, "xa-b", node="node-" + "b" * 8))
    a.forward_all()
    b.forward_all()
    assert _put(province, "xa-a", _desired(a), _bearer(province, "admin")).status_code == 200
    client = province.test_client()
    body = {"hall": "xa-a", "node": b.forwarder.node, "sent_at": b.clock.now().isoformat()}
    raw, headers = _signed(b.credential, body)
    answer = client.post("/api/v1/province/branch/config", data=raw, headers=headers)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_hall"
    raw, headers = _signed(a.credential, {**body, "hall": "xa-a", "node": a.forwarder.node})
    headers["X-Luot-Signature"] = "sha256=" + "0" * 64
    assert client.post("/api/v1/province/branch/config", data=raw,
                       headers=headers).status_code == 400            # tampered: bad_signature
    raw, headers = _signed(b.credential, {**body, "hall": "xa-b"})
    answer = client.post("/api/v1/province/branch/config", data=raw, headers=headers)
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "no_desired_config"
    raw, headers = _signed(a.credential, {**body, "node": a.forwarder.node})
    answer = client.post("/api/v1/province/branch/config", data=raw, headers=headers)
    assert answer.status_code == 200 and answer.get_json()["config"]["hall"]["id"] == "xa-a"


def test_the_status_page_shows_each_state_and_passes_axe(tmp_path, province, browser):
    import re

    from store.auth import create_user
    from store.branches import create_branch
    from tests.support.axe import report, violations
    refused = _hooked(Branch(tmp_path, province, "xa-a"))
    pending = _hooked(Branch(tmp_path, province, "xa-b", node="node-" + "b" * 8))
    admin = _bearer(province, "admin")
    for branch in (refused, pending):
        branch.forward_all()
    _put(province, "xa-a", _desired(refused, tables={"kiosk": {"result_seconds": 0}}), admin)
    _put(province, "xa-b", _desired(pending), admin)
    for branch in (refused, pending):
        branch.forwarder.step()
        branch.forwarder.step()
    deployment = province.extensions["deployment"]
    create_branch(deployment.engine, "xa-c", "xa-c", deployment.clock.now())   # no hello yet
    create_user(deployment.engine, "tinh", "quanly", "mat-khau-123", "Quản Lý", "manager", [],
                deployment.clock.now())
    client = province.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"username": "quanly", "password": "mat-khau-123",
                                       "csrf_token": csrf}).status_code == 302

    def serve(route):
        answer = client.get(route.request.url[len(URL):])
        route.fulfill(status=answer.status_code, body=answer.get_data(),
                      headers={k: v for k, v in answer.headers.items()
                               if k.lower() != "content-length"})

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.route(f"{URL}/**", serve)
    for lang in ("vi", "en"):
        client.set_cookie("luot_lang", lang)
        page.goto(f"{URL}/province/branches")
        states = {row.get_attribute("data-branch"): row.locator("[data-config-state]")
                  .get_attribute("data-config-state") for row in page.locator("tr[data-branch]").all()}
        assert states == {"xa-a": "refused", "xa-b": "pending", "xa-c": "up_to_date"}
        text = page.locator('tr[data-branch="xa-a"]').inner_text()
        assert "result_seconds" in text
        assert ("Refused by the branch" if lang == "en" else "Chi nhánh từ chối") in text
        found = violations(page)
        assert not found, "\n" + report(found)
    context.close()
