"""Writes of partners and partnerships; each writes the audit log. The shipped data
(``data/partnerships.tsv``, from the shared domain notes §7) loads all or nothing, idempotently."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.indicators.models import Level, Partner, PartnershipEvent, Precision

PARTNERSHIPS = Path(__file__).parent / "data" / "partnerships.tsv"
_WHEN = re.compile(r"(?P<by><=)?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def parse_when(text: str) -> tuple[date, str]:
    """"2024-10-07" (a day), "2008-05" (a month), "2016" (a year), "<=2025-08-22" (on or before)."""
    match = _WHEN.fullmatch(text.strip())
    if not match:
        raise ValidationFailed(gettext("not a date: %(text)r (YYYY-MM-DD, YYYY-MM, YYYY or <=YYYY-MM-DD)") % {"text": text})
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    if match["by"] and not match["day"]:
        raise ValidationFailed(gettext("'<=' needs a whole date: %(text)r") % {"text": text})
    try:
        when = date(year, month, day)
    except ValueError as error:
        raise ValidationFailed(gettext("not a date: %(text)r (%(error)s)") % {"text": text, "error": error}) from error
    precision = Precision.BY if match["by"] else Precision.DAY if match["day"] else (
        Precision.MONTH if match["month"] else Precision.YEAR)
    return when, precision


@transaction.atomic
def partnership_record(*, actor: User | None, code: str, name: str, name_en: str, level: str, when: str,
                       source: str = "", uncertain: bool = False, note: str = "") -> PartnershipEvent:
    """Record that ``code`` reached ``level`` on ``when``; recording the same event again updates it."""
    if level not in Level.values:
        raise ValidationFailed(gettext("unknown level %(level)r: one of %(values)s")
                               % {"level": level, "values": ', '.join(Level.values)})
    day, precision = parse_when(when)
    partner, _ = Partner.objects.update_or_create(code=code.strip().upper(), defaults={"name": name, "name_en": name_en})
    event, created = PartnershipEvent.objects.update_or_create(
        partner=partner, level=level, date=day,
        defaults={"precision": precision, "source": source, "uncertain": uncertain, "note": note})
    log_action(actor, "indicators.partnership.recorded" if created else "indicators.partnership.updated", event,
               {"partner": partner.code, "level": level, "when": when, "uncertain": uncertain})
    return event


@transaction.atomic
def partnerships_load(*, actor: User | None, path: Path = PARTNERSHIPS) -> int:
    """Load a partnerships TSV (code, name, name_en, level, when, uncertain, source, note); a bad row
    refuses the whole file with its line number."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    for number, row in enumerate(rows, start=2):
        try:
            partnership_record(actor=actor, code=row["code"], name=row["name"], name_en=row["name_en"],
                               level=row["level"], when=row["when"], source=row["source"] or "",
                               uncertain=(row["uncertain"] or "").strip() == "yes", note=row["note"] or "")
        except (ValidationFailed, KeyError) as error:
            raise ValidationFailed(gettext("%(name)s, row %(number)s: %(error)s")
                                   % {"name": path.name, "number": number, "error": error}) from error
    return len(rows)
