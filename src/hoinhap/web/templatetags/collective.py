"""A collective task's summary of its members ("12/34 hoàn thành, 3 quá hạn") for the task and
programme pages, and whether a task's lead reads as a group the secretariat may expand."""

from __future__ import annotations

from django import template
from django.utils import timezone

from hoinhap.implementation import collective
from hoinhap.implementation.models import Task

register = template.Library()


@register.filter
def members_summary(task: Task) -> str:
    found = collective.summary(task, timezone.localdate())
    return found.text if found else ""


@register.filter
def expandable(task: Task) -> bool:
    return collective.read_group(task.collective_group or task.lead.name) is not None
