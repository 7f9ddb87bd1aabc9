"""Rooms are written to in slices, with a breath between, each socket getting the frame once
and in order (live/broadcast.py)."""
from live.broadcast import SlicedManager, SlicedRedisManager, client_manager


class FakeServer:
    """What a client manager uses of the Socket.IO server, recording sends and breaths."""

    def __init__(self):
        import socketio
        self.packet_class = socketio.packet.Packet
        self.log = []
        import itertools
        from types import SimpleNamespace
        ids = itertools.count()
        self.eio = SimpleNamespace(generate_id=lambda: f"sid{next(ids)}")

    def _send_eio_packet(self, eio_sid, frame):
        self.log.append(("send", eio_sid, frame.data))

    def sleep(self, seconds=0):
        self.log.append(("sleep",))


def _manager(count):
    manager = SlicedManager()
    manager.set_server(FakeServer())
    manager.initialize()
    for n in range(count):
        manager.connect(f"eio{n}", "/")
    return manager


def test_a_big_room_is_written_in_slices_with_a_breath_between():
    manager = _manager(600)
    manager.slice = 256
    manager.emit("events", {"events": [["ticket_called", {"seq": 1}]]}, "/")
    log = manager.server.log
    sends = [entry for entry in log if entry[0] == "send"]
    assert len(sends) == 600 and len({eio for _, eio, _ in sends}) == 600
    assert [i for i, entry in enumerate(log) if entry[0] == "sleep"] == [256, 513]
    assert {data for _, _, data in sends} == {'2["events",{"events":[["ticket_called",{"seq":1}]]}]'}


def test_a_small_room_goes_out_without_a_breath_and_skip_sid_is_kept():
    manager = _manager(3)
    sids = [sid for sid, _ in manager.get_participants("/", None)]
    manager.emit("snapshot", {"seq": 4}, "/", skip_sid=sids[0])
    assert [entry[0] for entry in manager.server.log] == ["send", "send"]


def test_the_message_queue_manager_delivers_locally_through_the_slices():
    assert SlicedRedisManager.__mro__.index(SlicedManager) > 1
    assert isinstance(client_manager(None), SlicedManager)
