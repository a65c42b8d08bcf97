"""What the drafting committee's page modules need: the committee's member (anybody else gets 403;
the services would refuse their writes anyway). Drafts, versions and provisions come from the
drafting selectors, whose ``NotFound`` the web error handler shows (``web.errors``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest
from django.utils.translation import gettext

from hoinhap.core.http import signed_in
from hoinhap.core.models import User
from hoinhap.drafting.models import Draft
from hoinhap.drafting.permissions import is_drafter


def committee_member(request: HttpRequest, draft: Draft) -> User:
    user = signed_in(request)
    if user is None or not is_drafter(user, draft):
        raise Forbidden(gettext("Only the drafting committee may do this."))
    return user
