"""Alembic migrations, run programmatically at start-up and by `flask db-upgrade`."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).parent


def alembic_config(engine) -> Config:
    """An Alembic config bound to an engine (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine) -> None:
    """Bring the schema to the latest revision."""
    command.upgrade(alembic_config(engine), "head")
