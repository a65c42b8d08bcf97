from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from hoinhap.core.models import ApiToken, AuditEntry, Membership, Organisation, User
from hoinhap.core.services import log_action


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only services may write (the audit log, derived provisions, drafting records whose
    rules, such as immutability and re-anchoring, an admin form would bypass)."""

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits bypass the services, so they write the audit log here, in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            verb = "changed" if change else "added"
            log_action(request.user, f"admin.{obj._meta.label_lower}.{verb}", obj,
                       {"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_action(request.user, f"admin.{obj._meta.label_lower}.deleted", obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                log_action(request.user, f"admin.{obj._meta.label_lower}.deleted", obj)
            super().delete_queryset(request, queryset)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "successor", "active_until")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_en")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class HoinhapUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):  # the log is written by services only
    list_display = ("created_at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("action", "target_repr")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):  # created and revoked through the services (`hoinhap tokens`, the account page)
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    exclude = ("token_hash",)
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
