"""The console's page config: what the server tells the clerk's page."""
import json
import re

from counter.web import presence_seconds


def test_a_console_says_present_every_20_s_or_often_enough_for_a_short_away_time():
    assert presence_seconds(2) == 20
    assert presence_seconds(1) == 10
    assert presence_seconds(0.7) == 7


def test_the_console_page_config_carries_the_undo_and_presence_times(app, client, luot):
    from store.auth import create_user
    create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [],
                luot.clock.now())
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "lan", "password": "mat-khau-123", "csrf_token": csrf})
    page = client.get("/counter/1").get_data(as_text=True)
    config = json.loads(re.search(r'id="console-config">(.*?)</script>', page, re.S).group(1))
    assert (config["undo_seconds"], config["presence_seconds"]) == (10, 20)
    assert any(c["name"] == "undo" and c["shortcut"] == "Z" for c in config["commands"])
