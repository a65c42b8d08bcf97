"""Writes of indicators and their observations. A CSV or XLSX of observations imports all or
nothing: one bad row refuses the file with its row number, and the database is unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.core.tables import read_rows
from hoinhap.indicators.measures import Target, TargetError
from hoinhap.indicators.models import Indicator, IndicatorObservation
from hoinhap.indicators.periods import Period, PeriodError
from hoinhap.mechanisms.messages import error_message

COLUMNS = ("indicator", "period", "value", "released", "status", "cumulative", "source")
MAX_ROWS = 100_000


@transaction.atomic
def observations_import(*, actor: User | None, data: bytes, filename: str = "") -> int:
    rows = read_rows(data, filename)
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(_("more than %(MAX_ROWS)s rows") % {"MAX_ROWS": MAX_ROWS})
    missing = [c for c in ("indicator", "period", "value", "released") if rows and c not in rows[0]]
    if missing:
        raise ValidationFailed(_("missing columns: %(missing)s (expected %(COLUMNS)s)")
                               % {"missing": ', '.join(missing), "COLUMNS": ', '.join(COLUMNS)})
    indicators = {i.code: i for i in Indicator.objects.all()}
    for number, row in enumerate(rows, start=2):
        try:
            _store(indicators, row)
        except ValidationFailed as error:
            raise ValidationFailed(_("%(value)s, row %(number)s: %(message)s")
                                   % {"value": filename or 'file', "number": number, "message": error.message}) from error
    log_action(actor, "indicators.observations.imported", None, {"file": filename, "rows": len(rows)})
    return len(rows)


def _store(indicators: dict[str, Indicator], row: dict[str, Any]) -> None:
    indicator = indicators.get(row.get("indicator", ""))
    if indicator is None:
        raise ValidationFailed(_("unknown indicator %(value)r") % {"value": row.get('indicator')})
    try:
        period = str(Period.parse(row["period"]))
        released = date.fromisoformat(row["released"])
        value = Decimal(row["value"].replace(",", "."))
    except (PeriodError, ValueError, InvalidOperation) as error:
        raise ValidationFailed(error_message(error) or _("bad value")) from error
    status = row.get("status") or IndicatorObservation.Status.PRELIMINARY
    if status not in IndicatorObservation.Status.values:
        raise ValidationFailed(_("status must be one of %(values)s")
                               % {"values": ', '.join(IndicatorObservation.Status.values)})
    cumulative = (row.get("cumulative") or "yes").lower() in ("yes", "true", "1", "có")
    IndicatorObservation.objects.update_or_create(
        indicator=indicator, period=period, cumulative=cumulative, released=released,
        defaults={"value": value, "status": status, "source": row.get("source", "")})


@transaction.atomic
def indicator_upsert(*, actor: User | None, code: str, **fields: Any) -> Indicator:
    """Create or update an indicator by code; the target must read as a target ("8% trở lên")."""
    if fields.get("target"):
        try:
            Target.parse(fields["target"], higher_is_better=fields.get("higher_is_better", True))
        except TargetError as error:
            raise ValidationFailed(error_message(error)) from error
    indicator, created = Indicator.objects.update_or_create(code=code, defaults=fields)
    log_action(actor, "indicators.indicator.created" if created else "indicators.indicator.updated", indicator,
               {"code": code})
    return indicator
