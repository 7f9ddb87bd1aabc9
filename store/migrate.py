"""Alembic migrations, run programmatically at start-up and by `flask db-upgrade`."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

HERE = Path(__file__).parent


def alembic_config(engine) -> Config:
    """An Alembic config bound to an engine (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine) -> None:
    """Bring the schema to the latest revision, once: processes starting together wait for
    the first one's migration instead of racing it."""
    from .locks import held
    with held(engine, "migrations"):
        command.upgrade(alembic_config(engine), "head")


def known_revisions() -> list[str]:
    """Every schema revision this release can upgrade from, oldest first."""
    script = ScriptDirectory(str(HERE / "migrations"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The schema revision this release runs on."""
    return known_revisions()[-1]
