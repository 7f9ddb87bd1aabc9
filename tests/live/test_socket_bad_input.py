"""A clerk's socket messages are held to the same input rules as the HTTP API."""
import pytest

from tests.live.test_counter_socket import seated_client  # noqa: F401  (fixture)


@pytest.mark.parametrize("text", ["\ud800", "a\x00b"], ids=["lone-surrogate", "nul"])
def test_bad_text_in_a_socket_message_is_refused_and_changes_nothing(seated_client, client,  # noqa: F811
                                                                     text):
    before = client.get("/api/v1/state").get_json()["seq"]
    answer = seated_client.emit("counter_presence", {"counter": 1, "note": text}, callback=True)
    assert answer["ok"] is False and answer["status"] == 400
    assert answer["error"]["code"] == "invalid_text"
    assert client.get("/api/v1/state").get_json()["seq"] == before
