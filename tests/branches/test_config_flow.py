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


def test_an_admin_edits_a_branchs_hall_file_on_its_page(tmp_path, province, browser, artifacts):
    """The province's admin opens the branch's configuration from the branches page, changes
    the text and sends it: a syntax error is shown with its line and nothing is stored; a good
    file becomes the desired version. A manager reads the same page without a send button."""
    import re

    from playwright.sync_api import expect

    from store.auth import create_user
    from tests.support.axe import report, violations
    branch = _hooked(Branch(tmp_path, province, "xa-b", node="node-" + "b" * 8))
    branch.forward_all()
    deployment = province.extensions["deployment"]
    for name, role in (("quantri", "admin"), ("quanly", "manager")):
        create_user(deployment.engine, "tinh", name, "mat-khau-123", name.title(), role, [],
                    deployment.clock.now())
    client = province.test_client()

    def sign_in(name):
        client.get("/logout")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                         client.get("/login").get_data(as_text=True)).group(1)
        assert client.post("/login", data={"username": name, "password": "mat-khau-123",
                                           "csrf_token": csrf}).status_code == 302

    def serve(route):
        request = route.request
        answer = client.open(request.url[len(URL):], method=request.method,
                             data=request.post_data_buffer,
                             headers={k: v for k, v in request.headers.items()
                                      if k.lower() in ("content-type", "x-csrftoken", "accept")})
        route.fulfill(status=answer.status_code, body=answer.get_data(),
                      headers={k: v for k, v in answer.headers.items()
                               if k.lower() != "content-length"})

    sign_in("quantri")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.route(f"{URL}/**", serve)
    page.goto(f"{URL}/province/branches")
    page.locator('tr[data-branch="xa-b"]').get_by_role("link", name="Xem, sửa cấu hình").click()
    text = page.locator("#config-text")
    expect(text).to_have_value(re.compile(r'name = "Trung tâm xã xa-b"'))
    before = text.input_value()

    text.fill(before.replace('[hall]', '[hall\n', 1))             # a syntax error
    page.get_by_role("button", name="Kiểm tra và gửi xuống chi nhánh").click()
    alert = page.locator("#config-result")
    expect(alert).to_contain_text("Không gửi được — Tệp cấu hình sai cú pháp TOML")
    expect(alert).to_contain_text(f"at line {before.splitlines().index('[hall]') + 1}")
    assert _status(province, "xa-b")["state"] == "up_to_date"      # nothing stored

    text.fill(before.replace('name = "Trung tâm xã xa-b"', 'name = "Trung tâm xã B (tỉnh sửa)"', 1))
    page.get_by_role("button", name="Kiểm tra và gửi xuống chi nhánh").click()
    expect(alert).to_contain_text("Đã gửi bản")
    status = _status(province, "xa-b")
    assert status["state"] == "sent" and status["desired_by"].endswith("Quantri")
    assert not violations(page), "\n" + report(violations(page))
    page.screenshot(path=str(artifacts / "province-branch-config-1366x768.png"))

    branch.forwarder.step()                                       # the branch fetches, writes
    written = tomllib.loads(branch.luot.source.read_text(encoding="utf-8"))
    assert written["hall"]["name"] == "Trung tâm xã B (tỉnh sửa)"

    sign_in("quanly")
    page.goto(f"{URL}/province/branches/xa-b/config")
    expect(page.locator("#config-text")).to_have_attribute("readonly", "")
    expect(page.locator("#config-text")).to_have_value(re.compile("tỉnh sửa"))
    expect(page.get_by_role("button", name="Kiểm tra và gửi xuống chi nhánh")).to_have_count(0)
    assert not violations(page), "\n" + report(violations(page))
    page.close()
    assert client.get("/province/branches/xa-z/config").status_code == 404


def test_a_branchs_hall_files_are_read_as_json_and_toml_and_set_from_toml(tmp_path, province):
    import tomli_w
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    client, admin = province.test_client(), _bearer(province, "admin")
    url = "/api/v1/province/branches/xa-a/config"
    read = client.get(url, headers=_bearer(province, "province", "*")).get_json()
    assert read["desired"] is None and read["configuration"]["state"] == "up_to_date"
    assert tomllib.loads(read["running"]["toml"]) == read["running"]["config"]
    assert read["running"]["config"]["hall"]["id"] == "xa-a"

    bad = client.put(url, json={"toml": "[hall\nid = 1"}, headers=admin)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_config"
    assert "line 1" in bad.get_json()["error"]["message"]
    other = copy.deepcopy(read["running"]["config"])
    other["hall"]["id"] = "xa-z"
    wrong = client.put(url, json={"toml": tomli_w.dumps(other)}, headers=admin)
    assert wrong.status_code == 400
    assert client.put(url, json={"toml": "x" * 70_000}, headers=admin).status_code == 413
    assert client.put(url, json={"toml": read["running"]["toml"]},
                      headers=_bearer(province, "manager")).status_code == 403
    assert _status(province, "xa-a")["state"] == "up_to_date"      # nothing stored so far

    changed = read["running"]["toml"].replace("Trung tâm xã xa-a", "Xã A mới")
    answer = client.put(url, json={"toml": changed}, headers=admin)
    assert answer.status_code == 200, answer.get_json()
    read = client.get(url, headers=admin).get_json()
    assert read["desired"]["version"] == answer.get_json()["desired_version"]
    assert read["desired"]["config"]["hall"]["name"] == "Xã A mới"
    assert client.get("/api/v1/province/branches/xa-z/config", headers=admin).status_code == 404
