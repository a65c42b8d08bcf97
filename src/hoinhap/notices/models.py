"""A notice to one person. Its words are composed when shown (``kinds.py``), in the reader's
language, from its kind and parameters; only the parameters are stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.created_at:%Y-%m-%d}"
