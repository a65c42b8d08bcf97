"""Domain errors on the pages, answered in one place, as the API (``api.v1.domain_error``) and the CLI
(exit codes) answer them: an uncaught ``DomainError`` becomes the site's error page in the reader's
language, with the error's own message and status (404, 403, 409, 400, 422, 429 with Retry-After);
``Unauthenticated`` sends the reader to the log-in page. The views catch a domain error only where
they show it on the form that was posted (the better page); anything else reaches this middleware.

Also the shared outcome of a posted action (``Posted``): the pages with several forms run one small
typed handler per action and show what it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hoinhap.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
    UnreadableInput,
    ValidationFailed,
)
from hoinhap.throttle.http import with_retry_after

# The page's heading per kind of refusal (the message below it says what exactly).
HEADINGS = ((NotFound, _("Not found")), (PermissionDenied, _("Not allowed")), (Conflict, _("Not possible now")),
            (RateLimited, _("Too many requests")), (UnreadableInput, _("The file could not be read")),
            (ValidationFailed, _("Check what you entered")))
API_PREFIX = "/api/"  # the API answers its own errors in JSON (api.v1.domain_error)


def heading(error: DomainError) -> str:
    return str(next((text for kind, text in HEADINGS if isinstance(error, kind)), _("The request was refused")))


def error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The site's page for a refusal: heading, the error's message, its status (and Retry-After). It is
    never cached nor indexed and sends no referrer: its address may hold a private follow token."""
    response = render(request, "web/error.html", {"heading": heading(error), "message": error.message,
                                                  "status": error.status}, status=error.status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return with_retry_after(response, error) if isinstance(error, RateLimited) else response


class DomainErrorMiddleware:
    """Turns a page's uncaught domain error into ``error_page`` (or the log-in page when signing in
    would help); the API's errors are left to the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Unauthenticated):
            return redirect_to_login(request.get_full_path())
        return error_page(request, exception)


@dataclass
class Posted:
    """What a posted action leaves for its page: ``done``, the message to show after the redirect; or,
    refused, the forms to show again (by their name in the page's context) and an error above them.
    ``limited`` is a public write refused by the rate limit (the page answers 429 with Retry-After)."""

    done: str = ""
    forms: dict[str, BaseForm] = field(default_factory=dict)
    error: str = ""
    limited: RateLimited | None = None


def refused_on(name: str, form: BaseForm, error: DomainError) -> Posted:
    """A service's refusal shown on the form that was posted, which keeps what was typed."""
    form.add_error(None, error.message)
    return Posted(forms={name: form})
