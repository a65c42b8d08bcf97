"""What a person asked the queue for and may fetch later: a report too large to render during the
request. The queue's own rows (django-tasks-db) say how the work ran; this row says who asked, for
what, and where the file is, so that only the one who asked can fetch it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION_REPORT = "drafting.report", _("Comment-response report")
        PERIODIC_REPORT = "implementation.periodic_report", _("Periodic task report")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # A random id: it appears in URLs, and a sequence would tell how many reports others asked for.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64, choices=Kind.choices)
    params = models.JSONField(default=dict, help_text=_("What to render, as the request gave it."))
    rows = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"
