"""Schemathesis hooks for tests/api/test_openapi_fuzz.py (loaded with SCHEMATHESIS_HOOKS)."""
from __future__ import annotations

import json

import schemathesis


@schemathesis.check
def error_body_shape(ctx, response, case):
    """Every 4xx/5xx answer is JSON {"error": {"code": str, "message": str}}."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON body: "
                             f"{response.content[:200]!r}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if not (isinstance(error, dict) and isinstance(error.get("code"), str)
            and isinstance(error.get("message"), str)):
        raise AssertionError(f"{response.status_code} body is not "
                             f"{{'error': {{'code', 'message'}}}}: {body!r}"[:400])
    return None
