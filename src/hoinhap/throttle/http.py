"""The 429 answer of a refused write, for the API (JSON) and the pages (a header on the page that
shows the message), both with Retry-After."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponse, JsonResponse

from hoinhap.core.errors import RateLimited

Response = TypeVar("Response", bound=HttpResponse)


def too_many_requests(error: RateLimited) -> JsonResponse:
    body = {"error": error.code, "message": error.message, "retry_after": _seconds(error)}
    return with_retry_after(JsonResponse(body, status=429), error)


def with_retry_after(response: Response, error: RateLimited) -> Response:
    response.status_code = 429
    response["Retry-After"] = str(_seconds(error))
    return response


def _seconds(error: RateLimited) -> int:
    value = error.details.get("retry_after", 60)
    return int(value) if isinstance(value, int | float) else 60
