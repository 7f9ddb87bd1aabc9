"""The audit log tells each event in a Vietnamese sentence, with who did it."""
from store.audit import narrate, who


def told(client, tokens, after=0):
    log = client.get(f"/api/v1/events?after={after}&limit=1000", headers=tokens["manager"]).get_json()
    return [(e["text"], e["by"]) for e in log if e["text"]]


def test_a_clerks_morning_reads_as_sentences(client, tokens, luot):
    client.post("/api/v1/tickets", json={"area": "dat-dai", "priority": "elderly"},
                headers=tokens["kiosk"])
    clerk = tokens["clerk1"]
    for action, body in [("next", None), ("recall", None), ("dossier", {"code": "H56-0001"}),
                         ("no-show", None), ("pause", {"reason": "Họp"}), ("resume", None),
                         ("close", None), ("open", None)]:
        assert client.post(f"/api/v1/counters/1/{action}", json=body, headers=clerk).status_code == 200
    assert [text for text, _ in told(client, tokens)] == [
        "Cấp số — Đất đai (ưu tiên: Người cao tuổi)",
        "Gọi số — Đất đai",                 # the counter's change is the call: not told twice
        "Gọi lại — Đất đai",
        "Gắn mã hồ sơ H56-0001",
        "Vắng mặt",
        "Tạm dừng quầy — Họp",
        "Quầy làm việc lại",
        "Đóng quầy",
        "Mở quầy",
    ]
    by = {name for _, name in told(client, tokens)}
    assert by == {"test kiosk (mã thiết bị)", "test clerk (mã thiết bị)"}


def test_a_transfer_and_a_served_citizen(client, tokens):
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    client.post("/api/v1/tickets", json={"area": "dat-dai"}, headers=tokens["kiosk"])
    clerk = tokens["clerk1"]
    client.post("/api/v1/counters/1/next", headers=clerk)
    client.post("/api/v1/counters/1/transfer", json={"area": "tu-phap"}, headers=clerk)
    client.post("/api/v1/counters/1/next", headers=clerk)
    client.post("/api/v1/counters/1/done", headers=clerk)
    assert [text for text, _ in told(client, tokens)][2:] == [
        "Gọi số — Đất đai", "Chuyển sang lĩnh vực khác", "Nhận chuyển sang Tư pháp – Hộ tịch",
        "Gọi số — Đất đai", "Đã phục vụ xong"]


def test_a_page_of_the_log_is_told_with_what_came_before_it(client, tokens):
    clerk = tokens["clerk1"]
    client.post("/api/v1/counters/1/pause", json={"reason": "Nghỉ giải lao"}, headers=clerk)
    paused = client.get("/api/v1/events?limit=1000", headers=tokens["manager"]).get_json()[-1]["seq"]
    client.post("/api/v1/counters/1/resume", headers=clerk)
    assert told(client, tokens, after=paused) == [("Quầy làm việc lại", "test clerk (mã thiết bị)")]


def test_taking_and_releasing_a_counter_names_the_clerk(client, tokens, luot):
    luot.service.sign_in(2, 7, "Lê Thị Hoa", actor="user:7:Lê Thị Hoa")
    luot.service.sign_out(2, None, actor="user:1:Quản lý")
    assert told(client, tokens) == [("Cán bộ nhận quầy: Lê Thị Hoa", "Lê Thị Hoa"),
                                    ("Giải phóng quầy (Lê Thị Hoa rời quầy)", "Quản lý")]


def counter_event(seq, at, status, clerk=None, actor=None, **extra):
    counter = {"number": 1, "status": status, "clerk": clerk,
               "clerk_id": 7 if clerk else None, **extra}
    return {"seq": seq, "name": "counter_updated", "at": at, "actor": actor,
            "payload": {"counter": counter}}


def test_narration_is_a_pure_function_of_the_events_and_the_state_before():
    before = {1: {"number": 1, "status": "closed", "clerk": "Lan", "clerk_id": 7}}
    events = [counter_event(5, "t1", "idle", "Lan"),
              {"seq": 6, "name": "queue_updated", "at": "t1", "actor": None, "payload": {}},
              counter_event(7, "t2", "idle", None)]
    texts = [e["text"] for e in narrate(events, before)]
    assert texts == ["Mở quầy", None, "Giải phóng quầy (Lan rời quầy)"]
    echo = {"seq": 4, "name": "ticket_called", "at": "t1", "actor": None, "payload": {}}
    assert narrate(events[:1], before, previous=echo)[0]["text"] is None
    assert narrate([counter_event(1, "t", "idle")])[0]["text"] == "Quầy sẵn sàng, không có cán bộ"


def test_who_names_people_devices_and_the_system():
    assert who("user:3:Lê Thị Hoa") == "Lê Thị Hoa"
    assert who("token:5:Ki-ốt sảnh") == "Ki-ốt sảnh (mã thiết bị)"
    assert who(None) == "Hệ thống"
    assert who("keypad") == "keypad"
