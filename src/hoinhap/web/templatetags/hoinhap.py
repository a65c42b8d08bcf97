from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from hoinhap import formatting
from hoinhap.legal.eids import eid_words
from hoinhap.legal.numbers import format_vietnamese_date

register = template.Library()


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


@register.filter
def vnnum(value: int | float | Decimal | str | None, decimals: int | None = None) -> str:
    """34.959.600 and 7,52 in Vietnamese; 34,959,600 and 7.52 in English."""
    if value is None or value == "":
        return ""
    text = formatting.number(value, decimals)
    return text if _vietnamese() else text.replace(".", "\x00").replace(",", ".").replace("\x00", ",")


@register.filter
def vnpercent(value: int | float | Decimal | str | None, decimals: int | None = None) -> str:
    text = vnnum(value, decimals)
    return f"{text}%" if text else ""


@register.filter
def vnperiod(code: object) -> str:
    """"quý III/2025" for "2025-Q3" in Vietnamese; the code itself in English."""
    return formatting.period(code) if _vietnamese() else str(code or "")


@register.filter
def vnday(value: date | None) -> str:
    """05/01/2026: a date in a table cell."""
    return formatting.date_table(value)


@register.filter
def provision_ref(value: str) -> str:
    """"v3 chp_IV__art_10" (a version and an eId, as the coverage rows hold them) → "Điều 10 (v3)"."""
    version, _, eid = str(value).partition(" ")
    return f"{eid_words(eid)} ({version})" if eid else eid_words(version)


@register.filter
def vndate(value: date | None) -> str:
    """"ngày 05 tháng 01 năm 2026" in Vietnamese, ISO-like "5 January 2026" in English."""
    if not value:
        return ""
    if _vietnamese():
        return format_vietnamese_date(value)
    return f"{value.day} {value:%B} {value.year}"


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    """``mapping[key]`` in a template, or None."""
    return (mapping or {}).get(key)


@register.filter
def heading_level(level: int | str | None) -> int:
    """A provision's heading level: 2 by default (under the page's h1), one deeper per level, 1 to 6."""
    try:
        return max(1, min(6, int(level or 2)))
    except (TypeError, ValueError):
        return 2



@register.filter
def split(value: str) -> list[str]:
    """``"docx pdf"|split``: the words of a literal, to loop over in a template."""
    return value.split()


@register.filter
def localday(value: datetime | None) -> date | None:
    """The day a moment fell on in the site's time zone (Vietnam): an entry made at 06:00 on
    1 December there is stored as 23:00 UTC on 30 November."""
    return timezone.localdate(value) if value else None


@register.filter
def isodate(value: str) -> date | None:
    """``"2025-07-15"|isodate``: a date from the ISO text the JSON-shaped selectors hand out."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def is_administrator(user: object) -> bool:
    """Whether the footer offers the accounts page."""
    from hoinhap.core.services import is_administrator as administrator

    return administrator(user) if getattr(user, "is_authenticated", False) else False  # type: ignore[arg-type]


@register.filter
def with_unit(value: str, unit: str | None) -> str:
    """A figure already formatted, then its unit: "7,52%" (no space before a per cent sign), "514 tỷ USD"."""
    if not unit:
        return value
    return f"{value}{unit}" if unit.strip() == "%" else f"{value} {unit}"


@register.filter
def audit_action(code: str) -> str:
    """"Mở đợt lấy ý kiến" for ``drafting.round.opened`` (core/audit_labels.py)."""
    from hoinhap.core.audit_labels import action_label

    return action_label(code)


@register.filter
def audit_details(data: object) -> list[tuple[str, str]]:
    from hoinhap.core.audit_labels import detail_items

    return detail_items(data)


@register.filter
def said(marked: object) -> str:
    """A core's marked message in the reader's language: a marked text (a rule's description), an
    evaluation's reason (``reason_template``), a judgement's explanation or an error (``template``), each
    with its values (``mechanisms.messages``)."""
    from hoinhap.mechanisms.messages import said as say

    if isinstance(marked, str):  # a marked text alone ({% translate var %} would double its "%" signs first)
        return say(marked)
    template = getattr(marked, "reason_template", None) or getattr(marked, "template", None)
    if not template:
        return str(getattr(marked, "reason", None) or getattr(marked, "explanation", None) or marked or "")
    return say(template, getattr(marked, "reason_params", None) or getattr(marked, "params", None))
