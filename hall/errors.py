"""Domain errors: each has a stable code, an HTTP-neutral kind and a Vietnamese message."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error the hall raises to its callers."""

    code = "domain_error"
    kind = "conflict"  # invalid | not_found | conflict | unauthorized | forbidden | too_many

    def __init__(self, message: str, code: str | None = None, **details):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class InvalidInput(DomainError):
    code = "invalid_input"
    kind = "invalid"


class NotFound(DomainError):
    code = "not_found"
    kind = "not_found"


class AreaClosed(DomainError):
    code = "area_closed"
    kind = "conflict"


class IllegalTransition(DomainError):
    code = "illegal_transition"
    kind = "conflict"


class CounterUnavailable(DomainError):
    code = "counter_unavailable"
    kind = "conflict"


class ConcurrencyConflict(DomainError):
    """A conditional update found the row changed by someone else: retry the command."""

    code = "busy"
    kind = "conflict"


class ConfigError(DomainError):
    code = "config_error"
    kind = "invalid"


class Unauthorized(DomainError):
    code = "unauthorized"
    kind = "unauthorized"


class TooManyRequests(DomainError):
    """A device asks faster than it is allowed (a kiosk token's ticket rate)."""
    code = "rate_limited"
    kind = "too_many"


class Forbidden(DomainError):
    code = "forbidden"
    kind = "forbidden"
