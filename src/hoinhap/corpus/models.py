"""The corpus: works (a document as an abstract whole), their language versions (expressions)
holding the tree, the provisions of each expression addressable by eId, and typed relations."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoinhap.core.models import Classification
from hoinhap.legal.numbers import format_vietnamese_date, number_key


class Work(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        DRAFT = "draft", _("Draft")
        UNKNOWN = "unknown", _("Unknown")

    slug = models.SlugField(max_length=120, unique=True)
    number = models.CharField(_("number and symbol"), max_length=64, blank=True)
    number_key = models.CharField(max_length=64, blank=True, db_index=True)
    doc_type = models.CharField(_("document type"), max_length=64, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    issuer_code = models.CharField(max_length=32, blank=True)
    issuer_organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL)
    title = models.TextField(_("title"), blank=True)
    date = models.DateField(_("date issued"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UNKNOWN)
    frbr_uri = models.CharField(max_length=255, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Written for the demo; not an official text."))
    classification = models.CharField(_("classification"), max_length=16, blank=True,
                                      choices=Classification.choices)
    classified_reference = models.CharField(_("reference of the document kept elsewhere"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("work")
        verbose_name_plural = _("works")
        constraints = [
            models.UniqueConstraint(fields=["number_key", "date"], name="unique_work_number_date",
                                    condition=~models.Q(number_key="")),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The lookup key is derived from the number ("30/2020/ND-CP" finds "30/2020/NĐ-CP"), so it is
        # set here, for every path that saves a work (import, edits, the admin's add form).
        self.number_key = number_key(self.number) if self.number else ""
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """What the pages call the work: its number, or for a document without one its type, issuer
        and date ("Nghị quyết của Quốc hội, ngày 26 tháng 3 năm 2025"), never its slug."""
        if self.number:
            return self.number
        kind = self.doc_type or gettext("Document")
        parts = [gettext("%(type)s of %(issuer)s") % {"type": kind, "issuer": self.issuer} if self.issuer else kind]
        if self.date:
            parts.append(format_vietnamese_date(self.date))
        return ", ".join(parts) if self.doc_type or self.issuer or self.date else (self.title[:80] or kind)


class Expression(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="expressions")
    language = models.CharField(max_length=8, default="vi")
    source_format = models.CharField(max_length=8)
    source_name = models.CharField(max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64)
    tree = models.JSONField()
    warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "language"], name="unique_expression_language")]
        verbose_name = _("expression")
        verbose_name_plural = _("expressions")

    def __str__(self) -> str:
        return f"{self.work} ({self.language})"


class ProvisionFields(models.Model):
    """A node of a tree as a row, addressable by eId; shared by the corpus and the drafts."""

    eid = models.CharField(max_length=255)
    parent_eid = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=16)
    num = models.CharField(max_length=64, blank=True)
    marker = models.CharField(max_length=255, blank=True)
    heading = models.TextField(blank=True)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True

    @classmethod
    def rows_of(cls, document: Any, **owner: Any) -> list[Any]:
        """Unsaved rows for every node of ``document`` (a ``tree.Document``) in document order."""
        return [cls(**owner, eid=node.eid, parent_eid=parent, kind=node.kind, num=node.num[:64],
                    marker=node.marker[:255], heading=node.heading, text=node.text, position=position, depth=depth)
                for position, (node, parent, depth) in enumerate(document.flatten())]


class Provision(ProvisionFields):
    expression = models.ForeignKey(Expression, on_delete=models.CASCADE, related_name="provisions")

    class Meta:
        ordering = ["expression", "position"]
        constraints = [models.UniqueConstraint(fields=["expression", "eid"], name="unique_provision_eid")]
        indexes = [models.Index(fields=["expression", "kind"])]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")

    def __str__(self) -> str:
        return f"{self.expression.work} {self.eid}"


class Relation(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        AMENDS = "amends", _("amends")
        REPLACES = "replaces", _("replaces")
        REPEALS = "repeals", _("repeals")
        GUIDES = "guides", _("guides")
        CITES = "cites", _("cites")

    source = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="outgoing")
    source_eid = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target_number = models.CharField(max_length=64)
    target_key = models.CharField(max_length=64, db_index=True)
    target = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming")
    evidence = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_eid", "kind", "target_key"], name="unique_relation"),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target_number}"


class IndexOutbox(models.Model):
    """A change to searchable text, written in the same transaction as the change itself; each host's
    indexer applies it to its own search index (``indexer.py``). ``work_id`` is not a foreign key: the
    row must outlive a deleted work so that the work's passages leave every index."""

    class Op(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    work_id = models.BigIntegerField(_("work id"))
    op = models.CharField(_("operation"), max_length=8, choices=Op.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    # Derived data: a backup leaves it out and a restore starts a new index generation instead.
    backup_excluded = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")

    def __str__(self) -> str:
        return f"#{self.pk} {self.op} {self.work_id}"


class IndexGeneration(models.Model):
    """One row: the identity of this database's content for the search indexes. An index folder
    records the generation it was built from; a different one (a new database, a restore) makes its
    indexer rebuild it."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.UUIDField(_("generation"))
    created_at = models.DateTimeField(_("created"), auto_now=True)

    backup_excluded = True

    class Meta:
        verbose_name = _("search index generation")
        verbose_name_plural = _("search index generations")

    def __str__(self) -> str:
        return str(self.generation)
