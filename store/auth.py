"""Bearer tokens and user accounts; only hashes are stored."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from hall.clock import iso

from .tables import tokens, users

ROLES = ("kiosk", "display", "rating", "clerk", "manager", "admin",   # rating: a counter's rating screen
         "province")                                                  # every hall, read-only
DEVICE_ROLES = ("kiosk", "display", "rating")      # a device's token only, never a person
PROVINCE = "*"          # the hall_id of province accounts and tokens: valid in every hall


def _check_role(hall_id: str, role: str) -> None:
    """A province account belongs to no hall (hall "*"), and only province accounts do."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if (role == "province") != (hall_id == PROVINCE):
        raise ValueError("a province account has no hall, and only a province account has none")
# A touchscreen kiosk: a citizen takes at least 5 s to tap an area, a priority and take the
# ticket, so 12 a minute (a burst of 12, then one every 5 s) never slows a real queue, and
# a stolen token needs 80 minutes, not 22 seconds, to issue 1,000 tickets.
KIOSK_PER_MINUTE = 12
MAX_PER_MINUTE = 6000


@dataclass(frozen=True)
class Principal:
    """Who is acting: a device token or a signed-in person."""

    kind: str            # token | user
    id: int
    name: str
    role: str
    counters: tuple[int, ...] = ()
    max_per_minute: int = 0      # a kiosk token's ticket rate (0: no limit)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}:{self.name}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def rate_for(role: str, max_per_minute: int | None) -> int:
    """A token's ticket rate: the kiosk default unless given; only kiosks are limited."""
    if role != "kiosk":
        return 0
    rate = KIOSK_PER_MINUTE if max_per_minute is None else max_per_minute
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= MAX_PER_MINUTE:
        raise ValueError(f"max per minute must be a whole number from 0 to {MAX_PER_MINUTE}")
    return rate


def create_token(engine, hall_id: str, role: str, name: str, counter_numbers, now,
                 max_per_minute: int | None = None, conn=None) -> str:
    """Mint a bearer token; returns the secret (shown once, stored hashed). A kiosk token
    issues at most `max_per_minute` tickets a minute (default KIOSK_PER_MINUTE; 0: no
    limit)."""
    _check_role(hall_id, role)
    secret = "luot_" + secrets.token_urlsafe(32)
    values = dict(hall_id=hall_id, token_hash=hash_token(secret), role=role, name=name,
                  counters=sorted(set(int(c) for c in counter_numbers)), created_at=now,
                  max_per_minute=rate_for(role, max_per_minute))
    if conn is not None:
        conn.execute(sa.insert(tokens).values(**values))
        return secret
    with engine.begin() as conn:
        conn.execute(sa.insert(tokens).values(**values))
    return secret


# A hall's own tokens, and the province's (valid in every hall)
_SQL_TOKEN = sa.select(tokens).where(tokens.c.hall_id.in_([sa.bindparam("hall"), PROVINCE]),
                                     tokens.c.token_hash == sa.bindparam("hash"),
                                     tokens.c.revoked_at.is_(None))


def find_token(engine, hall_id: str, secret: str) -> Principal | None:
    """The principal behind a bearer token of this hall or of the province, or None if
    unknown or revoked."""
    if not secret or len(secret) > 200:
        return None
    with engine.connect().execution_options(luot_readonly=True) as conn:
        row = conn.execute(_SQL_TOKEN, {"hall": hall_id, "hash": hash_token(secret)}).first()
    if row is None:
        return None
    return Principal("token", row.id, row.name, row.role, tuple(row.counters or ()),
                     row.max_per_minute)


def token_hall(engine, secret: str) -> str | None:
    """The hall of a valid token, whichever hall it is (None if unknown or revoked)."""
    if not secret or len(secret) > 200:
        return None
    with engine.connect().execution_options(luot_readonly=True) as conn:
        return conn.execute(sa.select(tokens.c.hall_id).where(
            tokens.c.token_hash == hash_token(secret), tokens.c.revoked_at.is_(None))).scalar()


def list_tokens(engine, hall_id: str) -> list[dict]:
    """Every token of the hall, newest first (never the secret, not even its hash)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tokens.c.id, tokens.c.role, tokens.c.name, tokens.c.counters,
                                      tokens.c.created_at, tokens.c.revoked_at,
                                      tokens.c.max_per_minute, tokens.c.last_limited_at)
                            .where(tokens.c.hall_id == hall_id).order_by(tokens.c.id.desc()))
        return [{"id": r.id, "role": r.role, "name": r.name, "counters": list(r.counters or ()),
                 "created_at": iso(r.created_at), "revoked_at": iso(r.revoked_at),
                 "max_per_minute": r.max_per_minute, "last_limited_at": iso(r.last_limited_at)}
                for r in rows]


def revoke_token(engine, token_id: int, now) -> bool:
    with engine.begin() as conn:
        return conn.execute(sa.update(tokens).where(tokens.c.id == token_id)
                            .values(revoked_at=now)).rowcount == 1


def create_user(engine, hall_id: str, username: str, password: str, full_name: str, role: str,
                counter_numbers, now) -> int:
    """Create a person who signs in; the password is stored as a salted hash. A device role
    (kiosk, display, rating) is a token's, never a person's."""
    _check_role(hall_id, role)
    if role in DEVICE_ROLES:
        raise ValueError(f"a person's role must be one of "
                         f"{', '.join(r for r in ROLES if r not in DEVICE_ROLES)}")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    with engine.begin() as conn:
        result = conn.execute(sa.insert(users).values(
            hall_id=hall_id, username=username, password_hash=generate_password_hash(password),
            full_name=full_name, role=role, counters=sorted(set(int(c) for c in counter_numbers)),
            created_at=now, active=True))
        return result.inserted_primary_key[0]


def _user_principal(row) -> Principal:
    return Principal("user", row.id, row.full_name, row.role, tuple(row.counters or ()))


@cache
def _dummy_hash() -> str:
    """A hash made like a real one, of a password nobody knows (made on first use)."""
    return generate_password_hash(secrets.token_hex(16))


def check_user(engine, hall_id: str, username: str, password: str) -> Principal | None:
    """The user (of this hall, else of the province) if the password matches, else None.

    An unknown or inactive name is checked against a dummy hash, so that it costs the same
    time as a wrong password and the answer's timing does not tell which names exist.
    """
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(
            users.c.hall_id.in_([hall_id, PROVINCE]), users.c.username == username, users.c.active)
            .order_by(users.c.hall_id == PROVINCE)).first()      # the hall's own name first
    matches = check_password_hash(row.password_hash if row else _dummy_hash(), password)
    return _user_principal(row) if row is not None and matches else None


def get_user(engine, hall_id: str, user_id: int) -> Principal | None:
    """An active account of this hall or of the province."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(
            users.c.hall_id.in_([hall_id, PROVINCE]), users.c.id == user_id, users.c.active)).first()
    return _user_principal(row) if row else None


def count_users(engine, hall_id: str) -> int:
    """How many accounts the hall has."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(users)
                            .where(users.c.hall_id == hall_id)).scalar()


def apply_users(engine, hall_id: str, listed: list[dict], now) -> list[int]:
    """Apply a users list from the province (store.branches.check_users) in one transaction:
    create the missing accounts, update name, role, counters and (when given) the password hash
    of the listed ones (never an admin's: ValueError), deactivate (never delete: the record names them) those listed inactive
    and end their sessions. Returns the ids deactivated now. ValueError (nothing changed) for a
    new account without a password hash."""
    from .sessions import end_user_sessions
    deactivated = []
    with engine.begin() as conn:
        rows = {r.username: r for r in conn.execute(
            sa.select(users).where(users.c.hall_id == hall_id))}
        for user in listed:
            values = {"full_name": user["full_name"], "role": user["role"],
                      "counters": user["counters"], "active": user["active"]}
            if user["password_hash"]:
                values["password_hash"] = user["password_hash"]
            row = rows.get(user["username"])
            if row is not None and row.role == "admin":
                raise ValueError(f"{user['username']} is an admin of this hall: admins stay "
                                 "the hall's own")
            if row is None:
                if not user["password_hash"]:
                    raise ValueError(f"{user['username']}: a new account needs a password")
                conn.execute(sa.insert(users).values(hall_id=hall_id, username=user["username"],
                                                     created_at=now, **values))
                continue
            conn.execute(sa.update(users).where(users.c.id == row.id).values(**values))
            if not user["active"]:
                end_user_sessions(engine, hall_id, row.id, now, conn=conn)
                if row.active:
                    deactivated.append(row.id)
    return deactivated
