"""What every adapter shares: one status type, reported on change only, never raising."""
from devices.adapter import DeviceStatus, FakeAdapter, HealthReporter


def test_a_reporter_starts_with_every_device_unknown():
    reporter = HealthReporter(None, ["board-1", "board-2"])
    assert reporter.health() == [DeviceStatus("board-1", "unknown"), DeviceStatus("board-2", "unknown")]


def test_a_change_is_reported_once_and_a_repeat_not_at_all():
    seen = []
    reporter = HealthReporter(seen.append, ["printer"])
    assert reporter.set("printer", "no_paper", "Hết giấy")
    assert not reporter.set("printer", "no_paper", "Hết giấy")
    assert reporter.set("printer", "no_paper", "Sắp hết giấy")
    assert seen == [DeviceStatus("printer", "no_paper", "Hết giấy"),
                    DeviceStatus("printer", "no_paper", "Sắp hết giấy")]
    assert reporter.get("printer").detail == "Sắp hết giấy"


def test_a_failing_listener_never_breaks_the_device_worker():
    def broken(status):
        raise RuntimeError("socket gone")

    reporter = HealthReporter(broken, ["keypad-1"])
    assert reporter.set("keypad-1", "ok")
    assert reporter.get("keypad-1").status == "ok"


def test_a_fake_reports_every_device_ok_when_started():
    seen = []
    fake = FakeAdapter(seen.append, ["barcode-1", "barcode-2"])
    fake.start()
    assert fake.running and [s.status for s in fake.health()] == ["ok", "ok"]
    assert [s.id for s in seen] == ["barcode-1", "barcode-2"]
    fake.stop()
    assert not fake.running
