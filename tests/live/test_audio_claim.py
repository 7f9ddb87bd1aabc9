"""Only an enrolled display may take the hall's voice (`claim_audio`, issue 11 item 1); one
that loses its role stops playing at once and the others may claim."""
import pytest

from store.auth import create_token, list_tokens, revoke_token


@pytest.fixture
def secret(luot):
    def make(role):
        return create_token(luot.engine, luot.config.id, role, f"test {role}", [],
                            luot.clock.now())
    return make


@pytest.fixture
def sockets(app, luot):
    made = []

    def connect(token=None, **kw):
        socket = luot.socketio.test_client(app, auth={"token": token} if token else None, **kw)
        made.append(socket)
        return socket
    yield connect
    for socket in made:
        if socket.is_connected():
            socket.disconnect()


def refusals(socket):
    return [m["args"][0] for m in socket.get_received() if m["name"] == "audio_refused"]


def test_an_anonymous_socket_is_refused_and_claims_nothing(sockets, luot):
    anonymous = sockets()
    answer = anonymous.emit("claim_audio", {}, callback=True)
    assert answer["player"] is False and answer["error"]["code"] == "not_a_display"
    assert refusals(anonymous)[0]["error"]["code"] == "not_a_display"
    assert luot.audio_players.player is None and not luot.audio_players.present()


@pytest.mark.parametrize("role", ["kiosk", "clerk", "manager", "rating"])
def test_other_roles_are_refused(sockets, secret, luot, role):
    socket = sockets(secret(role))
    assert socket.emit("claim_audio", {}, callback=True)["player"] is False
    assert refusals(socket) and luot.audio_players.player is None


def test_a_made_up_token_is_refused(sockets, luot):
    socket = sockets("luot_not-a-real-token")
    assert socket.emit("claim_audio", {}, callback=True)["player"] is False
    assert luot.audio_players.player is None


def test_an_enrolled_display_plays_and_an_anonymous_one_cannot_take_over(sockets, secret, luot):
    display = sockets(secret("display"))
    assert display.emit("claim_audio", {}, callback=True) == {"player": True}
    assert luot.audio_players.present()
    anonymous = sockets()
    assert anonymous.emit("claim_audio", {}, callback=True)["player"] is False
    display.get_received()
    luot.audio_players.publish({"id": "a1", "url": "/x.wav", "text": "", "seconds": 1})
    assert [m["name"] for m in display.get_received()] == ["announcement"]
    assert not [m for m in anonymous.get_received() if m["name"] == "announcement"]


def test_a_revoked_display_stops_playing_and_another_display_takes_over(sockets, secret, luot):
    first, second = sockets(secret("display")), sockets(secret("display"))
    assert first.emit("claim_audio", {}, callback=True) == {"player": True}
    assert second.emit("claim_audio", {}, callback=True) == {"player": False}
    first_id = min(t["id"] for t in list_tokens(luot.engine, luot.config.id)
                   if t["role"] == "display")              # the first display's token
    revoke_token(luot.engine, first_id, luot.clock.now())
    first.get_received(), second.get_received()
    assert luot.audio_players.present() is False        # checked again: the player is gone
    assert [m["name"] for m in first.get_received()] == ["audio_revoked"]
    assert [m["name"] for m in second.get_received()] == ["audio_released"]
    with pytest.raises(RuntimeError):
        luot.audio_players.publish({"id": "a2", "url": "/y.wav", "text": "", "seconds": 1})
    assert first.emit("claim_audio", {}, callback=True)["player"] is False
    assert second.emit("claim_audio", {}, callback=True) == {"player": True}


def test_the_player_leaving_tells_the_announcer(sockets, secret, luot):
    told = []
    luot.audio_players.listeners.append(lambda: told.append(luot.audio_players.present()))
    display = sockets(secret("display"))
    display.emit("claim_audio", {}, callback=True)
    display.disconnect()
    assert told == [True, False]


def test_the_announcers_speaker_follows_the_enrolled_display_at_once(sockets, secret, luot,
                                                                      tmp_path):
    from announce.announcer import Announcer
    from announce.settings import Settings
    from devices.adapter import DeviceStatus
    statuses: list[DeviceStatus] = []
    players = luot.audio_players
    announcer = Announcer(Settings.from_config({"sink": "browser"}), tmp_path / "voice",
                          report=statuses.append, publish=players.publish,
                          audio_present=players.present)
    players.listeners.append(announcer.speaker_changed)
    announcer.speaker_changed()
    assert statuses[-1].status == "error"                 # nothing can play the voice
    sockets().emit("claim_audio", {}, callback=True)      # an anonymous claim changes nothing
    assert statuses[-1].status == "error"
    display = sockets(secret("display"))
    display.emit("claim_audio", {}, callback=True)
    assert statuses[-1].status == "ok"
    display.disconnect()
    assert statuses[-1].status == "error" and "?audio=1" in statuses[-1].detail
