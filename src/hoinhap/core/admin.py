from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hoinhap.core.models import AuditEntry, Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "successor", "active_until")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_en")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class HoinhapUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("action", "target_repr")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):  # the log is written by services only
        return False

    def has_change_permission(self, request, obj=None):
        return False
