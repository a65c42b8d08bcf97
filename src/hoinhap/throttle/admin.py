from django.contrib import admin

from hoinhap.core.admin import ReadOnlyAdmin
from hoinhap.throttle.models import Counter


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    """The current windows, to see how busy the public writes are; they expire by themselves."""

    list_display = ("scope", "subject", "window_start", "hits")
    list_filter = ("scope",)
