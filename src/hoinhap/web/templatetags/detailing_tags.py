"""``may_plan_detailing``: whether the reader sees the link to the detailing programme of a text."""

from __future__ import annotations

from typing import Any

from django import template

from hoinhap.web.detailing_views import may_plan_detailing as _may_plan_detailing

register = template.Library()


@register.filter
def may_plan_detailing(user: Any) -> bool:
    return _may_plan_detailing(user)
