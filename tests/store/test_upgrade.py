"""A database made and used by an older release upgrades to this one with its data intact,
and the hall carries on on it: on SQLite and on PostgreSQL.

The older database is made by that release's own server (tests/support/previous_release.py).
Every row of every table it had must come through the upgrade unchanged; a future migration
that rewrites data on purpose states the rewrite here.
"""
import pytest

from store.engine import make_engine
from store.migrate import head_revision, upgrade
from tests.support.databases import fresh_postgres_database
from tests.support.live_server import LiveServer, api
from tests.support.previous_release import (PASSWORD, SUPPORTED, Browser, build_database,
                                            projected, schema_revision, table_rows)

# What migrations rewrite on purpose: (table, column) -> why it does not come through.
DROPPED = {
    ("counters", "normal_streak"): "0002: the interleave policy counts priority calls anew",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "postgresql":
        return fresh_postgres_database(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'luot.db'}"


def _schema_differences(engine) -> list:
    """What Alembic would still change to match store/tables.py (nothing, after upgrade)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.tables import metadata
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


@pytest.mark.parametrize("release", SUPPORTED, ids=[f"from-{r.revision}" for r in SUPPORTED])
def test_an_older_releases_hall_upgrades_with_its_data_intact_and_carries_on(
        release, db_url, tmp_path):
    old = build_database(release, tmp_path, db_url)
    engine = make_engine(db_url)
    assert schema_revision(engine) == release.revision
    before = table_rows(engine)
    assert len(before["tickets"]) == 10 and len(before["users"]) == 1 and before["events"]

    upgrade(engine)                                   # what the server runs at start

    assert schema_revision(engine) == head_revision()
    after = table_rows(engine)
    for table, rows in before.items():
        kept = [c for c in (rows[0] if rows else {}) if (table, c) not in DROPPED]
        assert projected(after[table], kept) == projected(rows, kept), table
    _check_what_migrations_added(after)
    assert _schema_differences(engine) == []
    engine.dispose()

    server = LiveServer(tmp_path / "new-server", db_url=db_url,
                        extra_env={"LUOT_BACKUP_HOUR": "off"}).start()
    try:
        _check_the_hall_carries_on(server, old, len(before["events"]))
    finally:
        server.stop()


def _check_what_migrations_added(after: dict) -> None:
    """0002 keeps each ticket's first call and when it joined its queue, and who staffs each
    counter; 0003, 0004, 0006 and 0007 start empty tables; 0008 gives kiosk tokens a ticket
    rate and starts sessions and pairing codes empty."""
    for ticket in after["tickets"]:
        assert ticket["first_called_at"] == ticket["called_at"]
        joined = ticket["issued_at"] if ticket["origin_id"] is None else ticket["queue_at"]
        assert ticket["joined_at"] == joined
    for counter in after["counters"]:
        assert counter["presence"] == ("present" if counter["clerk_user_id"] else "absent")
        assert counter["undo_ticket_id"] is None and counter["priority_streak"] == 0
    assert after["ratings"] == [] and after["login_failures"] == []
    assert after.get("audio_players", []) == [] and after.get("branches", []) == []
    # 0008: sessions and pairing codes start empty; kiosk tokens get the default ticket rate
    assert after["login_sessions"] == [] and after["pairing_codes"] == []
    assert after["tokens"] and all(t["max_per_minute"] == (12 if t["role"] == "kiosk" else 0)
                                   for t in after["tokens"])


def _check_the_hall_carries_on(server, old, events_before: int) -> None:
    status, ticket = api(server, "POST", "/api/v1/tickets", old.kiosk, {"area": "dat-dai"})
    assert status == 201 and ticket["number"] == "1006"         # 1001–1005 were the old ones
    assert api(server, "GET", "/api/v1/whoami", old.revoked)[0] == 401
    status, log = api(server, "GET", "/api/v1/events?after=0&limit=1000", old.manager)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1)) and len(log) > events_before
    first = old.tickets["dat-dai-0"]
    assert api(server, "GET", f"/api/v1/tickets/{first['id']}")[1]["status"] == "served"
    missed = old.tickets["dat-dai-1"]
    assert api(server, "GET", f"/api/v1/tickets/{missed['id']}")[1]["status"] == "no_show"
    status, report = api(server, "GET", "/api/v1/reports/day", old.manager)
    assert status == 200 and report["by_area"]
    clerk = Browser(server)
    clerk.login("lan", PASSWORD)                                 # the old password hash
    assert clerk.post("/api/v1/counters/2/sign-in")["clerk"] == "Nguyễn Thị Lan"
