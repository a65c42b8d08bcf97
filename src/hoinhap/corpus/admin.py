from django.contrib import admin

from hoinhap.core.admin import AuditedAdmin, ReadOnlyAdmin
from hoinhap.corpus.models import Expression, IndexGeneration, IndexOutbox, Provision, Relation, Work
from hoinhap.corpus.services import work_delete, work_update


class ExpressionInline(admin.TabularInline):
    model = Expression
    fields = ("language", "source_format", "source_name", "imported_at")
    readonly_fields = fields
    extra = 0


@admin.register(Work)
class WorkAdmin(AuditedAdmin):
    list_display = ("number", "doc_type", "title", "date", "status", "is_illustrative")
    list_filter = ("doc_type", "status", "is_illustrative")
    search_fields = ("number", "title", "issuer")
    inlines = [ExpressionInline]

    # Through the services: they write the audit log and keep the search index in step.
    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        work_update(actor=request.user, work=obj, fields=list(form.changed_data))

    def delete_model(self, request, obj):
        work_delete(actor=request.user, work=obj)

    def delete_queryset(self, request, queryset):
        for work in queryset:
            work_delete(actor=request.user, work=work)


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ("expression", "eid", "kind", "heading")
    list_filter = ("kind",)
    search_fields = ("eid", "heading", "text")

    # Provisions are derived from the expression's tree at import; an edit here would split them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Relation)
class RelationAdmin(AuditedAdmin):
    list_display = ("source", "kind", "target_number", "target")
    list_filter = ("kind",)


# The search index's outbox and generation: for operators to see what the indexers have to apply.
@admin.register(IndexOutbox)
class IndexOutboxAdmin(ReadOnlyAdmin):
    list_display = ("id", "op", "work_id", "created_at")
    list_filter = ("op",)


@admin.register(IndexGeneration)
class IndexGenerationAdmin(ReadOnlyAdmin):
    list_display = ("generation", "created_at")
