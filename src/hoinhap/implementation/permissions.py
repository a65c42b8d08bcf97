"""Who may do what with tasks; the services call these.

- the Steering Committee secretariat (or an administrator): programmes, tasks, meetings, the review
  of reports, extensions, successions, the bottleneck register;
- an agency reporter: reports on the tasks its agency leads (progress, completion, extension
  requests) and contributions to those it coordinates, never another agency's; the secretariat,
  which reviews the reports, does not file them;
- everybody signed in: read.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoinhap.core.errors import PermissionDenied
from hoinhap.core.models import Membership, Organisation, User

Role = Membership.Role


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_secretariat(user: User | None) -> bool:
    if not _active(user):
        return False
    assert user is not None
    return user.is_superuser or user.memberships.filter(role__in=(Role.SECRETARIAT, Role.ADMINISTRATOR)).exists()


def require_secretariat(user: User | None) -> None:
    if not is_secretariat(user):
        raise PermissionDenied(_("only the Steering Committee secretariat may do this"))


def reporter_agencies(user: User | None) -> set[int]:
    """The organisations a user reports for: those where they hold the reporter role."""
    if not _active(user):
        return set()
    assert user is not None
    return set(user.memberships.filter(role=Role.REPORTER).values_list("organisation_id", flat=True))


def agency_reporters(agency: Organisation) -> list[User]:
    """The active accounts that report for ``agency``: whom its reminders and notices reach."""
    return [m.user for m in Membership.objects.filter(organisation=agency, role=Role.REPORTER, user__is_active=True)
            .select_related("user")]


def require_reporter_for(user: User | None, agency: Organisation) -> None:
    """Only the agency's reporters file for it. The secretariat reviews what agencies file, so it
    does not file for them (separation of duties); an administrator can, to repair data."""
    if _active(user) and user.is_superuser:  # type: ignore[union-attr]
        return
    if agency.pk not in reporter_agencies(user):
        raise PermissionDenied(_("you do not report for %(code)s") % {"code": agency.code})
