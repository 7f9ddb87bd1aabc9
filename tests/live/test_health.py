"""Device health: the latest status of every device; watchers hear of changes only."""
from datetime import timedelta

from devices.adapter import DeviceStatus
from live.health import DeviceHealth


def make(fake_clock):
    emitted = []
    return DeviceHealth(fake_clock, emit=lambda name, payload: emitted.append((name, payload))), emitted


def test_a_change_is_emitted_with_its_time_and_a_repeat_is_not(fake_clock):
    health, emitted = make(fake_clock)
    health.report(DeviceStatus("printer", "no_paper", "Hết giấy"))
    health.report(DeviceStatus("printer", "no_paper", "Hết giấy"))
    assert emitted == [("device_status", {"device": {
        "id": "printer", "status": "no_paper", "detail": "Hết giấy",
        "since": "2026-11-30T09:00:00.000+07:00"}})]
    assert health.entry("printer")["status"] == "no_paper"


def test_registered_devices_are_listed_by_id_without_an_event(fake_clock):
    health, emitted = make(fake_clock)
    health.report(DeviceStatus("printer", "ok"))
    health.register([DeviceStatus("printer"), DeviceStatus("board-2"), DeviceStatus("board-1")])
    assert [(e["id"], e["status"]) for e in health.entries()] == [
        ("board-1", "unknown"), ("board-2", "unknown"), ("printer", "ok")]
    assert len(emitted) == 1 and health.entry("keypad-1") is None


def test_a_failing_emit_is_logged_and_the_status_kept(fake_clock, caplog):
    def broken(name, payload):
        raise RuntimeError("no socket")

    health = DeviceHealth(fake_clock, emit=broken)
    health.report(DeviceStatus("announcer", "error", "aplay lỗi"))
    assert health.entry("announcer")["detail"] == "aplay lỗi"
    assert "could not emit device status" in caplog.text


def test_every_process_tells_what_the_process_driving_the_devices_reported(luot, fake_clock):
    """Two processes of one hall, on one database: the leader's printer runs out of paper; the
    other (whose manager page or kiosk asks) answers the same, and lists only its configured
    devices."""
    from store.record import DeviceStatuses
    shared = DeviceStatuses(luot.engine, luot.config.id)
    leader, other = DeviceHealth(fake_clock, shared=shared), DeviceHealth(fake_clock, shared=shared)
    for health in (leader, other):
        health.register([DeviceStatus("printer"), DeviceStatus("board-1")])
    leader.report(DeviceStatus("printer", "ok"))
    fake_clock.advance(minutes=3)
    leader.report(DeviceStatus("printer", "no_paper", "Hết giấy"))
    leader.report(DeviceStatus("board-9", "offline", "a board no longer configured here"))
    assert other.entry("printer") == {"id": "printer", "status": "no_paper", "detail": "Hết giấy",
                                      "since": "2026-11-30T09:03:00.000+07:00"}
    assert [(e["id"], e["status"]) for e in other.entries()] == [
        ("board-1", "unknown"), ("printer", "no_paper")]


def test_a_database_away_leaves_each_process_what_it_knows(fake_clock, caplog):
    class Away:
        def save(self, *args):
            raise OSError("database is away")

        def load(self):
            raise OSError("database is away")
    health = DeviceHealth(fake_clock, shared=Away())
    health.report(DeviceStatus("printer", "no_paper", "Hết giấy"))
    assert health.entry("printer")["status"] == "no_paper"
    assert "could not share the status of device printer" in caplog.text


def test_the_newer_of_what_a_process_heard_and_what_the_database_holds_is_told(luot, fake_clock):
    """A leader whose write failed still tells what it heard; a process that led before
    tells what the new leader wrote since."""
    from store.record import DeviceStatuses
    shared = DeviceStatuses(luot.engine, luot.config.id)
    old, new = DeviceHealth(fake_clock, shared=shared), DeviceHealth(fake_clock, shared=shared)
    for health in (old, new):
        health.register([DeviceStatus("printer")])
    old.report(DeviceStatus("printer", "ok"))
    fake_clock.advance(minutes=1)
    new.report(DeviceStatus("printer", "no_paper", "Hết giấy"))          # the new leader
    assert old.entry("printer")["status"] == "no_paper"
    fake_clock.advance(minutes=1)
    shared.save("printer", "ok", "", fake_clock.now() - timedelta(minutes=5))     # stale write
    assert new.entry("printer")["status"] == "no_paper"                 # its own is newer
