"""The wiring: enabled devices (here their fakes) are built, subscribed, listed in device
health, started and told the hall's state; a disabled one is not wired at all."""
import pytest

from devices.adapter import DeviceStatus
from store.auth import create_user

DEVICE_TABLES = """
[printer]
enabled = true
paper_width_mm = 58
footer = "Cảm ơn quý khách"

[boards]
enabled = true
[[boards.bus]]
url = "loop://"
boards = [ {address = 1, counter = 1} ]

[keypads]
enabled = true
[[keypads.bus]]
url = "loop://"
keypads = [ {address = 1, counter = 1} ]

[[barcode]]
url = "loop://"
counter = 1
"""


@pytest.fixture
def hall_file(tmp_path):
    from server import ROOT
    def make(tables=DEVICE_TABLES):
        path = tmp_path / "hall.toml"
        path.write_text((ROOT / "tests" / "data" / "hall.toml").read_text(encoding="utf-8")
                        + tables, encoding="utf-8")
        return path
    return make


@pytest.fixture
def make_app(tmp_path, fake_clock):
    def make(config_path):
        from server import Settings, create_app
        settings = Settings(instance_path=tmp_path / "instance", async_mode="threading",
                            config_path=config_path, testing=True, start_devices=True,
                            fake_devices=True, clock=fake_clock)
        return create_app(settings)
    return make


@pytest.fixture
def make_luot(make_app):
    return lambda config_path: make_app(config_path).extensions["luot"]


def test_configured_devices_are_listed_unknown_until_they_start(make_luot, hall_file):
    luot = make_luot(hall_file())
    assert [(d["id"], d["status"]) for d in luot.device_health.entries()] == [
        ("barcode-1", "unknown"), ("board-1", "unknown"), ("keypad-1", "unknown"),
        ("printer", "unknown")]
    luot.devices.start(luot.queries.snapshot(recent=0))
    assert {d["status"] for d in luot.device_health.entries()} == {"ok"}
    luot.devices.stop()


def test_a_fake_printer_prints_what_the_kiosk_says_a_ticket_shows(make_luot, hall_file):
    luot = make_luot(hall_file())
    luot.start_devices()
    ticket = luot.service.issue_ticket("dat-dai")
    [printed] = luot.devices.printer.printed
    assert (printed.number, printed.footer, printed.counters) == \
        (ticket["number"], "Cảm ơn quý khách", [1, 2, 4])
    assert printed.centre_name == luot.config.name
    assert printed.tracking_url.endswith(f"/t/{ticket['id']}")
    luot.stop_devices()


def test_devices_of_a_process_that_does_not_lead_the_hall_hear_nothing(make_luot, hall_file):
    """Another process drives them: nothing printed twice, nothing queued here for ever."""
    luot = make_luot(hall_file())
    luot.service.issue_ticket("dat-dai")
    keypads = next(a for a in luot.devices.adapters if hasattr(a, "press"))
    assert luot.devices.printer.printed == [] and keypads.events == []


def test_what_another_process_commits_reaches_the_leaders_devices_in_order(make_app, hall_file):
    """A kiosk and a clerk on another process (here: the same hall built on the same database,
    whose events never reach this process's bus): the feed's round reads them from the record;
    a later event made here is heard after them."""
    from hall.core import build_hall
    from store.sql import SqlStore
    app = make_app(hall_file())
    luot, deployment = app.extensions["luot"], app.extensions["deployment"]
    deployment.lead()                                      # this process leads the hall
    keypads = next(a for a in luot.devices.adapters if hasattr(a, "press"))
    elsewhere = build_hall(luot.config, SqlStore(luot.engine, luot.config.id), luot.clock)
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    first = elsewhere.service.issue_ticket("dat-dai")
    elsewhere.service.sign_in(1, user, "Nguyễn Thị Lan")
    elsewhere.service.call_next(1)
    assert luot.devices.printer.printed == []
    deployment.feed()
    assert [p.number for p in luot.devices.printer.printed] == [first["number"]]
    calls = [p["ticket"]["number"] for name, p in keypads.events if name == "ticket_called"]
    assert calls == [first["number"]]

    second = elsewhere.service.issue_ticket("dat-dai")      # not yet polled …
    third = luot.service.issue_ticket("dat-dai")            # … when this one is made here
    assert [p.number for p in luot.devices.printer.printed] == \
        [first["number"], second["number"], third["number"]]
    seqs = [p["seq"] for _, p in keypads.events if "seq" in p][-4:]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    luot.stop_devices()


def test_starting_tells_every_device_the_state_of_every_counter(make_luot, hall_file):
    luot = make_luot(hall_file())
    keypads = next(a for a in luot.devices.adapters if hasattr(a, "press"))
    luot.devices.start(luot.queries.snapshot(recent=0))
    updated = [p["counter"]["number"] for name, p in keypads.events if name == "counter_updated"]
    assert updated == [1, 2, 3, 4, 5]
    luot.devices.stop()


def test_a_key_on_the_fake_keypad_acts_as_the_seated_clerk(make_luot, hall_file):
    luot = make_luot(hall_file())
    keypads = next(a for a in luot.devices.adapters if hasattr(a, "press"))
    luot.service.issue_ticket("dat-dai")
    assert keypads.press(1, "N").message == "Chưa có cán bộ"
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    luot.service.sign_in(1, user, "Nguyễn Thị Lan")
    assert keypads.press(1, "N").ok
    assert luot.queries.counter(1)["current"]["number"] == "1001"


def test_a_scan_shows_on_the_counters_keypad_and_is_told_to_staff_screens_only(make_app, hall_file):
    from store.auth import create_token
    app = make_app(hall_file())
    luot = app.extensions["luot"]
    keypads = next(a for a in luot.devices.adapters if hasattr(a, "press"))
    reader = next(a for a in luot.devices.adapters if hasattr(a, "scan"))
    secret = create_token(luot.engine, luot.config.id, "manager", "m", [], luot.clock.now())
    staff = luot.socketio.test_client(app, auth={"token": secret})
    public = luot.socketio.test_client(app)
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    luot.service.sign_in(1, user, "Nguyễn Thị Lan")
    luot.service.issue_ticket("dat-dai")
    staff.get_received(), public.get_received()
    assert reader.scan(1, "1001\r").ok
    assert keypads.shown[1] == "DA GOI 1001"
    told = [m["args"][0] for m in staff.get_received() if m["name"] == "scan_result"]
    assert told == [{"counter": 1, "kind": "number", "text": "1001", "ok": True, "code": "called",
                     "message": "Đã gọi số 1001", "message_en": "Called 1001", "subject": "1001"}]
    assert not [m for m in public.get_received() if m["name"] == "scan_result"]
    staff.disconnect(), public.disconnect()


def test_disabled_devices_are_not_wired(make_luot, hall_file):
    luot = make_luot(hall_file('\n[printer]\nenabled = false\n[announce]\nenabled = false\n'
                               '[keypads]\n[[keypads.bus]]\nurl = "loop://"\n'))
    assert luot.devices.adapters == [] and luot.devices.printer is None
    assert luot.devices.announcer is None and luot.device_health.entries() == []


def test_an_adapter_that_cannot_start_never_stops_the_others(make_luot, hall_file):
    luot = make_luot(hall_file())

    class Broken:
        def start(self):
            raise OSError("port busy")

        def stop(self):
            raise OSError("still busy")

        def handle(self, name, payload):
            pass

        def health(self):
            return [DeviceStatus("board-9")]

    luot.devices.adapters.insert(0, Broken())
    luot.devices.start(luot.queries.snapshot(recent=0))
    assert luot.devices.printer.running
    luot.devices.stop()
    assert not luot.devices.printer.running


def test_the_ticket_preview_and_a_reprint_use_the_wired_printer(make_app, hall_file):
    from PIL import Image
    import io
    from store.auth import create_token
    app = make_app(hall_file())
    luot, client = app.extensions["luot"], app.test_client()
    luot.start_devices()
    ticket = luot.service.issue_ticket("dat-dai")
    image = Image.open(io.BytesIO(client.get(f"/api/v1/tickets/{ticket['id']}/ticket.png").data))
    assert image.width == 384                                  # paper_width_mm = 58
    secret = create_token(luot.engine, luot.config.id, "manager", "m", [], luot.clock.now())
    response = client.post(f"/api/v1/tickets/{ticket['id']}/reprint",
                           headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 202
    assert [p.number for p in luot.devices.printer.printed] == [ticket["number"]] * 2
    luot.stop_devices()


def test_a_process_that_does_not_play_the_voice_lists_what_the_playing_one_shared(make_app,
                                                                                 hall_file):
    """A manager's browser on another process than the hall's leader sees the same list."""
    from store.auth import create_token
    app = make_app(hall_file(DEVICE_TABLES + '\n[announce]\nenabled = true\nsink = "none"\n'))
    luot, client = app.extensions["luot"], app.test_client()
    secret = create_token(luot.engine, luot.config.id, "manager", "m", [], luot.clock.now())
    heard = [{"id": "5f1e2d3c4b5a", "text": "Mời công dân có số thứ tự 1001 đến quầy số 1",
              "call_id": "c1", "at": "2026-11-30T09:00:00+07:00", "status": "played",
              "test": False}]
    luot.announcement_log.save(heard)                   # as the leader's announcer shares it
    assert not luot.devices.announcer.running
    answer = client.get("/api/v1/announcements", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200 and answer.get_json() == heard
