"""Partners and partnerships. A partnership is a dated event (partner, level, date, source), never a
typed count: the count at any date is computed from the events (``selectors.partner_counts``)."""

from __future__ import annotations

import calendar
import datetime
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
    def counts_from(self) -> datetime.date:  # the module's name: ``date`` is a field here
        """The first day on which the partnership certainly existed."""
        if self.precision == Precision.YEAR:
            return date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            return date(self.date.year, self.date.month, calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date


class Indicator(models.Model):
    """A number the Steering Committee follows, tied to the provision that sets its target."""

    class Kind(models.TextChoices):
        RATE = "rate", _("rate (compared as it stands)")
        AMOUNT = "amount", _("amount (compared with the year's trajectory)")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=32)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.RATE)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    source_agency = models.CharField(_("source agency"), max_length=128, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=16, blank=True)
    target = models.CharField(_("target as written"), max_length=255, blank=True)
    target_work = models.ForeignKey("corpus.Work", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="indicator_targets")
    target_eid = models.CharField(_("provision setting the target"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndicatorObservation(models.Model):
    """One release of a figure: a period's value as published on ``released`` (a vintage)."""

    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary")
        REVISED = "revised", _("revised")
        OFFICIAL = "official", _("official")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(_("period"), max_length=16, help_text="2025, 2025-H1, 2025-Q3 or 2025-07")
    cumulative = models.BooleanField(_("year to date"), default=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PRELIMINARY)
    released = models.DateField(_("released"))
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator", "released"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period", "cumulative", "released"],
                                               name="one_release_per_period_and_day")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value} ({self.status}, {self.released})"
