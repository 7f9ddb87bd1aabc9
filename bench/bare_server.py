"""A bare Flask-SocketIO broadcast server: the baseline for the call-latency benchmark.

POST /next broadcasts one `ticket_called`-sized event to every connected client;
POST /next?follow=3 also broadcasts three more events of that size, as a real call does.
"""
import eventlet

eventlet.monkey_patch()

import json  # noqa: E402
import sys  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402


def main(port: int) -> None:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="eventlet")
    counter = {"n": 0}

    @app.post("/next")
    def next_call():
        counter["n"] += 1
        payload = json.loads(request.data or b"{}")
        payload["seq"] = counter["n"]
        payload["ticket"]["id"] = key = f"bare-{counter['n']}"
        socketio.emit("ticket_called", payload)
        # ?follow=3: also the updates a real call produces (counter, queue, finished ticket)
        for name in ("counter_updated", "queue_updated", "ticket_updated")[:int(request.args.get("follow", 0))]:
            counter["n"] += 1
            socketio.emit(name, {**payload, "seq": counter["n"]})
        return {"key": key}

    @app.get("/health")
    def health():
        return {"status": "ok"}

    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
