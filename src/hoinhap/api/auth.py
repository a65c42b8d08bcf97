"""Who is calling the API, decided in one place for every operation.

- ``Authorization: Bearer <token>``: the token's user (core.ApiToken), and nothing else: a session
  cookie sent alongside is ignored, and no CSRF token is needed, since a browser never adds this header
  on its own (a forged cross-site request cannot carry it). A wrong, revoked or deactivated user's token
  answers 401.
- a session cookie of a signed-in user: unsafe methods (POST, PUT, PATCH, DELETE) must pass Django's
  CSRF check (the ``X-CSRFToken`` header with the ``csrftoken`` cookie's value, plus Django's Origin and
  Referer checks), else 403 ``csrf_failed``. Without it, any site a signed-in user visits could write in
  their name (issue 14, item 3).
- anonymous: nothing to forge, so nothing to check (public comments on an open public round).

django-ninja marks its views CSRF-exempt; this middleware, placed after Django's authentication
middleware, puts the check back for the requests that carry cookie authority."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext
from ninja.openapi.docs import Swagger, render_template

from hoinhap.core.models import User
from hoinhap.core.services import token_authenticate

API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ApiAuthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            refusal = authenticate(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)


def authenticate(request: HttpRequest) -> HttpResponse | None:
    """Set ``request.user`` from a bearer token, or check the session's CSRF token; the refusal, if any."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        return _bearer(request, header)
    if request.method in SAFE_METHODS or not request.user.is_authenticated:
        return None
    return _ApiCsrfCheck(_never_called).process_view(request, _never_called, (), {})


def _bearer(request: HttpRequest, header: str) -> HttpResponse | None:
    scheme, _, credential = header.partition(" ")
    user = token_authenticate(credential.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = JsonResponse({"error": "invalid_token", "message": gettext(
            "The API token is missing, wrong, revoked or its account deactivated. "
            "Send Authorization: Bearer <token>.")}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    request.user = user

    async def auser() -> User:
        return user

    request.auser = auser
    request.csrf_processing_done = True  # type: ignore[attr-defined]  # the token, not a cookie, authorises it
    return None


class _ApiCsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check (token, Origin, Referer), answering in the API's JSON error shape."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        return JsonResponse({"error": "csrf_failed", "message": gettext(
            "CSRF check failed (%(reason)s). A signed-in browser session must send the X-CSRFToken header "
            "with the csrftoken cookie's value; other clients use an API token (Authorization: Bearer …).")
            % {"reason": reason}}, status=403)


def _never_called(request: HttpRequest) -> HttpResponse:
    """The (not exempt) view Django's check runs against, and the middleware's unused next step."""
    raise AssertionError("never called")


class CsrfSwagger(Swagger):
    """Swagger UI at /api/docs that sends the session's CSRF token, so that "Try it out" still works
    for a signed-in user now that session writes need it (django-ninja adds it only for its own auth)."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render_template(request, self.template, self.template_cdn, context)
