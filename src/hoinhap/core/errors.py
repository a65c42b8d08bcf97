"""Typed domain errors. Services raise them; the API, the web views and the CLI map them once
(``status`` for HTTP, ``exit_code`` for the shell)."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    exit_code = 1
    code = "invalid"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationFailed(DomainError):
    code = "invalid"


class UnreadableInput(DomainError):
    status = 422
    exit_code = 2
    code = "unreadable"


class NotFound(DomainError):
    status = 404
    exit_code = 3
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    exit_code = 4
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    exit_code = 5
    code = "conflict"


class Unauthenticated(DomainError):
    """A read or write that needs a signed-in user, asked anonymously: the API answers 401, the
    pages send the reader to the log-in page."""

    status = 401
    exit_code = 6
    code = "unauthenticated"


class TooLong(ValidationFailed):
    """A text over its length limit (``core.limits``): refused whole, by every channel, before anything
    is stored."""

    status = 422
    code = "too_long"


class RateLimited(DomainError):
    """Too many writes from one address or account in the window (``hoinhap.throttle``);
    ``details["retry_after"]`` is the number of seconds until the window ends."""

    status = 429
    code = "rate_limited"
