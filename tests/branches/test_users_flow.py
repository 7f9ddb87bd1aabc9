"""Users flow down (docs/deployment.md): the province's admin sets a branch's staff accounts
(plain passwords hashed at the province, only hashes travel); the connected branch fetches,
checks and applies the list at once; the province shows applied vs desired. In one process,
the forwarder posting through the province's test client (test_ingest.py)."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from api.forwarding import BranchSettings, Forwarder
from hall.clock import VIETNAM, FakeClock

from .support import hall_file
from .test_config_flow import _bearer, _status
from .test_ingest import URL, Branch, _app, _send, _signed


@pytest.fixture
def province(tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))
    return _app(tmp_path, "province", hall_file(tmp_path / "p", "tinh", "Trung tâm tỉnh"), clock)


def _hooked(branch):
    """The branch's forwarder as the deployment starts it: users applied by its runtime."""
    luot = branch.luot
    branch.forwarder = Forwarder(luot.engine, luot.config.id, luot.hall_file,
                                 BranchSettings(URL, branch.credential), branch.forwarder.node,
                                 now=branch.clock.now, send=_send(branch.province.test_client()),
                                 check=luot.check_hall_file, write=luot.write_hall_file,
                                 apply_users=luot.apply_users)
    return branch


def _put(province, hall_id, users, headers):
    return province.test_client().put(f"/api/v1/province/branches/{hall_id}/users",
                                      json={"users": users}, headers=headers)


def _lan(**change):
    return {"username": "lan", "full_name": "Nguyễn Thị Lan", "role": "clerk", "counters": [1],
            "password": "mat-khau-lan-1", "active": True, **change}


def _sign_in(app, username, password):
    client = app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"username": username, "password": password,
                                         "csrf_token": csrf})
    return answer.status_code == 302


def _row(branch, username):
    import sqlalchemy as sa

    from store.tables import users
    with branch.luot.engine.connect() as conn:
        return conn.execute(sa.select(users).where(users.c.hall_id == branch.luot.config.id,
                                                   users.c.username == username)).first()


def _apply(branch):
    branch.forwarder.step()                 # the answer names the new list: fetch, apply
    branch.forwarder.step()                 # hello again, with the applied version


def test_users_flow_down_apply_at_once_and_sign_in(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    assert _status(province, "xa-a")["users"]["state"] == "up_to_date"
    answer = _put(province, "xa-a", [_lan()], _bearer(province, "admin"))
    assert answer.status_code == 200, answer.get_json()
    desired = answer.get_json()["desired_users_version"]
    assert _status(province, "xa-a")["users"] == {"running": None, "desired": desired,
                                                  "state": "sent", "message": None}
    _apply(branch)
    assert _status(province, "xa-a")["users"] == {"running": desired, "desired": None,
                                                  "state": "up_to_date", "message": None}
    assert _sign_in(branch.app, "lan", "mat-khau-lan-1")
    assert not _sign_in(branch.app, "lan", "sai-mat-khau")
    row = _row(branch, "lan")
    assert (row.full_name, row.role, row.counters, row.active) == ("Nguyễn Thị Lan", "clerk", [1], True)

    # role and counters change; without a password the one set before is kept
    changed = {k: v for k, v in _lan(role="manager", counters=[1, 2]).items() if k != "password"}
    answer = _put(province, "xa-a", [changed], _bearer(province, "admin"))
    assert answer.status_code == 200 and answer.get_json()["desired_users_version"] != desired
    _apply(branch)
    row = _row(branch, "lan")
    assert (row.role, row.counters) == ("manager", [1, 2])
    assert _sign_in(branch.app, "lan", "mat-khau-lan-1")
    assert _status(province, "xa-a")["users"]["state"] == "up_to_date"


def test_deactivating_ends_sessions_releases_counters_and_refuses_sign_in(tmp_path, province):
    from datetime import timedelta

    from store.sessions import session_user, start_session
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    admin = _bearer(province, "admin")
    assert _put(province, "xa-a", [_lan()], admin).status_code == 200
    _apply(branch)
    luot = branch.luot
    user_id = _row(branch, "lan").id
    secret = start_session(luot.engine, "xa-a", user_id, branch.clock.now())
    luot.service.sign_in(1, user_id, "Nguyễn Thị Lan")
    assert next(c for c in luot.queries.counters() if c["number"] == 1)["clerk_id"] == user_id

    assert _put(province, "xa-a", [_lan(active=False)], admin).status_code == 200
    _apply(branch)
    assert session_user(luot.engine, "xa-a", secret, branch.clock.now(), timedelta(hours=1)) is None
    assert next(c for c in luot.queries.counters() if c["number"] == 1)["clerk_id"] is None
    assert not _sign_in(branch.app, "lan", "mat-khau-lan-1")
    assert _row(branch, "lan").active is False          # kept: the record names them
    assert _status(province, "xa-a")["users"]["state"] == "up_to_date"


def test_invalid_lists_are_refused_at_the_province_with_nothing_stored(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    admin = _bearer(province, "admin")
    for bad in ([_lan(role="admin")], [_lan(counters=[99])], [_lan(), _lan()],
                [_lan(password="short")], [_lan(password_hash="x")], [_lan(active="yes")],
                [{"username": "lan"}], ["lan"]):
        answer = _put(province, "xa-a", bad, admin)
        assert answer.status_code == 400, bad
        assert answer.get_json()["error"]["code"] == "bad_users"
    answer = province.test_client().put("/api/v1/province/branches/xa-a/users",
                                        json={"users": "lan"}, headers=admin)
    assert answer.status_code == 400
    assert _put(province, "xa-z", [_lan()], admin).status_code == 404
    assert _status(province, "xa-a")["users"] == {"running": None, "desired": None,
                                                  "state": "up_to_date", "message": None}


def test_a_read_only_province_account_may_not_set_users(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    answer = _put(province, "xa-a", [_lan()], _bearer(province, "province", hall="*"))
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "read_only"
    assert _put(province, "xa-a", [_lan()], _bearer(province, "manager")).status_code == 403
    assert _put(province, "xa-a", [_lan()], {}).status_code == 401
    assert _status(province, "xa-a")["users"]["desired"] is None


def test_a_branch_credential_fetches_only_its_own_users(tmp_path, province):
    a = _hooked(Branch(tmp_path, province, "xa-a"))
    b = _hooked(Branch(tmp_path, province, "xa-b", node="node-" + "b" * 8))
    a.forward_all()
    b.forward_all()
    assert _put(province, "xa-a", [_lan()], _bearer(province, "admin")).status_code == 200
    client = province.test_client()
    body = {"hall": "xa-a", "node": b.forwarder.node, "sent_at": b.clock.now().isoformat()}
    raw, headers = _signed(b.credential, body)
    answer = client.post("/api/v1/province/branch/users", data=raw, headers=headers)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_hall"
    raw, headers = _signed(b.credential, {**body, "hall": "xa-b"})
    answer = client.post("/api/v1/province/branch/users", data=raw, headers=headers)
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "no_desired_users"
    raw, headers = _signed(a.credential, {**body, "node": a.forwarder.node})
    answer = client.post("/api/v1/province/branch/users", data=raw, headers=headers)
    assert answer.status_code == 200
    (lan,) = answer.get_json()["users"]
    assert "password" not in lan and lan["password_hash"] != "mat-khau-lan-1"


def test_a_list_the_branch_cannot_apply_is_refused_and_changes_nothing(tmp_path, province):
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    admin = _bearer(province, "admin")
    no_password = {k: v for k, v in _lan().items() if k != "password"}
    answer = _put(province, "xa-a", [_lan(username="hoa"), no_password], admin)
    assert answer.status_code == 200                 # the province cannot know lan is new there
    _apply(branch)
    status = _status(province, "xa-a")["users"]
    assert status["state"] == "refused" and "password" in status["message"]
    assert _row(branch, "hoa") is None and _row(branch, "lan") is None   # one transaction
    branch.forward_all()                              # forwarding carries on, no second fetch
    assert _status(province, "xa-a")["users"]["state"] == "refused"
    # nor may the province take over the branch's own admin account
    from store.auth import create_user
    create_user(branch.luot.engine, "xa-a", "admin-xa", "mat-khau-admin", "Quản trị", "admin", [],
                branch.clock.now())
    assert _put(province, "xa-a", [_lan(username="admin-xa")], admin).status_code == 200
    _apply(branch)
    assert "admin" in _status(province, "xa-a")["users"]["message"]
    assert _row(branch, "admin-xa").role == "admin"
    assert _sign_in(branch.app, "admin-xa", "mat-khau-admin")
    assert _put(province, "xa-a", [_lan(username="hoa"), _lan()], admin).status_code == 200
    _apply(branch)
    assert _status(province, "xa-a")["users"]["state"] == "up_to_date"
    assert _sign_in(branch.app, "hoa", "mat-khau-lan-1")


def test_the_status_page_says_whether_the_accounts_were_applied(tmp_path, province):
    from store.auth import create_user
    deployment = province.extensions["deployment"]
    create_user(deployment.engine, province.extensions["luot"].config.id, "quanly",
                "mat-khau-quan-ly-1", "Quản lý tỉnh", "manager", [], deployment.clock.now())
    reader = province.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                     reader.get("/login").get_data(as_text=True)).group(1)
    assert reader.post("/login", data={"username": "quanly", "password": "mat-khau-quan-ly-1",
                                       "csrf_token": csrf}).status_code == 302
    branch = _hooked(Branch(tmp_path, province, "xa-a"))
    branch.forward_all()
    assert _put(province, "xa-a", [_lan()], _bearer(province, "admin")).status_code == 200
    page = reader.get("/province/branches").get_data(as_text=True)
    assert 'data-users-state="sent"' in page
    _apply(branch)
    page = reader.get("/province/branches").get_data(as_text=True)
    assert 'data-users-state="up_to_date"' in page and "đã áp dụng" in page
