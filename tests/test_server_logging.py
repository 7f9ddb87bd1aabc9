"""The server's log lines carry the hall's local time with its offset (journald adds UTC)."""
import re
from datetime import datetime, timedelta

from hall.clock import VIETNAM
from tests.support.live_server import LiveServer

LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00) INFO luot: Lượt serving ", re.M)


def test_log_lines_are_stamped_in_hall_time_with_the_offset(tmp_path):
    server = LiveServer(tmp_path / "server", extra_env={"LUOT_BACKUP_HOUR": "off",
                                                        "TZ": "America/New_York"}).start()
    server.stop()
    found = LINE.search(server.log_path.read_text(encoding="utf-8"))
    assert found, server.log_path.read_text(encoding="utf-8")[-2000:]
    stamped = datetime.fromisoformat(found.group(1))
    assert abs(stamped - datetime.now(VIETNAM)) < timedelta(minutes=2)
