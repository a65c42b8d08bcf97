"""Implementation in the admin: to look. Tasks are created and changed through the services (the
pages, the API, ``hoinhap tasks import``), which parse deadlines, check the one-lead rule and write
the audit log; an admin form would bypass them."""

from django.contrib import admin

from hoinhap.core.admin import ReadOnlyAdmin
from hoinhap.implementation.models import (
    Bottleneck,
    DeadlineExtension,
    Escalation,
    Meeting,
    Programme,
    Task,
    TaskReport,
)


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("pk", "programme", "number", "title", "lead", "deadline_text", "deadline", "completed_on")
    list_filter = ("programme", "deadline_kind", "continuous")
    search_fields = ("title", "number", "deadline_text")


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyAdmin):
    list_display = ("task", "agency", "kind", "submitted_on", "review", "reviewed_on")
    list_filter = ("kind", "review")


for model in (Programme, Meeting, DeadlineExtension, Escalation, Bottleneck):
    admin.site.register(model, ReadOnlyAdmin)
