"""Databases for tests: a fresh PostgreSQL database on the session's throwaway server."""
from __future__ import annotations

import secrets


def fresh_postgres_database(server_url: str) -> str:
    """Create an empty database on the throwaway server; return its URL."""
    import sqlalchemy as sa
    name = "luot_" + secrets.token_hex(4)
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
