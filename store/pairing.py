"""One-time pairing codes: how a kiosk, a display or a rating screen gets its token without a
secret in an address.

A manager makes a code (8 digits) for a device's role, name, counter and ticket rate; staff
type it on the device's locked screen within a few minutes; the device receives a new token
and keeps it. A code is stored hashed, works once, expires, and dies after a few wrong
attempts: every wrong code typed in the hall counts against every code still pending there
(a guesser cannot tell which code a guess was aimed at), so guessing stays hopeless.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from hall.clock import iso

from .auth import create_token, hash_token, rate_for
from .tables import pairing_codes, tokens

CODE_DIGITS = 8
VALID_MINUTES = 10
MAX_ATTEMPTS = 5


def _hash(hall_id: str, code: str) -> str:
    return hashlib.sha256(f"{hall_id}:{code}".encode("utf-8")).hexdigest()


def shown(code: str) -> str:
    """The code as people read it: 1234 5678."""
    return f"{code[:4]} {code[4:]}"


def make_code(engine, hall_id: str, role: str, name: str, counters, max_per_minute, created_by,
              now) -> dict:
    """A new pairing code for one device; the code is returned once, only its hash kept."""
    rate = rate_for(role, max_per_minute)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    expires = now + timedelta(minutes=VALID_MINUTES)
    with engine.begin() as conn:
        made = conn.execute(sa.insert(pairing_codes).values(
            hall_id=hall_id, code_hash=_hash(hall_id, code), role=role, name=name,
            counters=sorted(set(int(c) for c in counters)), max_per_minute=rate,
            created_by=created_by, created_at=now, expires_at=expires))
    return {"id": made.inserted_primary_key[0], "code": shown(code), "role": role, "name": name,
            "counters": sorted(set(int(c) for c in counters)), "max_per_minute": rate,
            "expires_at": iso(expires), "valid_minutes": VALID_MINUTES}


def _digits(typed) -> str | None:
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    code = re.sub(r"[\s\-.]", "", typed)
    return code if len(code) == CODE_DIGITS and code.isascii() and code.isdigit() else None


class PairingRefused(Exception):
    """The code is wrong, used, expired or worn out (`reason`: wrong | other_device)."""

    def __init__(self, reason: str, role: str | None = None, counters=()):
        super().__init__(reason)
        self.reason, self.role, self.counters = reason, role, counters


def redeem(engine, hall_id: str, typed, now, role: str, counter: int | None = None) -> dict:
    """Turn a pending code into the device's token: {secret, token: {id, role, name, counters,
    max_per_minute}}. `role` (and a rating screen's `counter`) is the device asking: a code
    made for another kind of device is refused and stays usable. PairingRefused otherwise."""
    code = _digits(typed)
    live = sa.and_(pairing_codes.c.hall_id == hall_id, pairing_codes.c.used_at.is_(None),
                   pairing_codes.c.expires_at > now, pairing_codes.c.attempts < MAX_ATTEMPTS)
    with engine.begin() as conn:
        row = None if code is None else conn.execute(sa.select(pairing_codes).where(
            live, pairing_codes.c.code_hash == _hash(hall_id, code))).first()
        if row is None:
            conn.execute(sa.update(pairing_codes).where(live)
                         .values(attempts=pairing_codes.c.attempts + 1))
        elif row.role != role or (counter is not None and counter not in (row.counters or ())):
            raise PairingRefused("other_device", row.role, tuple(row.counters or ()))
        elif conn.execute(sa.update(pairing_codes).where(live, pairing_codes.c.id == row.id)
                          .values(used_at=now)).rowcount == 1:
            secret = create_token(engine, hall_id, row.role, row.name, row.counters or (), now,
                                  row.max_per_minute, conn=conn)
            token_id = conn.execute(sa.select(tokens.c.id).where(
                tokens.c.token_hash == hash_token(secret))).scalar()
            conn.execute(sa.update(pairing_codes).where(pairing_codes.c.id == row.id)
                         .values(token_id=token_id))
            return {"secret": secret, "token": {
                "id": token_id, "role": row.role, "name": row.name,
                "counters": list(row.counters or ()), "max_per_minute": row.max_per_minute}}
    raise PairingRefused("wrong")


def pending(engine, hall_id: str, now) -> list[dict]:
    """Codes still waiting for their device (never the code): name, role, until when."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(pairing_codes).where(
            pairing_codes.c.hall_id == hall_id, pairing_codes.c.used_at.is_(None),
            pairing_codes.c.expires_at > now, pairing_codes.c.attempts < MAX_ATTEMPTS)
            .order_by(pairing_codes.c.id.desc()))
        return [{"id": r.id, "role": r.role, "name": r.name, "counters": list(r.counters or ()),
                 "expires_at": iso(r.expires_at), "attempts": r.attempts} for r in rows]
