"""Partners and partnerships. A partnership is a dated event (partner, level, date, source), never a
typed count: the count at any date is computed from the events (``selectors.partner_counts``)."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=128)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    """Framework levels, highest first (the order ranks two events on the same day)."""

    COMPREHENSIVE_STRATEGIC = "comprehensive_strategic", _("Comprehensive strategic partnership")
    STRATEGIC = "strategic", _("Strategic partnership")
    COMPREHENSIVE = "comprehensive", _("Comprehensive partnership")


class Precision(models.TextChoices):
    """How much of the date the sources give. An event counts from the day it certainly existed:
    the day itself, the last day of its month or year, or the date of the list that first names it."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    BY = "by", _("on or before")


class PartnershipEvent(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="events")
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)
    date = models.DateField(_("date"), help_text="first day of the month or year when the precision is coarser")
    precision = models.CharField(_("date precision"), max_length=8, choices=Precision.choices, default=Precision.DAY)
    source = models.CharField(_("source"), max_length=500, blank=True)
    uncertain = models.BooleanField(_("uncertain"), default=False, help_text="the sources disagree or are missing")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "partner__name"]
        constraints = [models.UniqueConstraint(fields=["partner", "level", "date"], name="one_event_per_level_and_date")]

    def __str__(self) -> str:
        return f"{self.partner} {self.level} {self.date}"

    @property
    def when(self) -> str:
        """The date as precisely as it is known, in the data file's notation ("2008-05", "<=2025-08-22")."""
        if self.precision == Precision.YEAR:
            return f"{self.date:%Y}"
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return f"<={self.date.isoformat()}" if self.precision == Precision.BY else self.date.isoformat()

    @property
    def counts_from(self) -> date:
        """The first day on which the partnership certainly existed."""
        if self.precision == Precision.YEAR:
            return date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            return date(self.date.year, self.date.month, calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date
