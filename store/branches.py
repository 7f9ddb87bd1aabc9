"""Branch halls and their province: the forwarded event record (docs/deployment.md, "A province
with hosted and branch halls").

Branch side: `record_after` reads the hall's own record for forwarding. Province side:
`create_branch` mints a branch credential, `hello` binds a branch node to its hall and keeps
its hall file, `ingest` stores a batch of forwarded events under the branch's hall id and
projects them into the tables the reports read (tickets, ratings, the hall's business day), so
that `store.reports` gives the province the branch's own figures. Every refusal raises
`BranchRefused` before anything is written.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from hall.clock import iso

from .tables import branches as B
from .tables import events as E
from .tables import halls as H
from .tables import ratings as R
from .tables import tickets as T

BATCH_BYTES = 48 * 1024          # a batch stays under the server's 64 kB request limit
CONNECTED_SECONDS = 30           # heard from within this long: connected
EVENT_FIELDS = ("seq", "name", "at", "ticket_id", "area_id", "counter", "actor", "payload")


def parse_iso(text: str) -> datetime:
    """An ISO 8601 time with its offset (a naive one is refused)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time needs its offset")
    return moment


class BranchRefused(Exception):
    """A forwarding request the province does not accept; nothing was stored."""

    def __init__(self, status: int, code: str, message: str, **details):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


# -- the wire ------------------------------------------------------------------------------
def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def mac_key(token: str) -> str:
    """The key of a branch's batch signatures, derived from its credential (the province keeps
    this and the token's hash, never the token)."""
    return hashlib.sha256(f"luot-branch-mac:{token}".encode("utf-8")).hexdigest()


def sign(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest()


def canonical(event: dict) -> str:
    """One event as both sides compare it: its fields, sorted, compact."""
    return json.dumps({k: event.get(k) for k in EVENT_FIELDS}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def config_version(hall_file: dict) -> str:
    text = json.dumps(hall_file, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _wire(row) -> dict:
    return {"seq": row.seq, "name": row.name, "at": iso(row.at), "ticket_id": row.ticket_id,
            "area_id": row.area_id, "counter": row.counter, "actor": row.actor,
            "payload": row.payload}


# -- the branch ------------------------------------------------------------------------------
def record_after(engine, hall_id: str, after: int, max_bytes: int = BATCH_BYTES,
                 limit: int = 256) -> list[dict]:
    """The hall's events after `after`, in order, as forwarded, at most `max_bytes` of JSON
    (always at least one event when there is one)."""
    with engine.connect().execution_options(luot_readonly=True) as conn:
        rows = conn.execute(sa.select(E).where(E.c.hall_id == hall_id, E.c.seq > after)
                            .order_by(E.c.seq).limit(limit)).all()
    batch, size = [], 0
    for row in rows:
        event = _wire(row)
        size += len(canonical(event).encode("utf-8")) + 1
        if batch and size > max_bytes:
            break
        batch.append(event)
    return batch


def last_seq(engine, hall_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(H.c.last_seq).where(H.c.id == hall_id)).scalar() or 0


# -- the province: credentials ----------------------------------------------------------------
def create_branch(engine, hall_id: str, name: str, now, hosted=()) -> str:
    """A credential for the branch hall `hall_id` (printed once). One live branch per hall id."""
    if hall_id in hosted:
        raise BranchRefused(409, "hall_hosted", f"hall {hall_id} is hosted here, not a branch")
    token = "luotb_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(sa.select(B.c.revoked_at).where(B.c.hall_id == hall_id)).first()
        if row is not None and row.revoked_at is None:
            raise BranchRefused(409, "hall_claimed",
                                f"hall {hall_id} already has a branch credential; revoke it first")
        if row is not None:                 # a new credential for a revoked branch: new node
            conn.execute(sa.update(B).where(B.c.hall_id == hall_id).values(
                token_hash=hash_token(token), mac_key=mac_key(token), name=name, node_id=None,
                revoked_at=None))
        else:
            conn.execute(sa.insert(B).values(hall_id=hall_id, name=name,
                                             token_hash=hash_token(token), mac_key=mac_key(token),
                                             acked_seq=0, created_at=now))
    return token


def revoke_branch(engine, hall_id: str, now) -> bool:
    with engine.begin() as conn:
        return conn.execute(sa.update(B).where(B.c.hall_id == hall_id, B.c.revoked_at.is_(None))
                            .values(revoked_at=now)).rowcount == 1


def _authenticate(conn, token: str | None, hall_id, node_id, hosted):
    if not token or len(token) > 200:
        raise BranchRefused(401, "branch_unknown",
                            "Thiếu hoặc sai mã chi nhánh (unknown or missing branch credential)")
    row = conn.execute(sa.select(B).where(B.c.token_hash == hash_token(token),
                                          B.c.revoked_at.is_(None))).first()
    if row is None:
        raise BranchRefused(401, "branch_unknown",
                            "Thiếu hoặc sai mã chi nhánh (unknown or missing branch credential)")
    if not isinstance(hall_id, str) or hall_id != row.hall_id:
        raise BranchRefused(403, "wrong_hall", f"Mã này của chi nhánh {row.hall_id}, không phải "
                            f"{hall_id} (credential is for another hall)", hall=row.hall_id)
    if hall_id in hosted:
        raise BranchRefused(409, "hall_hosted", f"Trung tâm {hall_id} do tỉnh phục vụ trực tiếp "
                            "(hall is hosted at the province)")
    if not isinstance(node_id, str) or not 8 <= len(node_id) <= 64:
        raise BranchRefused(400, "invalid_batch", "node: the branch node's id is missing")
    if row.node_id is not None and row.node_id != node_id:
        raise BranchRefused(409, "hall_claimed", f"Chi nhánh {hall_id} đã được một máy khác nhận "
                            "(another branch node already forwards this hall)")
    return row


def _contact(row, now, sent_at) -> dict:
    """What a request tells about the link: contact now, connected since, the clock offset."""
    values = {"last_contact_at": now}
    last = row.last_contact_at
    if row.connected_since is None or last is None or (now - last).total_seconds() > CONNECTED_SECONDS:
        values["connected_since"] = now
    try:
        branch_now = parse_iso(sent_at) if isinstance(sent_at, str) else None
    except ValueError:
        branch_now = None
    if branch_now is not None:
        values["clock_offset_s"] = round((branch_now - now).total_seconds(), 3)
    return values


# -- the province: hello and ingest -----------------------------------------------------------
def hello(engine, token, body: dict, now, hosted=(), check_config=None) -> dict:
    """A branch node announces itself (at start and after each reconnection) with its hall file;
    the first node to say hello claims the hall."""
    hall_id, node_id = body.get("hall"), body.get("node")
    hall_file = body.get("config")
    if not isinstance(hall_file, dict):
        raise BranchRefused(400, "invalid_batch", "config: the branch's hall file is missing")
    if check_config is not None:
        check_config(hall_file, hall_id)        # raises BranchRefused for a bad hall file
    with engine.begin() as conn:
        row = _authenticate(conn, token, hall_id, node_id, hosted)
        name = str((hall_file.get("hall") or {}).get("name") or row.name)[:200]
        if conn.execute(sa.select(H.c.id).where(H.c.id == hall_id)).first() is None:
            conn.execute(sa.insert(H).values(id=hall_id, name=name, last_seq=0, created_at=now))
        values = _contact(row, now, body.get("sent_at"))
        values.update(node_id=node_id, config=hall_file, config_version=config_version(hall_file),
                      branch_last_seq=_int(body.get("last_seq")))
        values.update(_config_answer(body))
        values.update(_users_answer(body))
        done = conn.execute(sa.update(B).where(B.c.hall_id == hall_id, sa.or_(
            B.c.node_id.is_(None), B.c.node_id == node_id)).values(**values))
        if done.rowcount != 1:
            raise BranchRefused(409, "hall_claimed", "another branch node already forwards this hall")
        return {"acked": row.acked_seq, "config_version": values["config_version"],
                **_desired(row)}


def _config_answer(body: dict) -> dict:
    """What the branch says at hello about the configuration the province sent it: written and
    waiting for its restart (`config_pending`: the version), or refused (`config_refused`:
    {version, message}); a hello without them clears them."""
    pending, refused = body.get("config_pending"), body.get("config_refused")
    values = {"pending_version": pending[:64] if isinstance(pending, str) else None,
              "refused_version": None, "refused_message": None}
    if isinstance(refused, dict) and isinstance(refused.get("version"), str):
        values.update(refused_version=refused["version"][:64],
                      refused_message=str(refused.get("message") or "")[:500])
    return values


def _users_answer(body: dict) -> dict:
    """What the branch says at hello about the users list: the version it applied
    (`users_version`), or the one it refused (`users_refused`: {version, message})."""
    applied, refused = body.get("users_version"), body.get("users_refused")
    values = {"users_version": applied[:64] if isinstance(applied, str) else None,
              "users_refused_version": None, "users_refused_message": None}
    if isinstance(refused, dict) and isinstance(refused.get("version"), str):
        values.update(users_refused_version=refused["version"][:64],
                      users_refused_message=str(refused.get("message") or "")[:500])
    return values


def _desired(row) -> dict:
    """The part of every answer to a branch that tells it which configuration to run."""
    answer = {"desired_version": row.desired_version} if row.desired_version else {}
    if row.desired_users_version:
        answer["desired_users_version"] = row.desired_users_version
    return answer


def _int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


NORMAL_REFUSALS = ("gap", "busy", "branch_unknown")   # the protocol's flow, or nobody's


def note_refusal(engine, token, error: BranchRefused, now) -> None:
    """Remember the latest refusal of a known credential for the status view (a gap or a race
    is the protocol working, not news)."""
    if error.code in NORMAL_REFUSALS or not token:
        return
    with engine.begin() as conn:
        conn.execute(sa.update(B).where(B.c.token_hash == hash_token(token))
                     .values(last_refusal=error.code[:40], last_refusal_at=now))


def verify_signature(engine, token, raw: bytes, signature: str | None) -> None:
    """The batch is the one the branch signed (its credential's MAC key), else refused."""
    with engine.connect() as conn:
        key = conn.execute(sa.select(B.c.mac_key).where(B.c.token_hash == hash_token(token or ""),
                                                        B.c.revoked_at.is_(None))).scalar()
    if key is None:
        raise BranchRefused(401, "branch_unknown",
                            "Thiếu hoặc sai mã chi nhánh (unknown or missing branch credential)")
    if not signature or not hmac.compare_digest(sign(key, raw), signature):
        raise BranchRefused(400, "bad_signature", "Lô dữ liệu bị thay đổi trên đường truyền "
                            "(the batch does not match its signature)")


def _check_events(events) -> list[dict]:
    if not isinstance(events, list):
        raise BranchRefused(400, "invalid_batch", "events: a list of events")
    out = []
    for event in events:
        if (not isinstance(event, dict) or _int(event.get("seq")) is None
                or not isinstance(event.get("name"), str) or not isinstance(event.get("payload"), dict)
                or not isinstance(event.get("at"), str)):
            raise BranchRefused(400, "invalid_batch", "each event needs seq, name, at and payload")
        try:
            parse_iso(event["at"])
        except ValueError:
            raise BranchRefused(400, "invalid_batch", f"event {event['seq']}: bad time") from None
        out.append({k: event.get(k) for k in EVENT_FIELDS})
    for before, after in zip(out, out[1:]):
        if after["seq"] != before["seq"] + 1:
            raise BranchRefused(400, "invalid_batch", "events must have consecutive seq numbers")
    return out


def ingest(engine, token, body: dict, now, hosted=()) -> dict:
    """See `_ingest`; a race with another batch of the same branch (the same seq stored
    meanwhile) is refused as `busy` with the cursor, and nothing of this batch is stored."""
    try:
        return _ingest(engine, token, body, now, hosted)
    except sa.exc.IntegrityError:
        with engine.connect() as conn:
            acked = conn.execute(sa.select(B.c.acked_seq).where(
                B.c.hall_id == body.get("hall"))).scalar() or 0
        raise BranchRefused(409, "busy", "another batch of this branch was stored meanwhile",
                            acked=acked) from None


def _ingest(engine, token, body: dict, now, hosted=()) -> dict:
    """Store a batch of a branch's events after its acknowledged seq and project them; answer
    `{acked, stored}`. Events at or below the acknowledged seq are a replay: each must equal
    what is stored (else `diverged`), and nothing changes. A batch that starts after
    acked + 1 is a gap: refused with `acked`, so the branch resends from there."""
    events = _check_events(body.get("events"))
    hall_id = body.get("hall")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(B.c.hall_id).where(B.c.hall_id == hall_id).with_for_update())
        row = _authenticate(conn, token, hall_id, body.get("node"), hosted)
        if row.node_id is None or row.config is None:
            raise BranchRefused(409, "hello_first", "say hello (with the hall file) before forwarding")
        acked = row.acked_seq
        old = [e for e in events if e["seq"] <= acked]
        new = [e for e in events if e["seq"] > acked]
        if new and new[0]["seq"] != acked + 1:
            raise BranchRefused(409, "gap", f"Thiếu sự kiện từ số {acked + 1} (events missing "
                                f"after {acked}; resend from {acked + 1})", acked=acked)
        if old:
            stored = {r.seq: _wire(r) for r in conn.execute(sa.select(E).where(
                E.c.hall_id == hall_id, E.c.seq.between(old[0]["seq"], old[-1]["seq"])))}
            for event in old:
                if event["seq"] in stored and canonical(stored[event["seq"]]) != canonical(event):
                    raise BranchRefused(409, "diverged", f"event {event['seq']} differs from the "
                                        "one already received (the branch's record was rewritten)",
                                        acked=acked, seq=event["seq"])
        values = _contact(row, now, body.get("sent_at"))
        last = _int(body.get("last_seq"))
        if last is not None:
            values["branch_last_seq"] = last
        if new:
            _store(conn, hall_id, new)
            _project(conn, hall_id, new)
            values.update(acked_seq=new[-1]["seq"], acked_event_at=parse_iso(new[-1]["at"]))
            conn.execute(sa.update(H).where(H.c.id == hall_id).values(last_seq=new[-1]["seq"]))
        done = conn.execute(sa.update(B).where(B.c.hall_id == hall_id, B.c.acked_seq == acked)
                            .values(**values))
        if done.rowcount != 1:
            raise BranchRefused(409, "busy", "another batch of this branch was stored meanwhile",
                                acked=acked)
        return {"acked": values.get("acked_seq", acked), "stored": len(new),
                "replayed": len(old), **_desired(row)}


def _store(conn, hall_id: str, new: list[dict]) -> None:
    conn.execute(sa.insert(E), [
        {"hall_id": hall_id, "seq": e["seq"], "name": e["name"][:40], "at": parse_iso(e["at"]),
         "ticket_id": e.get("ticket_id"), "area_id": e.get("area_id"), "counter": e.get("counter"),
         "actor": e.get("actor"), "payload": e["payload"]} for e in new])


# -- the projection: forwarded events -> the tables reports read ------------------------------
TICKET_EVENTS = ("ticket_issued", "ticket_called", "ticket_updated")


def ticket_row(hall_id: str, view: dict) -> dict:
    """A tickets row from a staff ticket view (the whole row, docs/events.md)."""
    def moment(key):
        return parse_iso(view[key]) if view.get(key) else None
    return {"id": view["id"], "hall_id": hall_id, "area_id": view["area"],
            "series_area_id": view.get("series_area") or view["area"],
            "business_date": date.fromisoformat(view["business_date"]), "number": view["number"],
            "seq_n": int(view.get("seq_n") or 0), "priority": view.get("priority"),
            "session": view.get("session"), "status": view["status"],
            "issued_at": moment("issued_at"), "queue_at": moment("queue_at") or moment("issued_at"),
            "joined_at": moment("joined_at"), "called_at": moment("called_at"),
            "first_called_at": moment("first_called_at"), "finished_at": moment("finished_at"),
            "counter": view.get("counter"), "clerk": view.get("clerk"),
            "call_count": int(view.get("call_count") or 0), "origin_id": view.get("origin"),
            "transferred_to": view.get("transferred_to"), "dossier_code": view.get("dossier_code"),
            "version": 0}


def rating_row(hall_id: str, view: dict) -> dict:
    return {"ticket_id": view["ticket"], "hall_id": hall_id,
            "business_date": date.fromisoformat(view["business_date"]), "level": int(view["level"]),
            "reasons": list(view.get("reasons") or ()), "source": view.get("source") or "screen",
            "at": parse_iso(view["at"]), "area_id": view["area"], "counter": view.get("counter"),
            "clerk": view.get("clerk"), "dossier_code": view.get("dossier_code")}


def project(events: list[dict], hall_id: str) -> tuple[dict, dict, date | None]:
    """What a run of events leaves in the tables: {ticket id: row}, {ticket id: rating row},
    and the hall's business day (None if unchanged). Pure: the rules the tests pin."""
    tickets_by_id, ratings_by_id, day = {}, {}, None
    for event in events:
        payload = event["payload"]
        try:
            if event["name"] in TICKET_EVENTS and isinstance(payload.get("ticket"), dict):
                row = ticket_row(hall_id, payload["ticket"])
                tickets_by_id.pop(row["id"], None)      # in the order of each one's last event
                tickets_by_id[row["id"]] = row
            elif event["name"] == "ticket_rated" and isinstance(payload.get("rating"), dict):
                row = rating_row(hall_id, payload["rating"])
                ratings_by_id.setdefault(row["ticket_id"], row)
            elif event["name"] == "day_changed" and payload.get("business_date"):
                day = date.fromisoformat(payload["business_date"])
        except (KeyError, TypeError, ValueError) as error:
            raise BranchRefused(400, "invalid_batch",
                                f"event {event['seq']} ({event['name']}): {error}") from None
    return tickets_by_id, ratings_by_id, day


def _project(conn, hall_id: str, new: list[dict]) -> None:
    tickets_by_id, ratings_by_id, day = project(new, hall_id)
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    if tickets_by_id:
        stmt = insert(T)
        changing = {c.name: stmt.excluded[c.name] for c in T.columns if c.name not in ("id", "hall_id")}
        changing["version"] = T.c.version + 1
        # a ticket id of another hall is never overwritten (the where clause)
        upsert = stmt.on_conflict_do_update(index_elements=[T.c.id], set_=changing,
                                            where=T.c.hall_id == hall_id)
        # a counter has one called ticket at a time: tickets leave `called` before any enters it
        rows = list(tickets_by_id.values())
        for part in ([r for r in rows if r["status"] != "called"],
                     [r for r in rows if r["status"] == "called"]):
            if part:
                conn.execute(upsert, part)
    if ratings_by_id:
        stmt = insert(R).on_conflict_do_nothing(index_elements=[R.c.ticket_id])
        conn.execute(stmt, list(ratings_by_id.values()))
    if day is not None:
        conn.execute(sa.update(H).where(H.c.id == hall_id).values(business_date=day))


# -- the province: status ------------------------------------------------------------------
def branch_configs(engine) -> dict:
    """{hall id: hall file} of every branch that said hello."""
    with engine.connect() as conn:
        return {r.hall_id: r.config for r in conn.execute(
            sa.select(B.c.hall_id, B.c.config).where(B.c.config.is_not(None)))}


def branch_config(engine, hall_id: str) -> dict | None:
    """One branch's hall files for editing: {hall, name, running: {version, config},
    desired: {version, config, by, at} or None, configuration: its state}; None when unknown
    or revoked."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(B).where(B.c.hall_id == hall_id,
                                              B.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    desired = None
    if row.desired_config is not None:
        desired = {"version": row.desired_version, "config": row.desired_config,
                   "by": row.desired_by, "at": iso(row.desired_at) if row.desired_at else None}
    return {"hall": row.hall_id, "name": row.name,
            "running": {"version": row.config_version, "config": row.config},
            "desired": desired, "configuration": configuration_state(row)}


def branch_status(engine, now: datetime) -> list[dict]:
    """Every branch: connected or not and since when, how far its record reached, the lag."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(B).order_by(B.c.hall_id)).all()
    out = []
    for row in rows:
        last = row.last_contact_at
        connected = (row.revoked_at is None and last is not None
                     and (now - last) <= timedelta(seconds=CONNECTED_SECONDS))
        behind = None
        if row.branch_last_seq is not None:
            behind = max(0, row.branch_last_seq - row.acked_seq)
        lag = None
        if behind == 0:
            lag = 0.0
        elif row.acked_event_at is not None:
            lag = round(max(0.0, (now - row.acked_event_at).total_seconds()
                            + (row.clock_offset_s or 0.0)), 1)
        out.append({
            "hall": row.hall_id, "name": (row.config or {}).get("hall", {}).get("name") or row.name,
            "connected": connected, "since": iso(row.connected_since if connected else last),
            "last_contact_at": iso(last), "acked_seq": row.acked_seq,
            "acked_event_at": iso(row.acked_event_at), "branch_last_seq": row.branch_last_seq,
            "events_behind": behind, "lag_seconds": lag, "clock_offset_s": row.clock_offset_s,
            "config_version": row.config_version, "revoked": row.revoked_at is not None,
            "last_refusal": ({"code": row.last_refusal, "at": iso(row.last_refusal_at)}
                             if row.last_refusal else None),
            "node": row.node_id, "configuration": configuration_state(row)})
    return out


def configuration_state(row) -> dict:
    """Running vs desired configuration of a branch: `up_to_date` (nothing asked, or the branch
    runs it), `sent` (asked, the branch has not answered yet), `pending` (written on the
    branch, applied at its restart), `refused` (the branch's parser said no: `message`)."""
    running, desired = row.config_version, row.desired_version
    state = "up_to_date"
    if desired and desired != running:
        state = ("refused" if row.refused_version == desired else
                 "pending" if row.pending_version == desired else "sent")
    return {"running": running, "desired": desired if desired != running else None,
            "state": state, "desired_at": iso(row.desired_at), "desired_by": row.desired_by,
            "message": row.refused_message if state == "refused" else None,
            "users": users_state(row)}


def users_state(row) -> dict:
    """Running vs desired users list of a branch: `up_to_date` (nothing asked, or applied),
    `sent` (the branch has not applied it yet), `refused` (the branch said no: `message`)."""
    running, desired = row.users_version, row.desired_users_version
    state = "up_to_date"
    if desired and desired != running:
        state = "refused" if row.users_refused_version == desired else "sent"
    return {"running": running, "desired": desired if desired != running else None,
            "state": state, "message": row.users_refused_message if state == "refused" else None}


# -- the province: configuration flowing down ---------------------------------------------------
def set_desired(engine, hall_id: str, hall_file: dict, now, by: str, check_config=None) -> dict:
    """The province wants branch `hall_id` to run `hall_file` (`check_config(hall_file, hall_id)`
    raises BranchRefused for one the hall's parser refuses; the [branch] table stays the
    branch's own)."""
    version = config_version(hall_file)
    with engine.connect() as conn:
        known = conn.execute(sa.select(B.c.hall_id).where(
            B.c.hall_id == hall_id, B.c.revoked_at.is_(None))).first() is not None
    if not known:
        raise BranchRefused(404, "unknown_branch", f"Không có chi nhánh '{hall_id}' (unknown branch)")
    if check_config is not None:
        check_config(hall_file, hall_id)
    with engine.begin() as conn:
        done = conn.execute(sa.update(B).where(B.c.hall_id == hall_id, B.c.revoked_at.is_(None))
                            .values(desired_config=hall_file, desired_version=version,
                                    desired_at=now, desired_by=str(by)[:80]))
        if done.rowcount != 1:
            raise BranchRefused(404, "unknown_branch",
                                f"Không có chi nhánh '{hall_id}' (unknown branch)")
        row = conn.execute(sa.select(B).where(B.c.hall_id == hall_id)).first()
    return {"hall": hall_id, "desired_version": version, "configuration": configuration_state(row)}


def _wanted(engine, token, body: dict, hosted, value: str, version: str, key: str,
             missing: BranchRefused) -> dict:
    """What the province wants the authenticated branch to have: {version, <key>}."""
    with engine.connect() as conn:
        row = _authenticate(conn, token, body.get("hall"), body.get("node"), hosted)
    if getattr(row, value) is None:
        raise missing
    return {"version": getattr(row, version), key: getattr(row, value)}


def desired_config(engine, token, body: dict, hosted=()) -> dict:
    """The configuration the province wants this branch to run: {version, config}."""
    return _wanted(engine, token, body, hosted, "desired_config", "desired_version", "config",
                    BranchRefused(404, "no_desired_config", "Tỉnh chưa gửi cấu hình cho chi "
                                  "nhánh này (no configuration sent)"))


# -- the province: users flowing down ----------------------------------------------------------
USER_ROLES = ("clerk", "manager")      # the accounts a province sets for a branch


def check_users(users, counters, hashes=None) -> list[dict]:
    """A users list as both sides keep it, canonical (sorted by username): each
    {username, full_name, role, counters, password_hash, active}; raises ValueError.

    At the province (`hashes`: {username: hash} of its previous list) an entry gives a plain
    `password` (8+ characters) that is hashed here, so only hashes travel; without one the
    previous hash is kept, or None: the branch keeps the person's own password. At the branch
    (`hashes` None) an entry gives `password_hash` or none."""
    from werkzeug.security import generate_password_hash
    if not isinstance(users, list) or len(users) > 500:
        raise ValueError("users: a list of at most 500 accounts")
    out, seen = [], set()
    for n, user in enumerate(users):
        if not isinstance(user, dict):
            raise ValueError(f"users[{n}]: an object")
        name, full = user.get("username"), user.get("full_name")
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 60 or name != name.strip():
            raise ValueError(f"users[{n}].username: 1–60 characters, no surrounding spaces")
        if name in seen:
            raise ValueError(f"users[{n}].username: {name!r} is listed twice")
        seen.add(name)
        if not isinstance(full, str) or not 1 <= len(full.strip()) <= 120:
            raise ValueError(f"users[{n}].full_name: 1–120 characters")
        if user.get("role") not in USER_ROLES:
            raise ValueError(f"users[{n}].role: one of {', '.join(USER_ROLES)}")
        numbers = user.get("counters", [])
        if not isinstance(numbers, list) or any(
                isinstance(c, bool) or not isinstance(c, int) or c not in counters for c in numbers):
            raise ValueError(f"users[{n}].counters: numbers of this hall's counters "
                             f"({', '.join(map(str, sorted(counters)))})")
        active = user.get("active", True)
        if not isinstance(active, bool):
            raise ValueError(f"users[{n}].active: true or false")
        if hashes is not None:
            if "password_hash" in user:
                raise ValueError(f"users[{n}]: give a password, not a hash")
            password = user.get("password")
            if password is not None and (not isinstance(password, str) or len(password) < 8
                                         or len(password) > 200):
                raise ValueError(f"users[{n}].password: 8–200 characters")
            digest = generate_password_hash(password) if password else hashes.get(name)
        else:
            digest = user.get("password_hash")
            if digest is not None and (not isinstance(digest, str) or not 1 <= len(digest) <= 255):
                raise ValueError(f"users[{n}].password_hash: a password hash")
        out.append({"username": name, "full_name": full.strip(), "role": user["role"],
                    "counters": sorted(set(numbers)), "password_hash": digest, "active": active})
    return sorted(out, key=lambda u: u["username"])


def hall_counters(hall_file: dict) -> set[int]:
    from hall.config import parse_config
    return {c.number for c in parse_config(hall_file).counters}


def set_desired_users(engine, hall_id: str, users) -> dict:
    """The province wants branch `hall_id` to have these staff accounts (checked against the
    counters of the hall file the branch runs; BranchRefused 400 `bad_users`, nothing stored)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(B).where(B.c.hall_id == hall_id,
                                              B.c.revoked_at.is_(None))).first()
    if row is None:
        raise BranchRefused(404, "unknown_branch", f"Không có chi nhánh '{hall_id}' (unknown branch)")
    if row.config is None:
        raise BranchRefused(409, "hello_first", "the branch has not said hello yet: its counters "
                            "are not known")
    previous = {u["username"]: u["password_hash"] for u in row.desired_users or ()}
    try:
        listed = check_users(users, hall_counters(row.config), hashes=previous)
    except ValueError as error:
        raise BranchRefused(400, "bad_users", str(error)) from None
    version = config_version({"users": listed})
    with engine.begin() as conn:
        done = conn.execute(sa.update(B).where(B.c.hall_id == hall_id, B.c.revoked_at.is_(None))
                            .values(desired_users=listed, desired_users_version=version))
        if done.rowcount != 1:
            raise BranchRefused(404, "unknown_branch",
                                f"Không có chi nhánh '{hall_id}' (unknown branch)")
        row = conn.execute(sa.select(B).where(B.c.hall_id == hall_id)).first()
    return {"hall": hall_id, "desired_users_version": version, "users": users_state(row)}


def desired_users(engine, token, body: dict, hosted=()) -> dict:
    """The users list the province wants this branch to have: {version, users}."""
    return _wanted(engine, token, body, hosted, "desired_users", "desired_users_version",
                    "users", BranchRefused(404, "no_desired_users", "Tỉnh chưa gửi danh sách "
                                           "người dùng cho chi nhánh này (no users sent)"))
