"""Organisations (with successions, since ministries and provinces merged in 2025), users and their
memberships, and the audit log every service writes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def handed_over(active_until: date | None, on: date | None) -> bool:
    """Whether an organisation that has a successor had handed over to it by ``on`` (``None``: at
    any time; no end date: always). The one rule for ``Organisation.current`` and for the bulk
    ``implementation.selectors.Successions``."""
    return on is None or active_until is None or active_until < on


class Classification(models.TextChoices):
    """State-secret levels (Law 29/2018/QH14). An item so marked is held here as metadata only: its
    number, lead, deadline, status and the reference of the document kept elsewhere; never its content
    (docs/security.md, "Classified work")."""

    NONE = "", _("Not classified")
    MAT = "mat", _("Confidential (Mật)")
    TOI_MAT = "toi_mat", _("Secret (Tối mật)")
    TUYET_MAT = "tuyet_mat", _("Top secret (Tuyệt mật)")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Party body")
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly body")
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry or ministerial agency")
        PROVINCE = "province", _("Province or city")
        ENTERPRISE = "enterprise", _("Enterprise or association")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="units")
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
        help_text=_("The organisation that took over this one's tasks (merger, renaming)."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def current(self, on=None) -> Organisation:  # noqa: ANN001
        """Follow successions to the organisation in charge on ``on`` (``None``: the last of the chain)."""
        node: Organisation = self
        seen = {node.pk}
        while node.successor_id and handed_over(node.active_until, on):
            node = node.successor  # type: ignore[assignment]
            if node.pk in seen:
                break
            seen.add(node.pk)
        return node


class User(AbstractUser):
    preferred_language = models.CharField(max_length=8, default="vi", choices=settings.LANGUAGES)
    clearance = models.CharField(_("security clearance"), max_length=16, blank=True, choices=Classification.choices,
                                 help_text=_("The highest classification level this person may see."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        DRAFTING_COMMITTEE = "drafting_committee", _("Drafting committee")
        SECRETARIAT = "secretariat", _("Steering Committee secretariat")
        REPORTER = "reporter", _("Agency reporter")
        REVIEWER = "reviewer", _("Reviewer")
        INVITED = "invited", _("Invited organisation")
        CONTRIBUTOR = "contributor", _("Contributor")
        ANALYST = "analyst", _("Analyst")
        INTAKE = "intake", _("Intake channel")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation.code} ({self.role})"


class AuditEntry(models.Model):
    """One change: who, what (a dotted action such as ``corpus.work.imported``), to which object."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class ApiToken(models.Model):
    """A machine client's credential, sent as ``Authorization: Bearer <token>``. Only a SHA-256 hash is
    stored (the plaintext is shown once, at creation); ``prefix`` lets people tell tokens apart."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
