"""One display per hall plays the voice, whichever server process it is connected to: the
claim lives in the database and moves on when its process dies (SQLite and PostgreSQL)."""
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from store.audio import audio_player, claim_audio, drop_player
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.locks import Leases, new_process_name, process_alive
from tests.hall.conftest import make_config
from tests.support.databases import fresh_postgres_database

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def config():
    return make_config()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path, config):
    if request.param == "postgresql":
        url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    else:
        url = f"sqlite:///{tmp_path / 'luot.db'}"
    engine = make_engine(url)
    prepare_database(engine, config, NOW)
    yield engine
    engine.dispose()


def _alive(engine):
    return lambda process: process_alive(engine, process)


def test_the_first_claim_wins_across_processes_and_a_release_frees_the_role(engine, config):
    hall, one, two = config.id, new_process_name(), "999999-other"
    Leases(engine).keep_alive(one)
    assert claim_audio(engine, hall, "sid-a", one, lambda p: True, NOW)
    assert not claim_audio(engine, hall, "sid-b", two, lambda p: True, NOW)
    assert claim_audio(engine, hall, "sid-a", one, lambda p: True, NOW)      # asks again: still
    assert audio_player(engine, hall) == ("sid-a", one)
    assert not drop_player(engine, hall, "sid-b")
    assert drop_player(engine, hall, "sid-a")
    assert claim_audio(engine, hall, "sid-b", two, lambda p: True, NOW)


def test_a_dead_processs_player_is_replaced_and_a_living_ones_is_not(engine, config):
    hall = config.id
    # another process takes its lease (PostgreSQL) and dies; on SQLite its pid is gone
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = f"{child.pid}-gone"
    if engine.dialect.name == "postgresql":
        other = Leases(make_engine(str(engine.url.render_as_string(hide_password=False))))
        other.keep_alive(dead)
    assert claim_audio(engine, hall, "sid-dead", dead, _alive(engine), NOW)
    assert process_alive(engine, dead)
    assert not claim_audio(engine, hall, "sid-new", new_process_name(), _alive(engine), NOW)
    if engine.dialect.name == "postgresql":
        other.release_all()                 # the server frees a dead process's locks
        other.engine.dispose()
    child.kill()
    child.wait()
    assert not process_alive(engine, dead)
    me = new_process_name()
    assert claim_audio(engine, hall, "sid-new", me, _alive(engine), NOW)
    assert audio_player(engine, hall) == ("sid-new", me)
    assert process_alive(engine, f"{os.getpid()}-x") or engine.dialect.name == "postgresql"


class FakeSocketIO:
    def __init__(self):
        self.emitted = []

    def emit(self, name, payload, to=None):
        self.emitted.append((name, to))


def test_any_process_sends_the_announcement_to_the_player_and_the_leader_frees_a_dead_ones(
        engine, config):
    from live.hub import AudioPlayers
    from hall.clock import FakeClock
    clock, alive = FakeClock(NOW), {"p1": True}
    socketio = FakeSocketIO()
    leader = AudioPlayers(socketio, config.id, engine=engine, process="p2",
                          alive=lambda p: alive.get(p, False), clock=clock)
    with pytest.raises(RuntimeError):
        leader.publish({"id": "a1"})                      # nobody plays yet
    from store.auth import create_token, list_tokens
    create_token(engine, config.id, "display", "TV", [], NOW)
    token_id = list_tokens(engine, config.id)[0]["id"]
    assert claim_audio(engine, config.id, "sid-on-p1", "p1", lambda p: True, NOW,
                       token_id=token_id)
    leader.publish({"id": "a2"})                          # from another process: to the player
    assert socketio.emitted == [("announcement", "sid-on-p1")]
    leader.check()                                        # p1 lives: nothing changes
    assert audio_player(engine, config.id) == ("sid-on-p1", "p1")
    alive["p1"] = False                                   # p1 died
    leader.check()
    assert audio_player(engine, config.id) is None
    assert socketio.emitted[-1] == ("audio_released", f"hall:{config.id}:audio-candidates")


def test_a_player_on_another_process_whose_token_is_revoked_stops(engine, config):
    from live.hub import AudioPlayers
    from hall.clock import FakeClock
    from store.auth import create_token, list_tokens, revoke_token
    socketio = FakeSocketIO()
    leader = AudioPlayers(socketio, config.id, engine=engine, process="p2",
                          alive=lambda p: True, clock=FakeClock(NOW))
    create_token(engine, config.id, "display", "TV", [], NOW)
    token_id = list_tokens(engine, config.id)[0]["id"]
    claim_audio(engine, config.id, "sid-on-p1", "p1", lambda p: True, NOW, token_id=token_id)
    assert leader.present()
    revoke_token(engine, token_id, NOW)
    assert not leader.present()                           # checked by its token id
    assert audio_player(engine, config.id) is None
    assert ("audio_revoked", "sid-on-p1") in socketio.emitted
