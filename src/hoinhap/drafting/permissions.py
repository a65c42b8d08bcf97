"""Who may do what to a draft. The services call these; views only hide what the services refuse.

- drafting committee (a member of the drafting agency with that role, or an administrator):
  edit, publish, respond, manage stages and rounds;
- contributors and reviewers (any organisation): read unpublished versions and comment for their
  organisation in any round, invited or not; contributors propose wording with their comments;
- an invited organisation's members: comment in the rounds their organisation is invited to;
- everybody, signed in or not: read published versions, comment in open public rounds.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import Membership, Organisation, User
from hoinhap.drafting.models import ConsultationRound, Draft, Version

Role = Membership.Role
INSTITUTIONAL_ROLES = (Role.INVITED, Role.REVIEWER, Role.CONTRIBUTOR, Role.DRAFTING_COMMITTEE, Role.REPORTER)


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_drafter(user: User | None, draft: Draft) -> bool:
    if not _signed_in(user):
        return False
    assert user is not None
    if user.is_superuser:
        return True
    memberships = user.memberships.filter(role__in=(Role.DRAFTING_COMMITTEE, Role.ADMINISTRATOR))
    if draft.drafting_agency_id:
        memberships = memberships.filter(organisation_id=draft.drafting_agency_id)
    return memberships.exists()


def require_drafter(user: User | None, draft: Draft) -> None:
    if not is_drafter(user, draft):
        raise PermissionDenied(_("only the drafting committee may do this"))


def reads_unpublished(user: User | None, draft: Draft) -> bool:
    """The drafting committee, contributors and reviewers read unpublished versions; nobody else."""
    if is_drafter(user, draft):
        return True
    return _signed_in(user) and user.memberships.filter(  # type: ignore[union-attr]
        role__in=(Role.CONTRIBUTOR, Role.REVIEWER)).exists()


def can_read_version(user: User | None, version: Version) -> bool:
    return version.is_published or reads_unpublished(user, version.draft)


def commenting_organisation(user: User | None, round_: ConsultationRound, organisation: Organisation | None,
                            today: date) -> Organisation | None:
    """The organisation a comment is made for, ``None`` for a public comment; refuses otherwise."""
    if organisation is not None:
        if not _signed_in(user):
            raise PermissionDenied(_("sign in to comment for an organisation"))
        assert user is not None
        member = user.is_superuser or user.memberships.filter(
            organisation=organisation, role__in=INSTITUTIONAL_ROLES).exists()
        if not member:
            raise PermissionDenied(_("you are not a member of %(code)s") % {"code": organisation.code})
        invited = round_.invitations.filter(organisation=organisation).exists()
        reviewer = user.memberships.filter(organisation=organisation, role__in=(Role.REVIEWER, Role.CONTRIBUTOR)).exists()
        if not (invited or reviewer or is_drafter(user, round_.draft)):
            raise PermissionDenied(_("%(code)s is not invited to this round") % {"code": organisation.code})
        return organisation
    if not round_.public:
        raise PermissionDenied(_("this round is open to invited organisations only"))
    if today < round_.opens_on or today > round_.deadline:
        raise ValidationFailed(_("this round is not open for public comment today"),
                               opens_on=round_.opens_on.isoformat(), deadline=round_.deadline.isoformat())
    return None


def may_create_draft(user: User | None, agency: Organisation | None) -> bool:
    """A draft is started by the drafting committee (or an administrator) of the agency that drafts it;
    a draft without an agency, by any drafting committee."""
    if not _signed_in(user):
        return False
    assert user is not None
    memberships = user.memberships.filter(role__in=(Role.DRAFTING_COMMITTEE, Role.ADMINISTRATOR))
    if agency is not None:
        memberships = memberships.filter(organisation=agency)
    return user.is_superuser or memberships.exists()


def require_draft_creator(user: User | None, agency: Organisation | None) -> None:
    if not may_create_draft(user, agency):
        raise PermissionDenied(_("only the drafting agency's committee may start a draft"))
