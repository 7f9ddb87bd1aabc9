"""While PostgreSQL is down, writes fail with a clear 503 and nothing is half-written; once it
is back, the hall carries on where it was."""
from tests.support.live_server import LiveServer, api
from tests.support.services import ThrowawayPostgres


def test_writes_fail_with_503_while_postgresql_is_down_and_succeed_after(tmp_path):
    database = ThrowawayPostgres().start()
    server = LiveServer(tmp_path / "server", db_url=database.url,
                        extra_env={"LUOT_BACKUP_HOUR": "off"}).start()
    try:
        kiosk = server.token("kiosk")
        assert api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})[1]["number"] == "1001"
        database.halt()
        status, body = api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        assert status == 503 and body["error"]["code"] == "database_unavailable"
        database.resume()
        status, body = api(server, "POST", "/api/v1/tickets", kiosk, {"area": "dat-dai"})
        assert status == 201 and body["number"] == "1002"       # nothing half-written
        _, state = api(server, "GET", "/api/v1/state")
        assert state["areas"][0]["issued"] == 2
    finally:
        server.stop()
        database.stop()
