"""Template context every page needs: the signed-in person's unread notices, for the header's
"Việc của tôi" link (one indexed count per page, only for signed-in readers)."""

from __future__ import annotations

from django.http import HttpRequest

from hoinhap.notices.selectors import unread_count


def unread_notices(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
