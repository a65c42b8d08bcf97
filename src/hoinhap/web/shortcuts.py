"""Small helpers every page module needs: the selectors' read refusals as pages, and a download."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from hoinhap.core.errors import NotFound, PermissionDenied, Unauthenticated


def attachment(data: bytes, filename: str, content_type: str = "application/octet-stream") -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reading(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The selectors' read refusals as pages: sign in first, or a 404 (existence is not revealed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Unauthenticated:
            return redirect_to_login(request.get_full_path())
        except (NotFound, PermissionDenied) as error:
            raise Http404(error.message) from error

    return wrapper
