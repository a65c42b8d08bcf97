from datetime import date

from django import template
from django.utils.translation import get_language

from hoinhap.legal.numbers import format_vietnamese_date

register = template.Library()


@register.filter
def vndate(value: date | None) -> str:
    """"ngày 05 tháng 01 năm 2026" in Vietnamese, ISO-like "5 January 2026" in English."""
    if not value:
        return ""
    if (get_language() or "vi").startswith("vi"):
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
def isodate(value: str) -> date | None:
    """``"2025-07-15"|isodate``: a date from the ISO text the JSON-shaped selectors hand out."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
