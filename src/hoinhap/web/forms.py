"""Forms for the pages: validation of what a user types, turned into the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoinhap.corpus.models import Work
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


class WorkListForm(forms.Form):
    """The document list's filters and sort, all in the URL so that a filtered list can be shared."""

    text = forms.CharField(label=_("Number or title"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Document type"), required=False)
    issuer = forms.ChoiceField(label=_("Issuer code"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(Work.Status.choices))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("-date", _("Newest first")), ("date", _("Oldest first")), ("number", _("Number")),
        ("title", _("Title")), ("type", _("Document type"))])

    def __init__(self, data: object, facets: dict[str, list[str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["type"].choices = [("", _("All types"))] + [(t, t) for t in facets["types"]]
        self.fields["issuer"].choices = [("", _("All issuers"))] + [(i, i) for i in facets["issuers"]]
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in facets["years"]]

    def selection(self) -> dict[str, object]:
        """The selector's keyword arguments (``work_list``), or none when the input is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"doc_type": data["type"] or None, "issuer": data["issuer"] or None, "year": data["year"],
                "status": data["status"] or None, "text": data["text"], "sort": data["sort"] or "-date"}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
