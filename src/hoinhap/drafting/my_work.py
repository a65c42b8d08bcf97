""""Việc của tôi" for a drafting committee (issue 17): the comments still to answer in its drafts'
rounds, by round, and its rounds closing soon; for an invited organisation's members, the rounds awaiting
its comments; and the rounds open to everyone (the home page)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from hoinhap.core.models import Membership, User
from hoinhap.drafting.models import Comment, ConsultationRound, Draft, Invitation, Version
from hoinhap.drafting.permissions import INSTITUTIONAL_ROLES

CLOSING_SOON_DAYS = 14


def committee_drafts(user: User) -> QuerySet[Draft] | None:
    """The drafts ``user`` answers for (the rule of ``permissions.is_drafter``), or None if none."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return Draft.objects.all()
    agencies = list(user.memberships.filter(role__in=(Membership.Role.DRAFTING_COMMITTEE,
                                                      Membership.Role.ADMINISTRATOR))
                    .values_list("organisation_id", flat=True))
    if not agencies:
        return None
    return Draft.objects.filter(Q(drafting_agency_id__in=agencies) | Q(drafting_agency__isnull=True))


def committee_work(user: User, today: date) -> dict[str, Any] | None:
    drafts = committee_drafts(user)
    if drafts is None:
        return None
    unanswered = (Comment.objects.filter(round__draft__in=drafts, response__isnull=True, hidden_at__isnull=True)
                  .values("round__draft__slug", "round__draft__title", "round__number", "round__deadline")
                  .annotate(count=Count("id"), oldest=Min("created_at")).order_by("oldest"))
    closing = (ConsultationRound.objects.filter(draft__in=drafts, closed_at__isnull=True, frozen_at__isnull=True,
                                                deadline__gte=today,
                                                deadline__lte=today + timedelta(days=CLOSING_SOON_DAYS))
               .select_related("draft").annotate(comment_count=Count("comments")).order_by("deadline", "id"))
    rows = list(unanswered)
    return {"unanswered": rows, "unanswered_count": sum(row["count"] for row in rows), "closing": list(closing)}


def invited_work(user: User, today: date) -> dict[str, Any] | None:
    """The rounds open today to which one of ``user``'s organisations is invited (journeys.md, an invited
    organisation): each with its deadline and whether the organisation has answered; None if there is none."""
    if not (user.is_authenticated and user.is_active):
        return None
    organisations = list(user.memberships.filter(role__in=INSTITUTIONAL_ROLES).values_list("organisation_id", flat=True))
    if not organisations:
        return None
    invitations = (Invitation.objects.filter(organisation_id__in=organisations, round__closed_at__isnull=True,
                                             round__frozen_at__isnull=True, round__opens_on__lte=today,
                                             round__deadline__gte=today)
                   .select_related("round__draft", "round__version", "organisation").order_by("round__deadline", "id"))
    rows = list(invitations)
    return {"rounds": rows, "waiting": sum(1 for row in rows if row.responded_at is None)} if rows else None


def open_public_rounds(today: date, limit: int = 10) -> list[ConsultationRound]:
    """The rounds anyone may comment on today, closing soonest first (the home page's list)."""
    return list(ConsultationRound.objects.filter(public=True, closed_at__isnull=True, frozen_at__isnull=True,
                                                 opens_on__lte=today, deadline__gte=today,
                                                 version__status=Version.Status.PUBLISHED)
                .select_related("draft", "version").order_by("deadline", "id")[:limit])
