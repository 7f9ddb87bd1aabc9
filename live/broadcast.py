"""Broadcasting to thousands of screens without stalling the process.

python-socketio hands a room's frame to every socket's writer in one go; under eventlet those
writers then all run before the process looks at its sockets again, so with 10,000 screens a
kiosk's request waited behind every write of every event (seconds, bench/RESULTS.md). The
client managers here hand the frame over in slices and let the process breathe between
slices: other requests are answered while a big room is written to. The frame is encoded
once, each socket still gets its frames in order (a room's frames go out one after another:
LiveHub's single broadcaster, and the message queue's single listener, wait for each).
"""
from __future__ import annotations

import socketio
from socketio import packet
from engineio import packet as eio_packet

SLICE = 256          # sockets written to between two breaths


class SlicedManager(socketio.Manager):
    """The in-process client manager, broadcasting in slices."""

    slice = SLICE

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None,
             **kwargs):
        room = to or room
        if callback or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid,
                                callback=callback, **kwargs)
        data = list(data) if isinstance(data, tuple) else ([data] if data is not None else [])
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace,
                                           data=[event] + data).encode()
        frames = [eio_packet.Packet(eio_packet.MESSAGE, p)
                  for p in (encoded if isinstance(encoded, list) else [encoded])]
        recipients = [eio_sid for sid, eio_sid in self.get_participants(namespace, room)
                      if sid not in skip]
        for start in range(0, len(recipients), self.slice):
            if start:
                self.server.sleep(0)          # let requests and other sockets in
            for eio_sid in recipients[start:start + self.slice]:
                for frame in frames:
                    self.server._send_eio_packet(eio_sid, frame)


class SlicedRedisManager(socketio.RedisManager, SlicedManager):
    """Redis between the processes; each process writes to its own screens in slices
    (RedisManager's local delivery lands on SlicedManager.emit)."""


def client_manager(message_queue: str | None):
    """The client manager for Flask-SocketIO: in-process, or over Redis (`redis://…`)."""
    if not message_queue:
        return SlicedManager()
    if message_queue.startswith(("redis://", "rediss://", "unix://")):
        return SlicedRedisManager(message_queue, channel="flask-socketio")
    raise SystemExit(f"LUOT_MESSAGE_QUEUE must be redis://…, not {message_queue!r}")
