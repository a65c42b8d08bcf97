"""Drafts and their versions, edited provision by provision; dossier stages with their documents;
consultation rounds, invitations, comments on provisions (followed into each later version through
the provision map), and the drafting committee's responses with their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoinhap.corpus.models import ProvisionFields


class Draft(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.TextField(_("title"))
    doc_type = models.CharField(_("document type"), max_length=64, default="Nghị quyết")
    stage_scheme = models.CharField(max_length=64, default="na_resolution")
    drafting_agency = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="drafts", verbose_name=_("drafting agency"))
    amends = models.ForeignKey("corpus.Work", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text=_("The law in force this draft amends, for the synoptic table."))
    adopted_work = models.OneToOneField("corpus.Work", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="drafting_history")
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return self.title[:120]


class Version(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being edited")
        PUBLISHED = "published", _("Published")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("note"), max_length=255, blank=True)
    source_format = models.CharField(max_length=8, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    tree = models.JSONField(help_text="The structure and the texts as imported; edited texts live in the provisions.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    structure_revision = models.PositiveIntegerField(
        default=1, help_text="Grows with each insert, delete or move, so two drafters cannot restructure at once.")

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="unique_version_number")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.draft.slug} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class VersionProvision(ProvisionFields):
    """One node of a version; ``revision`` grows with each saved edit (optimistic concurrency)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="provisions")
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "eid"], name="unique_version_provision")]

    def __str__(self) -> str:
        return f"{self.version} {self.eid}"


class ProvisionEdit(models.Model):
    """Every edit submitted, saved or refused for a conflict, so that no drafter's words are lost."""

    class Outcome(models.TextChoices):
        SAVED = "saved", _("Saved")
        CONFLICT = "conflict", _("Conflict")

    provision = models.ForeignKey(VersionProvision, on_delete=models.CASCADE, related_name="edits")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    base_revision = models.PositiveIntegerField()
    heading = models.TextField(blank=True)
    text = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provision} r{self.base_revision} {self.outcome}"


class Stage(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.PROTECT, related_name="stages")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["draft", "position"]
        constraints = [models.UniqueConstraint(fields=["draft", "code"], name="unique_stage_code")]

    def __str__(self) -> str:
        return f"{self.draft.slug} {self.code}"


class StageDocument(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    file = models.FileField(upload_to="drafting/dossier/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stage", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.stage} {self.kind}"


class ConsultationRound(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField()
    opens_on = models.DateField()
    deadline = models.DateField()
    public = models.BooleanField(_("open to public comment"), default=False)
    frozen_at = models.DateTimeField(null=True, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_snapshot = models.JSONField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Closed early or at its deadline: no new comments.")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # Who signs the round's report (Decree 30): "KT. BỘ TRƯỞNG" / "Thứ trưởng" / the name; a collective body "TM. …".
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_capacity = models.CharField(_("signs as"), max_length=255, blank=True,
                                       help_text=_("For example: KT. BỘ TRƯỞNG, TM. BAN SOẠN THẢO; empty: in own name."))
    # A National Assembly review round (na_services): the stage its opinions belong to; empty for a consultation.
    review_stage = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="unique_round_number")]

    def __str__(self) -> str:
        return f"{self.draft.slug} round {self.number}"


class Invitation(models.Model):
    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["round", "organisation__code"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="unique_invitation")]

    def __str__(self) -> str:
        return f"{self.round} {self.organisation.code}"


class Comment(models.Model):
    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    eid = models.CharField(max_length=255, blank=True, help_text="Empty: on the whole draft.")
    quote = models.TextField(blank=True)
    text = models.TextField()
    proposed_text = models.TextField(blank=True)
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=255, blank=True)
    is_public = models.BooleanField(default=False)
    letter = models.FileField(upload_to="drafting/letters/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The commenter's receipt (shown and e-mailed) and the private follow link's token, stored as its SHA-256.
    receipt = models.CharField(max_length=32, null=True, blank=True, unique=True)
    follow_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Contact data: never published, used only to notify the commenter (see docs/privacy.md).
    notify_email = models.EmailField(blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    privacy_notice = models.CharField(max_length=32, blank=True, help_text="Version of the notice shown when given.")
    is_late = models.BooleanField(default=False, help_text="Received after the deadline where late comments are accepted.")
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    hidden_reason = models.TextField(blank=True)
    # The National Assembly side (docs/drafting.md, "The National Assembly's review"): what kind of
    # opinion this is (a consultation comment unless said otherwise) and the session it was given at.
    source_kind = models.CharField(_("kind of opinion"), max_length=32, default="consultation")
    session = models.ForeignKey("Session", null=True, blank=True, on_delete=models.PROTECT, related_name="opinions")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["round", "eid"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.eid or 'draft'}"


class Response(models.Model):
    class Disposition(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        EXPLAINED = "explained", _("Explained, not accepted")
        OUT_OF_SCOPE = "out_of_scope", _("Out of scope")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response")
    disposition = models.CharField(max_length=32, choices=Disposition.choices)
    explanation = models.TextField()
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    change_version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    change_eid = models.CharField(max_length=255, blank=True)
    responded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"#{self.comment_id} {self.disposition}"


class ResponseRevision(models.Model):
    """Every answer given, revised or withdrawn, so the history survives the current answer."""

    class Action(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        REVISED = "revised", _("Revised")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="response_history")
    action = models.CharField(max_length=16, choices=Action.choices)
    disposition = models.CharField(max_length=32, blank=True)
    explanation = models.TextField(blank=True)
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    change_version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    change_eid = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.comment_id} {self.action}"


class ProvisionMap(models.Model):
    """Where each provision of a version went in the next one (one row per pair, not per comment):
    comments follow their provision through these rows, version after version."""

    from_version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    to_version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    from_eid = models.CharField(max_length=255)
    to_eid = models.CharField(max_length=255, blank=True, help_text="Empty: deleted in the next version.")
    state = models.CharField(max_length=16)
    changed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_version", "from_eid", "to_eid"],
                                               name="unique_provision_map")]
        indexes = [models.Index(fields=["to_version", "to_eid"])]

    def __str__(self) -> str:
        return f"v{self.from_version_id}:{self.from_eid} -> v{self.to_version_id}:{self.to_eid or '-'} ({self.state})"


class Session(models.Model):
    """A session of the National Assembly or of its Standing Committee (the NA's 10th session, the
    Standing Committee's 51st): a dated event, shared by every draft it considers."""

    class Body(models.TextChoices):
        NATIONAL_ASSEMBLY = "na", _("National Assembly")
        STANDING_COMMITTEE = "standing_committee", _("National Assembly Standing Committee")

    body = models.CharField(_("body"), max_length=32, choices=Body.choices)
    number = models.PositiveIntegerField(_("session number"))
    starts_on = models.DateField(_("opens on"), null=True, blank=True)
    ends_on = models.DateField(_("closes on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["starts_on", "body", "number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="unique_session_number")]

    def __str__(self) -> str:
        return f"{self.body} {self.number}"


class SessionHearing(models.Model):
    """A draft considered at a session, on a day: an event on the draft's timeline, with the
    session's conclusions on it (a checklist of the drafting committee's tasks)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="hearings")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("considered on"))
    summary = models.TextField(_("what happened"), blank=True)
    source = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "draft", "held_on"], name="unique_session_hearing")]

    def __str__(self) -> str:
        return f"{self.draft.slug} {self.session} {self.held_on}"


class SessionConclusion(models.Model):
    """A conclusion of a session on a draft: a task of the drafting committee, done or not."""

    hearing = models.ForeignKey(SessionHearing, on_delete=models.CASCADE, related_name="conclusions")
    text = models.TextField(_("conclusion"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["hearing", "id"]

    def __str__(self) -> str:
        return self.text[:80]
