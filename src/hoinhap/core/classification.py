"""State-secret levels and who may see them (Law 29/2018/QH14 on the protection of state secrets).

An item marked Mật, Tối mật or Tuyệt mật is held here as metadata only (docs/security.md, "Classified
work"). A person sees it when their ``User.clearance`` is at least its level (mat < toi_mat < tuyet_mat);
for everybody else it does not exist: lists leave it out and a direct address answers 404, never a 403
that would reveal it. Counts still include it. The one rule is ``visible_levels``; the selectors turn it
into a filter with ``visible_q``. Only an administrator sets a person's clearance (audited)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import Classification, User
from hoinhap.core.services import SYSTEM_USERNAME, is_administrator, log_action

# Ordered from the lowest: a clearance at a level covers every level before it.
LEVELS: tuple[str, ...] = (Classification.MAT, Classification.TOI_MAT, Classification.TUYET_MAT)


def rank(level: str) -> int:
    """0 for an unclassified item (or no clearance), then 1, 2, 3 up the order."""
    if not level:
        return 0
    if level not in LEVELS:
        raise ValidationFailed(gettext("Unknown classification level %(level)s.") % {"level": level},
                               allowed=list(LEVELS))
    return LEVELS.index(level) + 1


def check_level(level: str) -> str:
    """``level`` if it is "" or one of ``LEVELS`` (a ``ValidationFailed`` otherwise)."""
    level = (level or "").strip()
    rank(level)
    return level


def is_classified(level: str) -> bool:
    return bool(level)


def clearance_of(reader: object) -> str:
    """The reader's clearance: a signed-in, active person's own; nobody else has one. The operator's
    shell (``hoinhap-system``, which cannot sign in) acts for the system and sees every level."""
    if not (getattr(reader, "is_authenticated", False) and getattr(reader, "is_active", False)):
        return ""
    if getattr(reader, "username", None) == SYSTEM_USERNAME:
        return LEVELS[-1]
    return str(getattr(reader, "clearance", "") or "")


def may_see(reader: object, level: str) -> bool:
    """Whether ``reader`` may see an item marked ``level`` (unclassified items: anybody who may read it)."""
    return rank(level) <= rank(clearance_of(reader))


def visible_levels(reader: object) -> list[str]:
    """The classifications ``reader`` may see, "" (unclassified) included."""
    allowed = rank(clearance_of(reader))
    return [""] + list(LEVELS[:allowed])


def visible_q(reader: object, field: str = "classification") -> Q:
    """A filter keeping only the rows ``reader`` may see."""
    return Q(**{f"{field}__in": visible_levels(reader)})


# The neutral titles marked items keep. Stored data, in Vietnamese as the records are (not an interface
# string): the real title may itself be a secret, and this system cannot judge which titles are not.
TASK_LABEL = "Nhiệm vụ mật số {number}"
DOCUMENT_LABEL = "Văn bản mật số {number}"
REPORT_TEXT = "Báo cáo mật: nội dung lưu ngoài hệ thống ({reference})."


def classified_label(template: str, number: str, pk: int | None) -> str:
    """``template`` with the item's number as assigned (else its id): "Nhiệm vụ mật số 3"."""
    return template.format(number=number or pk or "")


@transaction.atomic
def clearance_set(*, actor: User | None, user: User, level: str) -> User:
    """Set the highest level ``user`` may see ("" removes it). Administrators only; audited with the
    previous level."""
    if not is_administrator(actor):
        raise PermissionDenied(gettext("Only an administrator manages accounts."))
    level = check_level(level)
    before = user.clearance
    if before == level:
        return user
    user.clearance = level
    user.save(update_fields=["clearance"])
    log_action(actor, "core.user.clearance_set", user, {"before": before, "level": level})
    return user
