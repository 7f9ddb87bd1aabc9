"""/api/v1/province: what a province server offers its branch halls (forwarding their record)
and its staff (the branches' status and figures). See docs/api.md, "Branches"."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request

from hall.errors import InvalidInput, NotFound

from .auth import current_principal, require_role
from .errors import error_body
from .inputs import parse_json

bp = Blueprint("province", __name__, url_prefix="/province")


def _deployment():
    return current_app.extensions["deployment"]


def _token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


def _refused(error):
    from store.branches import note_refusal
    deployment = _deployment()
    note_refusal(deployment.engine, _token(), error, deployment.clock.now())
    return error_body(error.code, error.message, error.status, **error.details)


def _check_hall_file(hall_file: dict, hall_id) -> None:
    """A branch's hall file must be one the province can read (its reports need it)."""
    from hall.config import parse_config
    from hall.errors import ConfigError
    from store.branches import BranchRefused
    try:
        config = parse_config(hall_file)
    except (ConfigError, AttributeError, KeyError, TypeError, ValueError) as error:
        raise BranchRefused(400, "bad_config", f"the branch's hall file: {error}") from None
    if config.id != hall_id:
        raise BranchRefused(400, "bad_config", f"the hall file is hall {config.id}, not {hall_id}")


def _branch_body() -> tuple[bytes, dict]:
    from store.branches import BranchRefused, verify_signature
    deployment = _deployment()
    raw = request.get_data(cache=True)
    verify_signature(deployment.engine, _token(), raw, request.headers.get("X-Luot-Signature"))
    try:
        body = parse_json(raw)
    except InvalidInput as error:
        raise BranchRefused(400, "invalid_batch", error.message) from None
    if not isinstance(body, dict):
        raise BranchRefused(400, "invalid_batch", "the body must be a JSON object")
    return raw, body


@bp.post("/branch/hello")
def branch_hello():
    """A branch node announces itself with its hall file; answers the acknowledged seq."""
    from store.branches import BranchRefused, hello
    deployment = _deployment()
    try:
        _, body = _branch_body()
        answer = hello(deployment.engine, _token(), body, deployment.clock.now(),
                       hosted=set(deployment.halls), check_config=_check_hall_file)
    except BranchRefused as error:
        return _refused(error)
    return jsonify(answer)


@bp.post("/branch/events")
def branch_events():
    """A batch of a branch's events after the acknowledged seq; answers the new one."""
    from store.branches import BranchRefused, ingest
    deployment = _deployment()
    try:
        _, body = _branch_body()
        answer = ingest(deployment.engine, _token(), body, deployment.clock.now(),
                        hosted=set(deployment.halls))
    except BranchRefused as error:
        return _refused(error)
    return jsonify(answer)


@bp.post("/branch/config")
def branch_config():
    """The configuration the province wants this branch to run: {version, config}. A POST with
    a signed body like the other branch routes (the branch's credential reads only its own)."""
    from store.branches import desired_config
    return _signed_fetch(desired_config)


def _signed_fetch(fetch):
    """A branch's signed POST for what the province wants it to have (its own hall only)."""
    from store.branches import BranchRefused
    deployment = _deployment()
    try:
        _, body = _branch_body()
        answer = fetch(deployment.engine, _token(), body, hosted=set(deployment.halls))
    except BranchRefused as error:
        return _refused(error)
    return current_app.response_class(json.dumps(answer, ensure_ascii=False),
                                      mimetype="application/json")


@bp.put("/branches/<hall_id>/config")
@require_role("admin")
def put_branch_config(hall_id: str):
    """The province's admin sets the hall file a branch should run (without its [branch] table,
    which stays the branch's own): `config` (the hall file as JSON) or `toml` (its text, as
    the editing page sends it). Checked here with the hall's parser; the branch checks it
    again with all of its parsers before writing it, and runs it from its first quiet moment."""
    from store.branches import BranchRefused, set_desired
    deployment = _deployment()
    body = parse_json(request.get_data(cache=True))
    body = body if isinstance(body, dict) else {}
    hall_file = body.get("config")
    if hall_file is None and isinstance(body.get("toml"), str):
        hall_file = _parse_toml(body["toml"])
    if not isinstance(hall_file, dict):
        raise InvalidInput("config: the hall file as a JSON object (or toml: its text)",
                           code="bad_config")
    if "branch" in hall_file:
        raise InvalidInput("config: the [branch] table stays on the branch (its province address "
                           "and credential); leave it out", code="bad_config")
    principal = current_principal()
    try:
        answer = set_desired(deployment.engine, hall_id, hall_file, deployment.clock.now(),
                             principal.label if principal else "?", check_config=_check_hall_file)
    except BranchRefused as error:
        return error_body(error.code, error.message, error.status, **error.details)
    return jsonify(answer)


def _parse_toml(text: str) -> dict:
    """A hall file's text (the request body's 64 kB limit bounds it), or 400 bad_config
    saying where it is wrong."""
    import tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"Tệp cấu hình sai cú pháp TOML (the hall file is not valid TOML): "
                           f"{error}", code="bad_config") from None


@bp.get("/branches/<hall_id>/config")
@require_role("manager")
def get_branch_config(hall_id: str):
    """A branch's hall files: the one it runs (as it said at hello) and the one the province
    wants it to run, each as JSON and as TOML text, with the state (docs/deployment.md)."""
    import tomli_w
    from store.branches import branch_config
    found = branch_config(_deployment().engine, hall_id)
    if found is None:
        raise NotFound(f"Không có chi nhánh '{hall_id[:40]}' (unknown branch)", code="unknown_branch")
    for key in ("running", "desired"):
        part = found[key]
        if part and part["config"] is not None:
            part["toml"] = tomli_w.dumps(part["config"])
    return jsonify(found)


@bp.post("/branch/users")
def branch_users():
    """The staff accounts the province wants this branch to have: {version, users} (password
    hashes only). A signed POST like /branch/config (a branch reads only its own)."""
    from store.branches import desired_users
    return _signed_fetch(desired_users)


@bp.put("/branches/<hall_id>/users")
@require_role("admin")
def put_branch_users(hall_id: str):
    """The province's admin sets the staff accounts a branch should have: {"users": [...]}
    (clerk or manager; counters of the hall file the branch runs; a plain password, hashed
    here). The branch applies the list at once when it is connected."""
    from store.branches import BranchRefused, set_desired_users
    deployment = _deployment()
    body = parse_json(request.get_data(cache=True))
    if not isinstance(body, dict) or not isinstance(body.get("users"), list):
        raise InvalidInput("users: a list of accounts", code="bad_users")
    try:
        answer = set_desired_users(deployment.engine, hall_id, body["users"])
    except BranchRefused as error:
        return error_body(error.code, error.message, error.status, **error.details)
    return jsonify(answer)


def branch_overview(deployment) -> list[dict]:
    """Every branch's status, with today's figures of the connected ones (from the projection)."""
    from hall.clock import business_date
    from store.branches import branch_configs, branch_status
    now = deployment.clock.now()
    configs = branch_configs(deployment.engine)
    rows = branch_status(deployment.engine, now)
    for row in rows:
        row["today"] = None
        if row["connected"] and row["hall"] in configs:
            totals = _report(deployment, row["hall"], configs[row["hall"]], business_date(now),
                             business_date(now), ("area",))["totals"]
            row["today"] = {key: totals.get(key) for key in (
                "issued", "served", "no_show", "open", "wait_median_min", "on_time_share",
                "ratings", "satisfaction")}
    return rows


def _report(deployment, hall_id, hall_file, start, end, dimensions=None) -> dict:
    from hall.config import parse_config
    from store.reports import Period, period_report
    config = parse_config(hall_file)
    return period_report(deployment.engine, config, Period(start, end), deployment.clock.now(),
                         dimensions)


@bp.get("/branches")
@require_role("manager")
def branches():
    """Every branch: connected or not and since when, how far its record reached, the lag,
    the clock offset, and today's figures while connected."""
    deployment = _deployment()
    return jsonify({"generated_at": _now_iso(deployment), "branches": branch_overview(deployment)})


def _now_iso(deployment) -> str:
    from hall.clock import iso
    return iso(deployment.clock.now())


@bp.get("/branches/<hall_id>/report")
@require_role("manager")
def branch_report(hall_id: str):
    """A branch's period report computed at the province from its forwarded record
    (?from=&to=&by= as GET /api/v1/reports)."""
    from store.branches import branch_configs
    from .reports import _dimensions, _period
    deployment = _deployment()
    hall_file = branch_configs(deployment.engine).get(hall_id)
    if hall_file is None:
        raise NotFound(f"Không có chi nhánh '{hall_id}' (unknown branch)", code="unknown_branch")
    period = _period()
    report = _report(deployment, hall_id, hall_file, period.start, period.end,
                     _dimensions(period))
    report["forwarded"] = True
    return current_app.response_class(json.dumps(report, ensure_ascii=False),
                                      mimetype="application/json")
