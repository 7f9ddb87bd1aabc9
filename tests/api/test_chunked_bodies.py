"""A request body sent chunked (no Content-Length) is read, by the real eventlet server."""
import http.client
import json

import pytest

from tests.support.live_server import TEST_HALL, LiveServer, api


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real server with a (fake-sink) announcer, so test announcements can be heard."""
    workdir = tmp_path_factory.mktemp("chunked")
    config = workdir / "hall.toml"
    config.write_text(TEST_HALL.read_text(encoding="utf-8")
                      + '\n[announce]\nenabled = true\nsink = "none"\nrepeat = 1\n',
                      encoding="utf-8")
    running = LiveServer(workdir / "server", config=config).start()
    yield running
    running.stop()


def post_chunked(server, path: str, token: str, body: bytes, piece: int = 7):
    """POST with Transfer-Encoding: chunked; returns (status, parsed body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        chunks = (body[i:i + piece] for i in range(0, len(body), piece))
        conn.request("POST", path, body=chunks, encode_chunked=True,
                     headers={"Authorization": f"Bearer {token}",
                              "Content-Type": "application/json",
                              "Transfer-Encoding": "chunked"})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def test_a_ticket_requested_chunked_is_for_the_area_asked(server):
    status, ticket = post_chunked(server, "/api/v1/tickets", server.token("kiosk"),
                                  json.dumps({"area": "tu-phap"}).encode())
    assert status == 201, ticket
    assert ticket["area"] == "tu-phap"


def test_a_test_announcement_sent_chunked_plays_for_the_counter_asked(server):
    manager = server.token("manager")
    status, queued = post_chunked(server, "/api/v1/announcements/test", manager,
                                  json.dumps({"counter": 2}).encode())
    assert status == 202, queued
    _, recent = api(server, "GET", "/api/v1/announcements")
    heard = {a["id"]: a["text"] for a in recent}
    assert "quầy số 2" in heard[queued["id"]]


def test_a_chunked_body_over_the_size_limit_is_413(server):
    status, body = post_chunked(server, "/api/v1/tickets", server.token("kiosk"),
                                json.dumps({"area": "x" * 100_000}).encode(), piece=8192)
    assert status == 413 and body["error"]["code"] == "request_entity_too_large"
