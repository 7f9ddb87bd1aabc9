"""The store tests run the hall's own tests again, on SQLite files (and PostgreSQL)."""
import pytest

from hall.core import build_hall
from store.bootstrap import prepare_database
from store.engine import make_engine
from store.sql import SqlStore
from tests.hall.conftest import clock, config, days, published, queries, service  # noqa: F401  (fixtures)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'luot.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def hall(engine, config, clock, published):  # noqa: F811
    prepare_database(engine, config, clock.now())
    return build_hall(config, SqlStore(engine, config.id), clock, publish=published.extend)
