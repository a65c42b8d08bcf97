from django.contrib import admin

from hoinhap.core.admin import AuditedAdmin
from hoinhap.indicators.models import Indicator, IndicatorObservation, Partner, PartnershipEvent


class PartnershipEventInline(admin.TabularInline):
    model = PartnershipEvent
    extra = 0


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")
    inlines = [PartnershipEventInline]


@admin.register(PartnershipEvent)
class PartnershipEventAdmin(AuditedAdmin):
    list_display = ("partner", "level", "date", "precision", "uncertain")
    list_filter = ("level", "precision", "uncertain")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "unit", "kind", "target", "is_illustrative")
    search_fields = ("code", "name", "name_en")


@admin.register(IndicatorObservation)
class IndicatorObservationAdmin(AuditedAdmin):
    list_display = ("indicator", "period", "value", "status", "released", "cumulative")
    list_filter = ("indicator", "status", "cumulative")
