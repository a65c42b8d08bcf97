from django.contrib import admin

from hoinhap.corpus.models import Expression, Provision, Relation, Work


class ExpressionInline(admin.TabularInline):
    model = Expression
    fields = ("language", "source_format", "source_name", "imported_at")
    readonly_fields = fields
    extra = 0


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("number", "doc_type", "title", "date", "status", "is_illustrative")
    list_filter = ("doc_type", "status", "is_illustrative")
    search_fields = ("number", "title", "issuer")
    inlines = [ExpressionInline]


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ("expression", "eid", "kind", "heading")
    list_filter = ("kind",)
    search_fields = ("eid", "heading", "text")


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ("source", "kind", "target_number", "target")
    list_filter = ("kind",)
