"""Small helpers every page module needs: a domain "not found" as a 404 page, and a download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse

from hoinhap.core.errors import NotFound


def or_404(find: Callable[[Any], Any], key: Any) -> Any:
    """``find(key)`` (a selector's ``…_get``), its ``NotFound`` shown as the 404 page."""
    try:
        return find(key)
    except NotFound as error:
        raise Http404(error.message) from error


def attachment(data: bytes, filename: str, content_type: str = "application/octet-stream") -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
