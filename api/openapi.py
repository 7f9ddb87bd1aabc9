"""The API as OpenAPI 3.0 (served at /api/v1/openapi.json).

The document describes one hall: its area ids, priority categories and counter numbers are
enums, so that a client can check a request before sending it; every range, length and enum
here is one the server enforces.
"""
from __future__ import annotations

from hall.commands import COUNTER_COMMANDS

from .inputs import INT64_MAX
from .reports import DAY_FORMATS, REPORT_FORMATS
from .routes import MAX_EVENTS

TICKET_ID = {"type": "string", "minLength": 1, "maxLength": 64}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": {"$ref": "#/components/responses/Invalid"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "409": {"$ref": "#/components/responses/Conflict"},
}

SESSION_ACTIONS = {
    "sign-in": "A signed-in clerk takes the counter (409 counter_taken names the holder; "
               "a token: 403 person_only)",
    "sign-out": "The clerk leaves the counter; a signed-in manager may release anyone "
                "(a token: 403 person_only)",
}


def _counter_number(config) -> dict:
    """The path parameter n: one of the hall's counters (404 unknown_counter otherwise)."""
    return {"name": "n", "in": "path", "required": True,
            "schema": {"type": "integer", "enum": [c.number for c in config.counters]}}


def _counter_operation(summary: str, fields, session_only: bool, config) -> dict:
    operation = {
        "summary": summary, "tags": ["counters"],
        "security": [{"session": [], "csrf": []}] if session_only
        else [{"bearer": []}, {"session": [], "csrf": []}],
        "parameters": [_counter_number(config)],
        "responses": {"200": _json(_ref("Counter"), "The counter's new state"), **ERRORS},
    }
    if fields:
        enums = {"area": [a.id for a in config.areas]}
        properties = {f.name: {"type": "string", "minLength": 1, "maxLength": f.max_length,
                               "description": f.description,
                               **({"enum": enums[f.name]} if f.name in enums else {})}
                      for f in fields}
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"type": "object", "required": [f.name for f in fields],
                       "properties": properties}}}}
    return operation


def _rating_paths(config) -> dict:
    """Rating a served ticket (phone page or rating screen) and reading ratings."""
    scale = config.rating
    levels = [lv.value for lv in scale.levels]
    reasons = {"type": "array", "maxItems": 5, "items": {
        "type": "string", "enum": [r.id for r in scale.reasons]},
        "description": f"only with the lowest level ({scale.lowest})"}
    phone = {"type": "object", "required": ["ticket", "level"], "properties": {
        "ticket": {**TICKET_ID, "description": "the ticket's id (phone page)"},
        "level": {"type": "integer", "enum": levels}, "reasons": reasons}}
    screen = {"type": "object", "required": ["counter", "public_id", "level"], "properties": {
        "counter": {"type": "integer", "enum": [c.number for c in config.counters]},
        "public_id": {"type": "string", "minLength": 1, "maxLength": 64,
                      "description": "the public id of the ticket the screen invites to rate"},
        "level": {"type": "integer", "enum": levels}, "reasons": reasons}}
    # 400 invalid_reason otherwise: reasons (non-empty) only with the lowest level
    reasons_rule = {"anyOf": [{"properties": {"level": {"enum": [scale.lowest]}}},
                              {"properties": {"reasons": {"maxItems": 0}}}]}
    phone.update(reasons_rule)
    screen.update(reasons_rule)
    return {
        "/api/v1/ratings": {"post": {
            "summary": "Rate a served ticket: the phone page by its id (anonymous), or a counter's "
                       "rating screen (rating token) the ticket its counter finished last, while "
                       "invited (409 nothing_to_rate, not_invited, not_served, already_rated, "
                       "rating_closed)",
            "tags": ["ratings"], "security": [{}, {"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "oneOf": [phone, screen]}}}},
            "responses": {"201": _json(_ref("Rating"), "The rating"), **ERRORS}}},
        "/api/v1/tickets/{id}/rating": {"get": {
            "security": [], "summary": "A ticket's rating, whether it can be rated now, the scale",
            "tags": ["ratings"], "parameters": _id_param(),
            "responses": {"200": _json({"type": "object", "properties": {
                "rating": {"allOf": [_ref("Rating")], "nullable": True},
                "open": {"type": "boolean", "description": "served today and not rated yet"},
                "scale": {"type": "object", "description": "levels, reasons, ask_reasons_at, "
                                                           "invite_seconds"}}}, "Rating"),
                          "404": ERRORS["404"]}}},
        "/api/v1/me/ratings": {"get": {
            "summary": "The signed-in clerk's ratings today: count, satisfied, per level, the "
                       "reasons of the latest low ones", "tags": ["ratings"],
            "security": [{"session": []}, {"bearer": []}],
            "responses": {"200": _json({"type": "object"}, "Figures"), **ERRORS}}},
    }


def _counter_paths(config) -> dict:
    """One path per command of the domain's vocabulary, plus sign-in and sign-out."""
    paths = {f"/api/v1/counters/{{n}}/{c.name}":
             {"post": _counter_operation(c.summary, c.fields, False, config)}
             for c in COUNTER_COMMANDS}
    paths.update({f"/api/v1/counters/{{n}}/{name}":
                  {"post": _counter_operation(summary, (), True, config)}
                  for name, summary in SESSION_ACTIONS.items()})
    return paths


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "object"}}}}},
    "Ticket": {"type": "object", "properties": {
        "id": {"type": "string", "description": "unguessable id"},
        "number": {"type": "string", "example": "1023"},
        "area": {"type": "string"}, "area_name": {"type": "string"},
        "priority": {"type": "string", "nullable": True},
        "priority_label": {"type": "string", "nullable": True},
        "status": {"type": "string", "enum": ["waiting", "called", "served", "no_show",
                                              "transferred", "expired", "withdrawn"]},
        "issued_at": {"type": "string", "format": "date-time"},
        "called_at": {"type": "string", "format": "date-time", "nullable": True,
                      "description": "the latest call (a recall moves it)"},
        "first_called_at": {"type": "string", "format": "date-time", "nullable": True,
                            "description": "the first call: the wait ends, the service starts"},
        "counter": {"type": "integer", "nullable": True},
        "ahead": {"type": "integer"},
        "estimated_wait_min": {"type": "integer", "nullable": True},
        "business_date": {"type": "string", "format": "date"},
        "session": {"type": "string", "nullable": True},
        "dossier_code": {"type": "string", "nullable": True},
        "transferred_to": {"type": "string", "nullable": True}}},
    "Counter": {"type": "object", "properties": {
        "number": {"type": "integer"}, "name": {"type": "string"},
        "areas": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string", "enum": ["idle", "serving", "paused", "closed"]},
        "presence": {"type": "string", "enum": ["absent", "present", "away"],
                     "description": "whether a clerk staffs the counter"},
        "shown_as": {"type": "string", "enum": ["closed", "paused", "away", "idle", "serving"],
                     "description": "what displays show: closed unless staffed"},
        "pause_reason": {"type": "string", "nullable": True},
        "current": {"allOf": [_ref("Ticket")], "nullable": True},
        "clerk": {"type": "string", "nullable": True},
        "actions": {"type": "array", "description": "commands the counter can run now",
                    "items": {"type": "string", "enum": [c.name for c in COUNTER_COMMANDS]}}}},
    "Area": {"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "waiting": {"type": "integer"},
        "open": {"type": "boolean"},
        "closed_reason": {"type": "string", "nullable": True,
                          "enum": ["outside_hours", "full", "no_counter", None]},
        "next_open": {"type": "string", "format": "date-time", "nullable": True},
        "estimated_wait_min": {"type": "integer", "nullable": True},
        "counters": {"type": "array", "items": {"type": "integer"},
                     "description": "counters configured to serve the area"},
        "open_counters": {"type": "array", "items": {"type": "integer"},
                          "description": "of those, the ones staffed and calling now"}}},
    "Snapshot": {"type": "object", "properties": {
        "seq": {"type": "integer"}, "business_date": {"type": "string", "format": "date"},
        "hall": {"type": "object"},
        "areas": {"type": "array", "items": _ref("Area")},
        "counters": {"type": "array", "items": _ref("Counter")},
        "recent_calls": {"type": "array", "items": {"type": "object"}}}},
    "Rating": {"type": "object", "properties": {
        "public_id": {"type": "string"}, "number": {"type": "string"},
        "level": {"type": "integer"}, "reasons": {"type": "array", "items": {"type": "string"}},
        "source": {"type": "string", "enum": ["screen", "phone", "keypad"]},
        "area": {"type": "string"}, "counter": {"type": "integer", "nullable": True},
        "business_date": {"type": "string", "format": "date"}}},
    "AuditEvent": {"type": "object", "properties": {
        "seq": {"type": "integer"}, "name": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "actor": {"type": "string", "nullable": True}, "ticket_id": {"type": "string", "nullable": True},
        "area": {"type": "string", "nullable": True}, "counter": {"type": "integer", "nullable": True},
        "payload": {"type": "object", "description": "the event as watchers received it"},
        "text": {"type": "string", "nullable": True,
                 "description": "the event in one Vietnamese sentence; null when it only echoes another"},
        "by": {"type": "string", "description": "who did it, in words"}}},
}


def _error_response(description: str) -> dict:
    return _json(_ref("Error"), description)


def _id_param(schema: dict = TICKET_ID) -> list[dict]:
    return [{"name": "id", "in": "path", "required": True, "schema": schema}]


def _report_paths() -> dict:
    """The reports: a period as JSON, Excel or CSV; the day report; the public figures."""
    from store.reports import MAX_DAYS
    from store.reports.fields import DIMENSIONS
    day = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    manager = {"tags": ["reports"], "security": [{"bearer": []}, {"session": []}]}
    return {
        "/api/v1/reports": {"get": {
            **manager,
            "summary": f"A period's figures, in total and per grouping (manager); at most {MAX_DAYS} days",
            "parameters": [
                {"name": "from", "in": "query", "schema": day, "description": "first business day (default today)"},
                {"name": "to", "in": "query", "schema": day, "description": "last business day, included (default today)"},
                {"name": "by", "in": "query", "style": "form", "explode": False,
                 "schema": {"type": "array", "items": {"type": "string", "enum": list(DIMENSIONS)}},
                 "description": "groupings, comma-separated (default: area, counter, clerk, the "
                                "period's grain, hour, weekday-hour)"},
                {"name": "format", "in": "query", "schema": {
                    "type": "string", "enum": list(REPORT_FORMATS), "default": REPORT_FORMATS[0]},
                 "description": "json; xlsx: the workbook; csv: one line per ticket"}],
            "responses": {"200": {"description": "Report", "content": {
                "application/json": {"schema": _ref("PeriodReport")},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                "text/csv": {}}}, **ERRORS}}},
        "/api/v1/reports/day": {"get": {
            **manager,
            "summary": "A day's figures per area, counter and clerk (manager; the earlier shape)",
            "parameters": [{"name": "date", "in": "query", "schema": day},
                           {"name": "format", "in": "query", "schema": {
                               "type": "string", "enum": list(DAY_FORMATS), "default": DAY_FORMATS[0]}}],
            "responses": {"200": {"description": "Report", "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, **ERRORS}}},
        "/api/v1/public/figures": {"get": {
            "security": [], "tags": ["reports"],
            "summary": "The centre's figures today and this month, per area (public, no personal data)",
            "responses": {"200": _json({"type": "object", "properties": {
                "centre": {"type": "object"}, "business_date": {"type": "string", "format": "date"},
                "today": {"type": "object"}, "month": {"type": "object"}}}, "Figures")}}},
    }


def _province_paths() -> dict:
    """The province overview's snapshot: at the deployment's root only."""
    count = {"type": "integer", "minimum": 0}
    row = {"type": "object", "description": "one hall (docs/api.md, The province)", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "short_name": {"type": "string"},
        "default": {"type": "boolean"}, "waiting": count,
        "oldest_waiting_at": {"type": "string", "format": "date-time", "nullable": True},
        "longest_wait_min": {"type": "integer", "nullable": True},
        "long_wait_minutes": count, "counters_open": count, "counters_serving": count,
        "counters_total": count, "device_faults": count, "devices_total": count,
        "served_today": count, "ratings_today": count,
        "satisfaction": {"type": "number", "nullable": True, "minimum": 0, "maximum": 1},
        "links": {"type": "object", "additionalProperties": {"type": "string"}},
        "updated_at": {"type": "string", "format": "date-time"}}}
    return {"/api/v1/province": {"get": {
        "tags": ["province"], "security": [{"bearer": []}, {"session": []}],
        "servers": [{"url": "/", "description": "the deployment's root (not under /h/{hall})"}],
        "summary": "Every hall's live figures (province accounts and tokens only)",
        "responses": {"200": _json({"type": "object", "properties": {
            "now": {"type": "string", "format": "date-time"},
            "push_seconds": {"type": "number"},
            "halls": {"type": "array", "items": row}}}, "Every hall"), **ERRORS}}}}


def _branch_paths() -> dict:
    """A province server's routes for its branch halls (docs/api.md, "Branches")."""
    branch = {"tags": ["province"], "security": [{"bearer": []}],
              "parameters": [{"name": "X-Luot-Signature", "in": "header", "required": True,
                              "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
                              "description": "HMAC-SHA256 of the raw body with the branch's key"}]}
    manager = {"tags": ["province"], "security": [{"bearer": []}, {"session": []}]}
    answer = _json({"type": "object", "properties": {"acked": {"type": "integer"}}}, "The cursor")
    return {
        "/api/v1/province/branch/hello": {"post": {
            **branch, "summary": "A branch node announces itself with its hall file; answers the "
                                 "acknowledged seq (branch credential)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall", "node", "config"]}}}},
            "responses": {"200": answer, **ERRORS}}},
        "/api/v1/province/branch/events": {"post": {
            **branch, "summary": "A batch of a branch's events after the acknowledged seq, in "
                                 "order; answers {acked, stored, replayed} (branch credential)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall", "node", "events"]}}}},
            "responses": {"200": answer, **ERRORS}}},
        "/api/v1/province/branch/config": {"post": {
            **branch, "summary": "The hall file the province wants this branch to run: "
                                 "{version, config} (branch credential; its own hall only)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall", "node"]}}}},
            "responses": {"200": _json({"type": "object", "properties": {
                "version": {"type": "string"}, "config": {"type": "object"}}}, "Configuration"),
                **ERRORS}}},
        "/api/v1/province/branches/{hall}/config": {"put": {
            "tags": ["province"], "security": [{"bearer": []}, {"session": []}],
            "summary": "Set the hall file a branch should run, without its [branch] table "
                       "(admin of the province server; province accounts are read-only): "
                       "`config` (JSON) or `toml` (its text); checked with the hall's parser, "
                       "400 bad_config and nothing stored if not",
            "parameters": [{"name": "hall", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"config": {"type": "object"},
                               "toml": {"type": "string"}}}}}},
            "responses": {"200": _json({"type": "object", "properties": {
                "hall": {"type": "string"}, "desired_version": {"type": "string"},
                "configuration": {"type": "object"}}}, "Desired configuration"), **ERRORS}}, "get": {
            "tags": ["province"], "security": [{"bearer": []}, {"session": []}],
            "summary": "A branch's hall files: the one it runs and the one the province wants "
                       "it to run, each as JSON and TOML text, and the state (manager, province "
                       "accounts, admin); 404 unknown_branch",
            "parameters": [{"name": "hall", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _json({"type": "object", "required": [
                "hall", "name", "running", "desired", "configuration"], "properties": {
                "hall": {"type": "string"}, "name": {"type": "string"},
                "running": {"type": "object"},
                "desired": {"type": ["object", "null"]},
                "configuration": {"type": "object"}}}, "Branch hall files"), **ERRORS}}},
        "/api/v1/province/branch/users": {"post": {
            **branch, "summary": "The staff accounts the province wants this branch to have: "
                                 "{version, users} with password hashes only (branch "
                                 "credential; its own hall only; 404 no_desired_users)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall", "node"]}}}},
            "responses": {"200": _json({"type": "object", "properties": {
                "version": {"type": "string"}, "users": {"type": "array", "items": {
                    "type": "object"}}}}, "Users list"), **ERRORS}}},
        "/api/v1/province/branches/{hall}/users": {"put": {
            "tags": ["province"], "security": [{"bearer": []}, {"session": []}],
            "summary": "Set the staff accounts a branch should have (admin of the province "
                       "server; province accounts are read-only); applied at once by the "
                       "connected branch; 400 bad_users and nothing stored for a bad list, "
                       "409 hello_first before the branch's first hello",
            "parameters": [{"name": "hall", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["users"], "properties": {"users": {
                    "type": "array", "items": {
                        "type": "object", "required": ["username", "full_name", "role"],
                        "properties": {
                            "username": {"type": "string", "maxLength": 60},
                            "full_name": {"type": "string", "maxLength": 120},
                            "role": {"type": "string", "enum": ["clerk", "manager"]},
                            "counters": {"type": "array", "items": {"type": "integer"}},
                            "password": {"type": "string", "minLength": 8,
                                         "description": "plain; hashed at the province. "
                                         "Omitted: the previous one is kept"},
                            "active": {"type": "boolean", "default": True}}}}}}}}},
            "responses": {"200": _json({"type": "object", "properties": {
                "hall": {"type": "string"}, "desired_users_version": {"type": "string"},
                "users": {"type": "object"}}}, "Desired users"), **ERRORS}}},
        "/api/v1/province/branches": {"get": {
            **manager, "summary": "Every branch: connected since, record reached, lag, clock "
                                  "offset, today's figures (manager)",
            "responses": {"200": _json({"type": "object"}, "Branches"), **ERRORS}}},
        "/api/v1/province/branches/{hall}/report": {"get": {
            **manager, "summary": "A branch's period report from its forwarded record (manager; "
                                  "parameters as /api/v1/reports)",
            "parameters": [{"name": "hall", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _json(_ref("PeriodReport"), "Report"), **ERRORS}}},
    }


def _report_schema() -> dict:
    """The JSON of a period report (every figure: docs/reports.md)."""
    from store.reports.fields import DIMENSIONS, FIELD_KEYS
    day = {"type": "string", "format": "date"}
    figures = {"type": "object", "description": "figures of a group (docs/reports.md)",
               "properties": {key: {"type": "number", "nullable": True} for key in FIELD_KEYS}}
    return {"type": "object", "properties": {
        "hall": {"type": "object"}, "period": {"type": "object", "properties": {
            "from": day, "to": day, "days": {"type": "integer"},
            "grain": {"type": "string", "enum": ["day", "week", "month"]}}},
        "totals": figures,
        "by": {"type": "object", "properties": {name: {"type": "array", "items": figures}
                                                for name in DIMENSIONS}},
        "wait_distribution": {"type": "array", "items": {"type": "object"}},
        "reasons": {"type": "array", "items": {"type": "object"}},
        "scale": {"type": "object"}, "fields": {"type": "array", "items": {"type": "object"}}}}


def openapi_spec(config, base: str = "") -> dict:
    """The OpenAPI 3.0 document for one hall, served under `base` ("" for the default hall,
    "/h/<hall>" for any hall of the deployment)."""
    public = {"security": []}
    area_ids = [a.id for a in config.areas]
    counter_numbers = [c.number for c in config.counters]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Lượt API", "version": "1.0.0",
                 "description": "Queue, kiosk and display system for a public administration "
                                "service hall. Live events: Socket.IO, see docs/api.md. One "
                                "deployment serves many halls: every path below also exists "
                                "under /h/{hall} for each hall; the default hall is also at /."},
        "servers": [{"url": base or "/", "description": f"hall '{config.id}'"},
                    {"url": "/h/{hall}", "description": "any hall of this deployment",
                     "variables": {"hall": {"default": config.id}}}],
        "paths": {
            "/api/v1/state": {"get": {**public, "summary": "Hall snapshot", "tags": ["hall"],
                                      "responses": {"200": _json(_ref("Snapshot"), "Snapshot")}}},
            "/api/v1/areas": {"get": {**public, "summary": "Service areas", "tags": ["hall"],
                                      "responses": {"200": _json({"type": "array", "items": _ref("Area")}, "Areas")}}},
            "/api/v1/counters": {"get": {**public, "summary": "Counters", "tags": ["counters"],
                                         "responses": {"200": _json({"type": "array", "items": _ref("Counter")}, "Counters")}}},
            "/api/v1/counters/{n}": {"get": {**public, "summary": "One counter", "tags": ["counters"],
                                             "parameters": [_counter_number(config)],
                                             "responses": {"200": _json(_ref("Counter"), "Counter"), "404": ERRORS["404"]}}},
            "/api/v1/priorities": {"get": {**public, "summary": "Priority categories", "tags": ["hall"],
                                           "responses": {"200": _json({"type": "array", "items": {"type": "object"}}, "Categories")}}},
            "/api/v1/tickets": {"post": {
                "summary": "Issue a ticket (kiosk token)", "tags": ["tickets"],
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["area"],
                    "properties": {"area": {"type": "string", "minLength": 1, "maxLength": 40,
                                            "enum": area_ids},
                                   "priority": {"type": "string", "nullable": True,
                                                "enum": [c.id for c in config.categories] + [None]}}}}}},
                "responses": {"201": _json(_ref("Ticket"), "The new ticket"), **ERRORS,
                              "429": {"$ref": "#/components/responses/TooManyRequests"}}}},
            "/api/v1/tickets/{id}": {"get": {
                **public, "summary": "A ticket by id", "tags": ["tickets"],
                "parameters": _id_param(),
                "responses": {"200": _json(_ref("Ticket"), "Ticket"), "404": ERRORS["404"]}}},
            "/api/v1/tickets/{id}/ticket.png": {"get": {
                **public, "summary": "The ticket raster, exactly as printed", "tags": ["tickets"],
                "parameters": _id_param(),
                "responses": {"200": {"description": "PNG", "content": {"image/png": {}}}, "404": ERRORS["404"]}}},
            "/api/v1/tickets/{id}/reprint": {"post": {
                "summary": "Print the ticket again (manager)", "tags": ["tickets"], "security": [{"bearer": []}],
                "parameters": _id_param(),
                "responses": {"202": _json({"type": "object"}, "Queued"), **ERRORS}}},
            "/api/v1/announcements": {"get": {
                **public, "summary": "Latest announcements", "tags": ["announcements"],
                "responses": {"200": _json({"type": "array", "items": {"type": "object"}}, "Announcements")}}},
            "/api/v1/announcements/{id}.wav": {"get": {
                **public, "summary": "What the hall heard", "tags": ["announcements"],
                "parameters": _id_param({"type": "string", "minLength": 1, "maxLength": 79}),
                "responses": {"200": {"description": "WAV", "content": {"audio/wav": {}}}, "404": ERRORS["404"]}}},
            "/api/v1/announcements/test": {"post": {
                "summary": "Play a test announcement (manager)", "tags": ["announcements"],
                "security": [{"bearer": []}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"counter": {
                        "type": "integer", "enum": counter_numbers,
                        "description": "default: the first counter; 404 unknown_counter"}}}}}},
                "responses": {"202": _json({"type": "object"}, "Queued"), **ERRORS}}},
            "/api/v1/events": {"get": {
                "summary": "Audit log (manager)", "tags": ["audit"], "security": [{"bearer": []}],
                "parameters": [{"name": "after", "in": "query", "schema": {
                                    "type": "integer", "minimum": 0, "maximum": INT64_MAX, "default": 0}},
                               {"name": "limit", "in": "query", "schema": {
                                   "type": "integer", "minimum": 1, "maximum": MAX_EVENTS, "default": 100}}],
                "responses": {"200": _json({"type": "array", "items": _ref("AuditEvent")}, "Events"), **ERRORS}}},
            "/api/v1/devices": {"get": {
                "summary": "Device health (manager)", "tags": ["devices"], "security": [{"bearer": []}],
                "responses": {"200": _json({"type": "array", "items": {"type": "object"}}, "Devices"), **ERRORS}}},
            "/api/v1/config": {"get": {
                "summary": "The hall's configuration as read from its hall file (manager, province)",
                "tags": ["hall"], "security": [{"bearer": []}, {"session": []}],
                "responses": {"200": _json({"type": "object", "properties": {
                    "hall": {"type": "object", "description": "docs/configuration.md"},
                    "source": {"type": "string", "description": "the hall file's name"}}},
                    "Configuration"), **ERRORS}}},
            "/api/v1/openapi.json": {"get": {**public, "summary": "This document", "tags": ["hall"],
                                             "responses": {"200": _json({"type": "object"}, "OpenAPI 3")}}},
            "/api/v1/counters/{n}/no-shows": {"get": {
                "summary": "No-shows that can still be called back (clerk of n, manager)",
                "tags": ["counters"], "security": [{"bearer": []}, {"session": []}],
                "parameters": [_counter_number(config)],
                "responses": {"200": _json({"type": "array", "items": _ref("Ticket")}, "Tickets"), **ERRORS}}},
            "/api/v1/whoami": {"get": {
                "summary": "Who a token or session belongs to", "tags": ["auth"],
                "security": [{"bearer": []}, {"session": []}],
                "responses": {"200": _json({"type": "object", "properties": {
                    "kind": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string"},
                    "counters": {"type": "array", "items": {"type": "integer"}}}}, "Principal"), **ERRORS}}},
            "/api/v1/me/today": {"get": {
                "summary": "The signed-in clerk's day (a token: 403 person_only)", "tags": ["counters"],
                "security": [{"session": []}],
                "responses": {"200": _json({"type": "object", "properties": {
                    "served": {"type": "integer"}, "no_show": {"type": "integer"},
                    "avg_service_seconds": {"type": "number", "nullable": True}}}, "Figures"), **ERRORS}}},
            "/api/v1/pair": {"post": {
                **public, "tags": ["auth"],
                "summary": "A device redeems a one-time pairing code for its token",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["code", "role"], "properties": {
                        "code": {"type": "string", "minLength": 1, "maxLength": 40,
                                 "example": "1234 5678"},
                        "role": {"type": "string", "enum": ["kiosk", "display", "rating"]},
                        "counter": {"type": "integer", "nullable": True,
                                    "description": "a rating screen's counter"}}}}}},
                "responses": {"201": _json({"type": "object", "required": ["token", "role"],
                                            "properties": {
                    "token": {"type": "string"}, "role": {"type": "string"},
                    "name": {"type": "string"},
                    "counters": {"type": "array", "items": {"type": "integer"}},
                    "max_per_minute": {"type": "integer", "minimum": 0}}}, "The device's token"),
                              "400": ERRORS["400"], "409": ERRORS["409"]}}},
            "/api/v1/health": {"get": {**public, "summary": "Liveness", "tags": ["hall"],
                                       "responses": {"200": _json({"type": "object"}, "OK")}}},
            **_counter_paths(config),
            **_rating_paths(config),
            **_report_paths(),
            **_province_paths(),
            **_branch_paths(),
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "login session from /login"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                         "description": "the page's CSRF token, required with a session"}},
            "schemas": {**SCHEMAS, "PeriodReport": _report_schema()},
            "responses": {
                "Invalid": _error_response("Bad input; nothing changed"),
                "Unauthorized": _error_response("No token, or an unknown one"),
                "Forbidden": _error_response("Wrong role, another counter, another hall, or "
                                             "a write by a read-only province account"),
                "NotFound": _error_response("No such resource"),
                "Conflict": _error_response("Not possible in the current state; nothing changed"),
                "TooManyRequests": _error_response("A kiosk token beyond its ticket rate "
                                                   "(rate_limited; Retry-After)"),
            },
        },
    }
