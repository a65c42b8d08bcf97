"""Requests carrying a NUL character in their query or (non-file) body are refused with 400: no
text in hoinhap contains one, and PostgreSQL cannot store one, so letting it through would turn a
malformed request into a server error (found by schemathesis)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return JsonResponse({"error": "invalid", "message": "the request contains a NUL character"}, status=400)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query or "\x00" in request.path:
        return True
    if request.content_type == "multipart/form-data":  # uploaded files may hold any byte
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    return b"\x00" in body or b"\\u0000" in body or b"%00" in body
