"""Anonymous watchers per client address are capped (LUOT_CONNECTIONS_PER_ADDRESS), politely:
the refused one hears why; devices with a token are not counted."""
import socketio

from live.hub import AddressCap, client_address
from tests.support.live_server import LiveServer


def _watch(url, token=None):
    client = socketio.Client(reconnection=False)
    refused = []
    client.on("connect_error", lambda data: refused.append(data))
    try:
        client.connect(url, transports=["websocket"], wait_timeout=10,
                       auth={"token": token} if token else None)
    except socketio.exceptions.ConnectionError:
        pass
    return client, refused


def test_a_client_address_gets_at_most_the_cap_of_anonymous_watchers(tmp_path):
    server = LiveServer(tmp_path, extra_env={"LUOT_CONNECTIONS_PER_ADDRESS": "3"}).start()
    clients = []
    try:
        for _ in range(3):
            client, refused = _watch(server.url)
            clients.append(client)
            assert client.connected and not refused
        extra, refused = _watch(server.url)
        assert not extra.connected
        assert refused and refused[0]["data"]["code"] == "too_many_connections"
        assert "Quá nhiều kết nối" in refused[0]["message"]
        display, refused = _watch(server.url, server.token("display"))   # a device: not counted
        clients.append(display)
        assert display.connected and not refused
        clients.pop(0).disconnect()
        again, refused = _watch(server.url)                               # room again
        clients.append(again)
        assert again.connected and not refused
    finally:
        for client in clients:
            client.disconnect()
        server.stop()


def test_the_cap_counts_per_address_and_frees_on_leaving():
    cap = AddressCap(2)
    assert cap.admit("a", "10.0.0.5") and cap.admit("b", "10.0.0.5")
    assert not cap.admit("c", "10.0.0.5") and cap.admit("d", "10.0.0.6")
    cap.left("a")
    cap.left("a")                                   # twice: counted once
    assert cap.admit("e", "10.0.0.5") and not cap.admit("f", "10.0.0.5")
    assert AddressCap(0).admit("x", "10.0.0.5")     # 0: no limit


def test_behind_nginx_the_address_is_the_forwarded_one():
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.0.7"}
    assert client_address(environ, 0) == "127.0.0.1"
    assert client_address(environ, 1) == "10.0.0.7"
    assert client_address({"REMOTE_ADDR": "127.0.0.1"}, 1) == "127.0.0.1"
