"""Forms for the pages: validation of what a user types, turned into the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoinhap.search.engine import Filters

DOC_TYPES = ["Luật", "Bộ luật", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Kết luận"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=500, required=False)
    type = forms.ChoiceField(label=_("Document type"), required=False,
                             choices=[("", _("All types"))] + [(t, t) for t in DOC_TYPES])
    issuer = forms.CharField(label=_("Issuer code"), max_length=16, required=False)
    year_from = forms.IntegerField(label=_("From year"), min_value=1945, max_value=2100, required=False)
    year_to = forms.IntegerField(label=_("To year"), min_value=1945, max_value=2100, required=False)
    in_force = forms.BooleanField(label=_("In force only"), required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False, widget=forms.HiddenInput)

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(doc_types=(data["type"],) if data["type"] else (),
                       issuers=(data["issuer"].strip().upper(),) if data["issuer"].strip() else (),
                       year_from=data["year_from"], year_to=data["year_to"],
                       in_force=True if data["in_force"] else None)
