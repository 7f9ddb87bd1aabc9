"""What the schemathesis run (tests/api/test_openapi_fuzz.py) found, one regression each."""


def test_posting_to_the_no_shows_list_is_405_not_an_unknown_action(client, tokens):
    # /counters/{n}/no-shows is GET only; the POST counter-action route used to swallow it
    # (400 unknown_action) and OPTIONS advertised POST there.
    response = client.post("/api/v1/counters/1/no-shows", headers=tokens["manager"])
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    allowed = client.options("/api/v1/counters/1/no-shows").headers["Allow"]
    assert set(allowed.split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_an_action_that_is_not_in_the_api_is_404(client, tokens):
    response = client.post("/api/v1/counters/1/dance", headers=tokens["manager"])
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_every_documented_counter_action_still_routes(client, tokens):
    from hall.commands import COUNTER_COMMANDS
    for command in COUNTER_COMMANDS:
        response = client.post(f"/api/v1/counters/1/{command.name}", headers=tokens["manager"],
                               json={})
        code = response.get_json().get("error", {}).get("code")
        assert code not in ("not_found", "method_not_allowed"), (command.name, code)


def test_the_spec_says_reasons_go_only_with_the_lowest_rating(client):
    # The server answers 400 invalid_reason for reasons with any other level; the document
    # said nothing, so a schema-valid request was refused.
    import jsonschema_rs
    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/api/v1/ratings"]["post"]["requestBody"]["content"]
    validator = jsonschema_rs.Draft4Validator(body["application/json"]["schema"])
    for source in ({"ticket": "abc"}, {"counter": 1, "public_id": "A1"}):
        assert validator.is_valid({**source, "level": 1, "reasons": ["thai-do"]})
        assert validator.is_valid({**source, "level": 3})
        assert validator.is_valid({**source, "level": 3, "reasons": []})
        assert not validator.is_valid({**source, "level": 3, "reasons": ["thai-do"]})
