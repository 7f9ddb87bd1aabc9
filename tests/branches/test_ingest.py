"""The province's ingest rules and the projection, in one process: a province app and branch
apps on their own SQLite databases, the forwarder posting through the province's test client."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from api.forwarding import BranchSettings, Forwarder, ProvinceAnswer
from hall.clock import VIETNAM, FakeClock, iso
from store.branches import create_branch, mac_key, project, sign

from .support import hall_file, operate

URL = "http://province.test"


def _app(tmp_path, name, config, clock, db_url=None):
    from server import Settings, create_app
    settings = Settings(instance_path=tmp_path / name, async_mode="threading", config_path=config,
                        testing=True, start_devices=False, clock=clock, db_url=db_url)
    return create_app(settings)


@pytest.fixture
def province(tmp_path):
    clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))
    return _app(tmp_path, "province", hall_file(tmp_path / "p", "tinh", "Trung tâm tỉnh"), clock)


@pytest.fixture
def pg_province(tmp_path, postgres_url):
    from tests.support.databases import fresh_postgres_database
    clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))
    return _app(tmp_path, "province", hall_file(tmp_path / "p", "tinh", "Trung tâm tỉnh"), clock,
                fresh_postgres_database(postgres_url))


def _send(client):
    def send(url, raw, headers):
        answer = client.post(url[len(URL):], data=raw, headers=headers)
        body = answer.get_json()
        if answer.status_code != 200:
            err = body["error"]
            raise ProvinceAnswer(answer.status_code, err["code"], err["message"], err.get("details"))
        return body
    return send


class Branch:
    def __init__(self, tmp_path, province, hall_id, clock=None, credential=None, node="node-" + "a" * 8,
                 hours=None):
        self.clock = clock or FakeClock(datetime(2026, 11, 30, 8, 0, tzinfo=VIETNAM))
        path = hall_file(tmp_path / hall_id, hall_id, f"Trung tâm xã {hall_id}", hours=hours)
        self.app = _app(tmp_path, f"branch-{hall_id}-{node}", path, self.clock)
        self.luot = self.app.extensions["luot"]
        self.province = province
        p = province.extensions["deployment"]
        self.credential = credential or create_branch(p.engine, hall_id, hall_id, p.clock.now())
        self.forwarder = Forwarder(self.luot.engine, hall_id, self.luot.hall_file,
                                   BranchSettings(URL, self.credential), node,
                                   now=self.clock.now, send=_send(province.test_client()))

    def work(self, steps, seed=1):
        operate(self.luot.service, self.luot.hall.ratings, self.clock, steps, seed)

    def forward_all(self):
        for _ in range(1000):
            self.forwarder.step()
            if self.forwarder.acked >= self.last_seq():
                return
        raise AssertionError("forwarding did not catch up")

    def last_seq(self):
        from store.branches import last_seq
        return last_seq(self.luot.engine, self.luot.config.id)

    def own_report(self, day):
        from store.reports import Period, period_report
        return period_report(self.luot.engine, self.luot.config, Period(day, day), self.clock.now())


def _manager(app):
    from store.auth import create_token
    luot = app.extensions["luot"]
    secret = create_token(luot.engine, luot.config.id, "manager", "m", [], luot.clock.now())
    return {"Authorization": f"Bearer {secret}"}


def _province_report(province, hall_id, day):
    answer = province.test_client().get(
        f"/api/v1/province/branches/{hall_id}/report?from={day}&to={day}",
        headers=_manager(province))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _same_figures(theirs, ours):
    assert theirs["totals"] == ours["totals"]
    for dimension in ("area", "counter", "clerk", "hour"):
        assert theirs["by"][dimension] == ours["by"][dimension], dimension
    assert theirs["wait_distribution"] == ours["wait_distribution"]
    assert theirs["reasons"] == ours["reasons"]


def _count(app, table):
    import sqlalchemy as sa
    from store import tables
    with app.extensions["deployment"].engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(getattr(tables, table))).scalar()


def test_forwarded_record_gives_the_province_the_branchs_figures(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(120)
    assert branch.last_seq() > 100
    branch.forward_all()
    day = date(2026, 11, 30)
    ours = branch.own_report(day)
    assert ours["totals"]["served"] > 5 and ours["totals"]["ratings"] > 0
    _same_figures(_province_report(province, "xa-a", day), ours)
    # more work later, forwarded again: still the same
    branch.work(40, seed=2)
    branch.forward_all()
    _same_figures(_province_report(province, "xa-a", day), branch.own_report(day))


def test_a_province_on_postgresql_gets_the_same_figures(tmp_path, pg_province):
    branch = Branch(tmp_path, pg_province, "xa-a")
    branch.work(120)
    branch.forward_all()
    day = date(2026, 11, 30)
    _same_figures(_province_report(pg_province, "xa-a", day), branch.own_report(day))
    answer = _post(pg_province, _batch(branch, 0, 10), branch.credential)      # a replay
    assert answer.status_code == 200 and answer.get_json()["stored"] == 0


def test_the_day_rolls_over_and_both_days_agree(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(40)
    branch.clock.advance(days=1)
    branch.work(40, seed=3)
    branch.forward_all()
    for day in (date(2026, 11, 30), date(2026, 12, 1)):
        _same_figures(_province_report(province, "xa-a", day), branch.own_report(day))


def _signed(credential, body):
    raw = json.dumps(body).encode()
    return raw, {"Authorization": f"Bearer {credential}", "Content-Type": "application/json",
                 "X-Luot-Signature": sign(mac_key(credential), raw)}


def _batch(branch, after=0, count=5):
    from store.branches import record_after
    return {"hall": branch.luot.config.id, "node": branch.forwarder.node,
            "sent_at": branch.clock.now().isoformat(),
            "events": record_after(branch.luot.engine, branch.luot.config.id, after)[:count]}


def _post(province, body, credential, raw=None):
    data, headers = _signed(credential, body)
    return province.test_client().post("/api/v1/province/branch/events", data=raw or data,
                                       headers=headers)


def test_a_replayed_batch_is_acknowledged_and_changes_nothing(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(20)
    branch.forward_all()
    events = _count(province, "events")
    answer = _post(province, _batch(branch, 0, 10), branch.credential)
    assert answer.status_code == 200
    assert answer.get_json() == {"acked": branch.last_seq(), "stored": 0, "replayed": 10}
    assert _count(province, "events") == events


def test_a_rewritten_old_event_is_refused_as_diverged(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(20)
    branch.forward_all()
    body = _batch(branch, 0, 3)
    body["events"][1]["payload"]["forged"] = True
    answer = _post(province, body, branch.credential)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "diverged"


def test_a_tampered_batch_is_refused_and_nothing_stored(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(10)
    branch.forwarder.step()                          # hello + first batch
    acked, events = branch.forwarder.acked, _count(province, "events")
    branch.work(10, seed=4)
    body = _batch(branch, acked)
    raw, headers = _signed(branch.credential, body)
    tampered = raw.replace(b'"name": "', b'"name": "x', 1)
    assert tampered != raw
    answer = province.test_client().post("/api/v1/province/branch/events", data=tampered,
                                         headers=headers)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "bad_signature"
    assert _count(province, "events") == events
    status = province.test_client().get("/api/v1/province/branches", headers=_manager(province))
    assert status.get_json()["branches"][0]["last_refusal"]["code"] == "bad_signature"


def test_a_wrong_credential_is_refused(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(5)
    answer = _post(province, _batch(branch), "luotb_" + "x" * 43)
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "branch_unknown"
    other = Branch(tmp_path, province, "xa-b")
    answer = _post(province, _batch(branch), other.credential)   # xa-b's credential, hall xa-a
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "wrong_hall"
    assert _count(province, "events") == 0


def test_two_branch_nodes_claiming_one_hall_the_second_is_refused(tmp_path, province):
    first = Branch(tmp_path, province, "xa-a")
    first.work(5)
    first.forward_all()
    events = _count(province, "events")
    second = Branch(tmp_path, province, "xa-a", credential=first.credential, node="node-" + "b" * 8)
    second.work(5, seed=9)
    with pytest.raises(ProvinceAnswer) as refused:
        second.forwarder.step()
    assert refused.value.status == 409 and refused.value.code == "hall_claimed"
    assert _count(province, "events") == events
    # and a second credential for the same hall id is not minted
    from store.branches import BranchRefused
    p = province.extensions["deployment"]
    with pytest.raises(BranchRefused):
        create_branch(p.engine, "xa-a", "again", p.clock.now())


def test_a_hosted_hall_id_cannot_be_a_branch(tmp_path, province):
    from store.branches import BranchRefused
    p = province.extensions["deployment"]
    with pytest.raises(BranchRefused) as refused:
        create_branch(p.engine, "tinh", "tinh", p.clock.now(), hosted=set(p.halls))
    assert refused.value.code == "hall_hosted"


def test_a_gap_is_refused_with_the_cursor_and_the_forwarder_refills(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(30)
    branch.forwarder.step()
    acked = branch.forwarder.acked
    answer = _post(province, _batch(branch, acked + 3), branch.credential)
    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert error["code"] == "gap" and error["details"]["acked"] == acked
    branch.forwarder.acked = acked + 3               # a cursor gone wrong: the answer resets it
    branch.forwarder.step()
    assert branch.forwarder.acked == acked
    branch.forward_all()
    assert _count(province, "events") == branch.last_seq()


def test_clock_skew_is_recorded_and_figures_use_the_branchs_times(tmp_path, province):
    ahead = FakeClock(datetime(2026, 11, 30, 9, 7, tzinfo=VIETNAM))     # 7 minutes ahead
    branch = Branch(tmp_path, province, "xa-a", clock=ahead)
    branch.work(30)
    branch.forward_all()
    answer = province.test_client().get("/api/v1/province/branches", headers=_manager(province))
    row = answer.get_json()["branches"][0]
    assert row["hall"] == "xa-a" and row["connected"] is True
    assert row["clock_offset_s"] > 7 * 60                 # the branch's clock ran on meanwhile
    assert row["acked_seq"] == branch.last_seq() and row["events_behind"] == 0
    assert row["today"]["issued"] == branch.own_report(date(2026, 11, 30))["totals"]["issued"]
    _same_figures(_province_report(province, "xa-a", date(2026, 11, 30)),
                  branch.own_report(date(2026, 11, 30)))


def test_status_needs_a_manager_of_the_province(tmp_path, province):
    answer = province.test_client().get("/api/v1/province/branches")
    assert answer.status_code == 401


def test_projection_keeps_a_tickets_last_state_and_the_first_rating():
    def ticket(status, called=None, finished=None):
        return {"id": "t1", "area": "dat-dai", "series_area": "dat-dai", "business_date": "2026-11-30",
                "number": "1001", "seq_n": 1, "priority": None, "session": "all-day",
                "status": status, "issued_at": "2026-11-30T08:00:00+07:00",
                "queue_at": "2026-11-30T08:00:00+07:00", "joined_at": None, "called_at": called,
                "first_called_at": called, "finished_at": finished, "counter": 1, "clerk": "Lan",
                "call_count": 1 if called else 0, "origin": None, "transferred_to": None,
                "dossier_code": None}
    rating = {"ticket": "t1", "number": "1001", "level": 3, "reasons": [], "source": "phone",
              "area": "dat-dai", "counter": 1, "business_date": "2026-11-30",
              "at": "2026-11-30T08:20:00+07:00", "clerk": "Lan", "dossier_code": None}
    events = [
        {"seq": 1, "name": "ticket_issued", "payload": {"ticket": ticket("waiting")}},
        {"seq": 2, "name": "queue_updated", "payload": {"area": {}}},
        {"seq": 3, "name": "ticket_called", "payload": {"ticket": ticket("called", "2026-11-30T08:05:00+07:00")}},
        {"seq": 4, "name": "ticket_updated", "payload": {"ticket": ticket(
            "served", "2026-11-30T08:05:00+07:00", "2026-11-30T08:15:00+07:00")}},
        {"seq": 5, "name": "ticket_rated", "payload": {"rating": rating}},
        {"seq": 6, "name": "ticket_rated", "payload": {"rating": {**rating, "level": 1}}},
        {"seq": 7, "name": "day_changed", "payload": {"business_date": "2026-12-01"}},
    ]
    tickets, ratings, day = project(events, "xa-a")
    assert tickets["t1"]["status"] == "served" and tickets["t1"]["hall_id"] == "xa-a"
    assert tickets["t1"]["finished_at"] == datetime(2026, 11, 30, 8, 15, tzinfo=VIETNAM)
    assert ratings["t1"]["level"] == 3
    assert day == date(2026, 12, 1)


def test_a_malformed_event_is_refused_whole(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(5)
    branch.forwarder.step()
    acked = branch.forwarder.acked
    branch.work(5, seed=5)
    body = _batch(branch, acked)
    body["events"][0]["payload"] = {"ticket": {"id": "x"}}
    body["events"][0]["name"] = "ticket_issued"
    events = _count(province, "events")
    answer = _post(province, body, branch.credential)
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "invalid_batch"
    assert _count(province, "events") == events


def test_a_counter_passing_from_one_called_ticket_to_the_next_across_batches(tmp_path, province):
    """Batch 2 holds the next ticket's issue (first), the current one's finish and the next one's
    call: the projection must leave `called` before it enters it (one called ticket a counter)."""
    import tomllib

    from store.branches import hello, ingest
    p = province.extensions["deployment"]
    token = create_branch(p.engine, "xa-a", "xa-a", p.clock.now())
    hall = tomllib.loads(hall_file(tmp_path / "h", "xa-a").read_text(encoding="utf-8"))
    common = {"hall": "xa-a", "node": "node-" + "c" * 8, "sent_at": "2026-11-30T09:00:00+07:00"}
    hello(p.engine, token, {**common, "config": hall}, p.clock.now())

    def ticket(tid, number, status, called=None, finished=None):
        return {"id": tid, "area": "dat-dai", "series_area": "dat-dai",
                "business_date": "2026-11-30", "number": number, "seq_n": int(number) - 1000,
                "priority": None, "session": "all-day", "status": status,
                "issued_at": "2026-11-30T08:00:00+07:00", "queue_at": "2026-11-30T08:00:00+07:00",
                "joined_at": None, "called_at": called, "first_called_at": called,
                "finished_at": finished, "counter": 1 if called else None, "clerk": "Lan",
                "call_count": 1 if called else 0, "origin": None, "transferred_to": None,
                "dossier_code": None}

    def event(seq, name, view):
        return {"seq": seq, "name": name, "at": "2026-11-30T08:10:00+07:00", "ticket_id": view["id"],
                "area_id": "dat-dai", "counter": view["counter"], "actor": None,
                "payload": {"ticket": view}}
    t = "2026-11-30T08:05:00+07:00"
    first = [event(1, "ticket_issued", ticket("x", "1001", "waiting")),
             event(2, "ticket_called", ticket("x", "1001", "called", t))]
    assert ingest(p.engine, token, {**common, "events": first}, p.clock.now())["acked"] == 2
    second = [event(3, "ticket_issued", ticket("y", "1002", "waiting")),
              event(4, "ticket_updated", ticket("x", "1001", "served", t, "2026-11-30T08:09:00+07:00")),
              event(5, "ticket_called", ticket("y", "1002", "called", "2026-11-30T08:09:30+07:00"))]
    assert ingest(p.engine, token, {**common, "events": second}, p.clock.now())["acked"] == 5


def test_a_quiet_branch_is_shown_disconnected_since_it_was_last_heard_and_behind(tmp_path, province):
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(10)
    branch.forward_all()
    heard = province.extensions["deployment"].clock.now()
    branch.work(10, seed=6)
    province.extensions["deployment"].clock.advance(seconds=31)
    answer = province.test_client().get("/api/v1/province/branches", headers=_manager(province))
    row = answer.get_json()["branches"][0]
    assert row["connected"] is False and row["today"] is None
    assert row["since"] == row["last_contact_at"] == iso(heard)
    back = province.extensions["deployment"].clock.now()
    branch.forwarder.step()                           # the link is back: the next batch
    province.extensions["deployment"].clock.advance(seconds=1)
    row = province.test_client().get("/api/v1/province/branches",
                                     headers=_manager(province)).get_json()["branches"][0]
    assert row["connected"] is True and row["since"] == iso(back)
    assert row["acked_seq"] == branch.last_seq() and row["events_behind"] == 0


def test_a_revoked_branch_is_refused(tmp_path, province):
    from store.branches import revoke_branch
    branch = Branch(tmp_path, province, "xa-a")
    branch.work(5)
    p = province.extensions["deployment"]
    assert revoke_branch(p.engine, "xa-a", p.clock.now())
    with pytest.raises(ProvinceAnswer) as refused:
        branch.forwarder.step()
    assert refused.value.status == 401 and refused.value.code == "branch_unknown"
    assert _count(province, "events") == 0


def test_branch_settings_from_the_hall_file_and_the_environment(tmp_path):
    from api.forwarding import parse_branch
    from hall.errors import ConfigError
    assert parse_branch({}, env={}) is None
    settings = parse_branch({"branch": {"province_url": "https://tinh.example/",
                                        "credential": "luotb_x"}}, env={})
    assert settings.province_url == "https://tinh.example" and settings.interval_seconds == 5.0
    secret = tmp_path / "credential"
    secret.write_text("luotb_from_file\n")
    settings = parse_branch({}, env={"LUOT_BRANCH_PROVINCE_URL": "https://p.example",
                                     "LUOT_BRANCH_CREDENTIAL_FILE": str(secret)})
    assert settings.credential == "luotb_from_file"
    assert parse_branch({}, env={"LUOT_BRANCH_PROVINCE_URL": "https://p.example"},
                        only_hall=False) is None           # many halls: the table only
    for bad in ({"province_url": "ftp://x", "credential": "c"}, {"province_url": "https://x"},
                {"province_url": "https://x", "credential": "c", "interval_seconds": 0},
                {"province_url": "https://x", "credential": "c", "colour": "red"}):
        with pytest.raises(ConfigError):
            parse_branch({"branch": bad}, env={})


def test_one_process_of_a_branch_forwards(tmp_path, monkeypatch):
    """Two server processes on one branch database: forwarding is led by one (a lease), like
    the rest of the hall's once-only work."""
    from server import Settings, create_app
    monkeypatch.setenv("LUOT_BRANCH_PROVINCE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LUOT_BRANCH_CREDENTIAL", "luotb_test")
    monkeypatch.setenv("LUOT_BRANCH_INTERVAL", "60")
    config = hall_file(tmp_path / "h", "xa-a")
    apps = [create_app(Settings(instance_path=tmp_path / "branch", async_mode="threading",
                                config_path=config, testing=True, start_devices=False,
                                backup_hour=None)) for _ in range(2)]
    deployments = [app.extensions["deployment"] for app in apps]
    try:
        for deployment in deployments:
            deployment.lead()
        forwarding = [d.default.forwarder is not None for d in deployments]
        assert forwarding == [True, False]
        assert deployments[0].default.branch.province_url == "http://127.0.0.1:9"
    finally:
        for deployment in deployments:
            deployment.default.stop_forwarding()
            deployment.leases.release_all()


def test_the_link_to_the_province_is_told_to_the_halls_staff_like_a_device(tmp_path, province):
    """Lost since when (the record is kept), back, refused and why — each told once."""
    branch = Branch(tmp_path, province, "xa-a")
    told, down, sleeps = [], [True], []
    branch.forwarder.report = told.append
    through = branch.forwarder.send

    def send(url, raw, headers):
        if down[0]:
            raise ProvinceAnswer(0, "unreachable", "[Errno 111] Connection refused")
        return through(url, raw, headers)

    def sleep(seconds):
        sleeps.append(seconds)
        branch.clock.advance(minutes=5)
        down[0] = len(sleeps) < 3
        branch.forwarder.stopped = len(sleeps) >= 4
    branch.forwarder.send = send
    branch.work(5)
    since = branch.clock.now().astimezone(VIETNAM).strftime("%H:%M")
    branch.forwarder.run(sleep=sleep)
    lost = ("offline", f"Mất kết nối với tỉnh từ {since} — dữ liệu được giữ lại và gửi khi có mạng")
    assert [(s.id, s.status, s.detail) for s in told][:2] == [("province", *lost)] * 2
    assert (told[-1].status, told[-1].detail) == ("ok", "")
    assert branch.forwarder.acked == branch.last_seq()

    refused = Branch(tmp_path, province, "xa-b", credential="luotb_" + "x" * 43)
    refused.forwarder.report = told.append
    refused.forwarder.stopped = False
    refused.forwarder.run(sleep=lambda seconds: setattr(refused.forwarder, "stopped", True))
    assert told[-1].status == "error"
    assert told[-1].detail.startswith("Tỉnh từ chối từ 08:00: 401 branch_unknown")
