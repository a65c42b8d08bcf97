"""What every drafting page module needs: the draft by its slug, a version the reader may see, and the
drafting committee's member (anybody else gets 403; the services would refuse their writes anyway)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest
from django.utils.translation import gettext

from hoinhap.core.http import signed_in
from hoinhap.core.models import User
from hoinhap.drafting import selectors
from hoinhap.drafting.models import Draft, Version
from hoinhap.drafting.permissions import can_read_version, is_drafter
from hoinhap.web.shortcuts import or_404


def draft_or_404(slug: str) -> Draft:
    draft: Draft = or_404(selectors.draft_get, slug)
    return draft


def readable_version(request: HttpRequest, draft: Draft, number: int) -> Version:
    version = draft.versions.filter(number=number).first()
    if version is None or not can_read_version(signed_in(request), version):
        raise Http404("no such version")
    return version


def committee_member(request: HttpRequest, draft: Draft) -> User:
    user = signed_in(request)
    if user is None or not is_drafter(user, draft):
        raise Forbidden(gettext("Only the drafting committee may do this."))
    return user
