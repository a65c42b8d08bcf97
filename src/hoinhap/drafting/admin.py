"""Drafting in the admin: to look, not to edit. Writes go through the drafting pages, the API and
the CLI, whose services keep versions immutable, re-anchor comments and freeze reports."""

from django.contrib import admin

from hoinhap.core.admin import ReadOnlyAdmin
from hoinhap.drafting.models import (
    Comment,
    ConsultationRound,
    Draft,
    Invitation,
    ProvisionEdit,
    Response,
    Stage,
    StageDocument,
    Version,
)


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "drafting_agency", "adopted_work", "is_illustrative")
    search_fields = ("slug", "title")


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ("draft", "number", "status", "published_at", "note")
    list_filter = ("status",)
    exclude = ("tree",)


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ("draft", "position", "code", "version", "opened_at", "closed_at")


@admin.register(ConsultationRound)
class ConsultationRoundAdmin(ReadOnlyAdmin):
    list_display = ("draft", "number", "version", "opens_on", "deadline", "public", "frozen_at", "report_sha256")
    exclude = ("report_snapshot",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "round", "eid", "organisation", "author_name", "is_public", "created_at")
    list_filter = ("is_public", "round")
    search_fields = ("text", "quote", "author_name")


for model in (StageDocument, Invitation, Response, ProvisionEdit):
    admin.site.register(model, ReadOnlyAdmin)
