"""The audit log, global and per object: filtered from the URL, paginated, exportable as CSV. The CSV
is for people (opened in a spreadsheet): a cell that starts like a formula gets a leading "'"
(``core/spreadsheets.py``, rule 2), since object names and data come from users."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoinhap.core.audit_labels import action_label, detail_items
from hoinhap.core.errors import NotFound
from hoinhap.core.selectors import audit_entries, can_read_audit
from hoinhap.core.spreadsheets import csv_row_for_people

PER_PAGE = 50
# For people: headers in their language, the action in words beside its code (which filters use).
CSV_HEADERS = [_("When"), _("User"), _("Action performed"), _("Action code"), _("Object type"), _("Object id"), _("Object"),
               _("Details")]


class AuditForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=100)
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    target = forms.CharField(label=_("Object (type or type:id)"), required=False, max_length=200)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):  # type: ignore[arg-type]
        raise NotFound(str(_("Not found")))  # the log's existence is not advertised to others
    form = AuditForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    entries = audit_entries(**filters)
    if request.GET.get("format") == "csv":
        return _csv(entries)
    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {"form": form, "page": page, "query": params.urlencode()})


def _csv(entries: object) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for entry in entries.iterator():  # type: ignore[attr-defined]
        details = "; ".join(f"{label}: {value}" if label else value for label, value in detail_items(entry.data))
        writer.writerow(csv_row_for_people([
            timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M:%S"),
            entry.actor.username if entry.actor else "", action_label(entry.action), entry.action,
            entry.target_type, entry.target_id, entry.target_repr, details]))
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky.csv"'
    return response
