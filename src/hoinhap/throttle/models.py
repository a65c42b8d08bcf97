"""One row per (scope, subject, window): how many writes a client made in a fixed window. The table
is the store every web server shares; rows of ended windows are pruned as new windows start."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    scope = models.CharField(max_length=32)  # "address", "account" or "intake"
    # A keyed hash of the client's address or account id: the table never holds an address itself.
    subject = models.CharField(max_length=64)
    window_start = models.BigIntegerField()  # seconds since the epoch
    window_end = models.BigIntegerField(db_index=True)  # for pruning
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "subject", "window_start"],
                                               name="throttle_counter_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.subject[:8]}… {self.hits}"
