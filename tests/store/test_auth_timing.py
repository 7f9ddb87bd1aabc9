"""Signing in with an unknown name costs the same hashing work as a wrong password."""
import time

import pytest
import sqlalchemy as sa

import store.auth
from store.auth import check_user, create_user
from store.bootstrap import prepare_database
from store.engine import make_engine


@pytest.fixture
def engine(tmp_path, config, clock):
    engine = make_engine(f"sqlite:///{tmp_path / 'luot.db'}")
    prepare_database(engine, config, clock.now())
    create_user(engine, config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan", "clerk", [], clock.now())
    create_user(engine, config.id, "cu", "mat-khau-456", "Người Cũ", "clerk", [], clock.now())
    with engine.begin() as conn:
        conn.execute(sa.update(store.auth.users).where(store.auth.users.c.username == "cu")
                     .values(active=False))
    yield engine
    engine.dispose()


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password hash the store verifies, as (hash method) in order."""
    seen = []
    real = store.auth.check_password_hash

    def counting(pwhash, password):
        seen.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)
    monkeypatch.setattr(store.auth, "check_password_hash", counting)
    return seen


@pytest.mark.parametrize("username", ["lan", "khong-co", "cu", ""],
                         ids=["known", "unknown", "inactive", "empty"])
def test_every_failed_sign_in_verifies_one_hash_of_the_same_kind(engine, config, hash_checks,
                                                                 username):
    assert check_user(engine, config.id, username, "sai-mat-khau") is None
    with engine.connect() as conn:
        stored = conn.execute(sa.select(store.auth.users.c.password_hash)).first()[0]
    assert hash_checks == [stored.split("$", 1)[0]]


def test_an_unknown_name_takes_about_as_long_as_a_wrong_password(engine, config):
    def fastest_of_three(username):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            check_user(engine, config.id, username, "sai-mat-khau")
            times.append(time.perf_counter() - start)
        return min(times)
    known, unknown = fastest_of_three("lan"), fastest_of_three("khong-co")
    assert unknown > known / 4, (known, unknown)     # it was 2 ms against 72 ms


def test_the_right_password_still_signs_in(engine, config):
    assert check_user(engine, config.id, "lan", "mat-khau-123").name == "Nguyễn Thị Lan"
    assert check_user(engine, config.id, "cu", "mat-khau-456") is None
