"""Guards on the raw request, before any view reads it.

- A body over the size limit gets 413 before it is read or parsed: ``HOINHAP_MAX_BODY_BYTES`` for a
  body that is not a file upload (JSON, a form), and, in a multipart upload, for its form fields
  (Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, set to the same value); the files themselves are bounded
  by ``HOINHAP_MAX_UPLOAD_BYTES`` where they are received. Without it django-ninja would read a 15 MB
  JSON body whole, and Django would answer an oversized form with 400.
- Requests carrying a NUL character in their query or (non-file) body are refused with 400: no
  text in hoinhap contains one, and PostgreSQL cannot store one, so letting it through would turn a
  malformed request into a server error (found by schemathesis)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in WRITE_METHODS and _body_too_large(request):
            limit = settings.HOINHAP_MAX_BODY_BYTES
            message = gettext("The request is too large: at most %(size)s KB of text may be sent at once.") % {
                "size": limit // 1024}
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "too_large", "message": message, "limit_bytes": limit}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _body_too_large(request: HttpRequest) -> bool:
    if request.content_type == "multipart/form-data":
        try:
            request.POST  # noqa: B018 - parses the form fields, refusing them over DATA_UPLOAD_MAX_MEMORY_SIZE
        except RequestDataTooBig:
            return True
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads such a body as empty
    return length > int(settings.HOINHAP_MAX_BODY_BYTES)


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
