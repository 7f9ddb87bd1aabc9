"""`flask --app server backup` while the hall runs; `restore` into a fresh instance; the hall
carries on there: tokens work, numbering continues, events continue without a gap."""
import subprocess
import sys

import pytest

from tests.support.live_server import ROOT, LiveServer, api

QUIET = {"LUOT_BACKUP_HOUR": "off"}       # only the backups this test takes


def flask(server: LiveServer, *args: str) -> subprocess.CompletedProcess:
    """The real CLI, with the server's environment (database, config, instance)."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "server", *map(str, args)],
                          cwd=ROOT, env=server.env(), capture_output=True, text=True, timeout=120)


def events(server, token):
    status, body = api(server, "GET", "/api/v1/events?after=0&limit=1000", token)
    assert status == 200
    return body


@pytest.fixture
def hall_with_tickets(tmp_path):
    """A running hall: four tickets issued, one served, one called."""
    server = LiveServer(tmp_path / "first", extra_env=QUIET).start()
    server.kiosk, server.manager = server.token("kiosk"), server.token("manager")
    server.tickets = [api(server, "POST", "/api/v1/tickets", server.kiosk, {"area": area})[1]
                      for area in ("dat-dai", "dat-dai", "tu-phap", "dat-dai")]
    api(server, "POST", "/api/v1/counters/1/next", server.manager)
    api(server, "POST", "/api/v1/counters/1/next", server.manager)
    yield server
    server.stop()


def test_a_backup_restored_into_a_fresh_instance_runs_the_hall_on(hall_with_tickets, tmp_path):
    first = hall_with_tickets
    taken = flask(first, "backup", "--to", tmp_path / "copies")
    assert taken.returncode == 0, taken.stderr
    backup = taken.stdout.strip().splitlines()[-1]
    log_at_backup = events(first, first.manager)
    api(first, "POST", "/api/v1/tickets", first.kiosk, {"area": "dat-dai"})   # after the backup

    refused = flask(first, "restore", backup, "--yes")        # the first server still runs
    assert refused.returncode != 0 and "stop the server first" in refused.stderr
    first.stop()

    second = LiveServer(tmp_path / "second", extra_env=QUIET)
    restored = flask(second, "restore", backup, "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    second.start()
    try:
        assert events(second, first.manager) == log_at_backup     # the old tokens work too
        status, ticket = api(second, "POST", "/api/v1/tickets", first.kiosk, {"area": "dat-dai"})
        assert status == 201 and ticket["number"] == "1004"       # 1001–1003 were in the backup
        status, counter = api(second, "POST", "/api/v1/counters/1/next", first.manager)
        assert counter["current"]["number"] == "1003"
        log = events(second, first.manager)
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        assert log[:len(log_at_backup)] == log_at_backup
        status, served = api(second, "GET", f"/api/v1/tickets/{first.tickets[0]['id']}")
        assert served["status"] == "served"
    finally:
        second.stop()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    server = LiveServer(tmp_path / "hall", extra_env=QUIET)
    bogus = tmp_path / "luot-20261130-120000.db"
    bogus.write_text("not a database")
    result = flask(server, "restore", bogus, "--yes")
    assert result.returncode != 0 and "not a readable SQLite database" in result.stderr
