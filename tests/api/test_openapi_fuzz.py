"""Schemathesis against the live server's own OpenAPI document, once per role (issue 11).

A real server process (eventlet, fake devices) on a temporary SQLite database with the test
hall; the spec is read from GET /api/v1/openapi.json, as a client would. For every operation
and every caller (anonymous, each token role, clerk and manager login sessions) schemathesis
generates valid and invalid requests from a fixed seed, deterministically, and every response
must: not be a 5xx, have a documented status code, content type and headers, match the
documented body schema, refuse invalid data with a 4xx, answer an undocumented method with a
405 whose `Allow` lists exactly the documented ones, and, when it is an error, be JSON
{"error": {"code", "message"}} (tests/support/fuzz_hooks.py).

It runs schemathesis's CLI (the pytest plugin's `from_fixture` does not work with pytest 9):
the coverage phase plus FUZZ_EXAMPLES generated examples per operation, about 1,260 cases per
caller and 1.5 minutes of CPU in all; bench/RESULTS.md has the figures and what it found.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.support.live_server import ROOT, LiveServer

SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli"]

FUZZ_EXAMPLES = 12       # fuzzing-phase examples per operation and role (plus the coverage phase)
SEED = 20261130
PASSWORD = "mat-khau-fuzz-123"
HALL_ID = "test-hall"

# Who calls: a token role (with its counters), a login session, or nobody.
CALLERS = {
    "anonymous": None,
    "kiosk": ("token", "kiosk", ()),
    "display": ("token", "display", ()),
    "rating": ("token", "rating", (1,)),
    "clerk-token": ("token", "clerk", (1, 2)),
    "clerk-session": ("session", "clerk", "lan"),
    "manager-token": ("token", "manager", ()),
    "manager-session": ("session", "manager", "hoa"),
    "admin": ("token", "admin", ()),
}

CHECKS = {"not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance",
          "negative_data_rejection", "unsupported_method", "allow_header_conformance",
          "error_body_shape"}      # ours: tests/support/fuzz_hooks.py


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    from hall.clock import Clock
    from store.auth import create_token, create_user
    from store.engine import make_engine
    server = LiveServer(tmp_path_factory.mktemp("fuzz")).start()
    engine, now = make_engine(server.db_url), Clock().now()
    for username, role in (("lan", "clerk"), ("hoa", "manager")):
        create_user(engine, HALL_ID, username, PASSWORD, f"Fuzz {username}", role, [], now)
    server.mint = lambda role, counters: create_token(engine, HALL_ID, role, f"fuzz {role}",
                                                      counters, now)
    yield server
    server.stop()
    engine.dispose()


def _session_headers(server: LiveServer, username: str, role: str) -> dict:
    """Sign in through /login as a browser would; the cookie and the page's CSRF token (a
    clerk also takes counter 1, so that the counter's actions get past the door)."""
    browser = requests.Session()
    form = browser.get(server.url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    browser.post(server.url + "/login", timeout=10, allow_redirects=False,
                 data={"username": username, "password": PASSWORD, "csrf_token": token})
    page = "/counter/1" if role == "clerk" else "/manage"
    console = browser.get(server.url + page, timeout=10).text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', console).group(1)
    if role == "clerk":
        seated = browser.post(server.url + "/api/v1/counters/1/sign-in", timeout=10,
                              headers={"X-CSRFToken": csrf})
        assert seated.status_code == 200, seated.text
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    return {"Cookie": cookie, "X-CSRFToken": csrf}


def _caller_headers(server: LiveServer, caller: str) -> dict:
    spec = CALLERS[caller]
    if spec is None:
        return {}
    kind, role, extra = spec
    if kind == "token":
        return {"Authorization": f"Bearer {server.mint(role, extra)}"}
    return _session_headers(server, extra, role)


@pytest.mark.parametrize("caller", list(CALLERS))
def test_every_answer_is_documented(fuzz_server, caller, tmp_path):
    args = [*SCHEMATHESIS, "run", fuzz_server.url + "/api/v1/openapi.json",
            "--checks", ",".join(CHECKS), "--phases", "coverage,fuzzing", "--mode", "all",
            "--max-examples", str(FUZZ_EXAMPLES), "--seed", str(SEED),
            "--generation-deterministic",
            "--generation-with-security-parameters", "false", "--no-shrink",
            "--suppress-health-check", "all", "--workers", "1", "--request-timeout", "30",
            "--continue-on-failure", "--no-color", "--warnings", "off",
            "--report", "json,har", "--report-json-path", str(tmp_path / "report.json"),
            "--report-har-path", str(tmp_path / "report.har")]
    for name, value in _caller_headers(fuzz_server, caller).items():
        args += ["--header", f"{name}: {value}"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.support.fuzz_hooks",
           "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    run = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["complete"] and report["operations"]["errored"] == 0
    assert report["operations"]["tested"] == report["operations"]["total"]
    print(f"\n{caller}: {report['operations']['tested']} operations, "
          f"{report['test_cases']['generated']} cases, {elapsed:.1f} s, statuses "
          f"{_statuses(tmp_path / 'report.har')}")


def _statuses(har: Path) -> dict:
    """How many answers of each status the run saw (to show it got past the doors)."""
    entries = json.loads(har.read_text())["log"]["entries"]
    return dict(sorted(Counter(e["response"]["status"] for e in entries).items()))


def test_the_error_shape_check_can_fail():
    from types import SimpleNamespace

    from tests.support.fuzz_hooks import error_body_shape

    def answer(status, body):
        return SimpleNamespace(status_code=status, content=body)
    error_body_shape(None, answer(404, b'{"error": {"code": "x", "message": "y"}}'), None)
    error_body_shape(None, answer(200, b"<html>"), None)
    for bad in (b"<html>Not Found</html>", b'{"error": "x"}', b'{"error": {"code": "x"}}',
                b'{"message": "y"}'):
        with pytest.raises(AssertionError):
            error_body_shape(None, answer(404, bad), None)
