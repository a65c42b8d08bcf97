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
        for name, everything, facet in (("type", _("All types"), "types"), ("issuer", _("All issuers"), "issuers"),
                                        ("year", _("All years"), "years")):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", everything)] + [(value, value) for value in facets[facet]]

    def selection(self) -> dict[str, object]:
        """The selector's keyword arguments (``work_list``), or none when the input is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"doc_type": data["type"] or None, "issuer": data["issuer"] or None, "year": data["year"],
                "status": data["status"] or None, "text": data["text"], "sort": data["sort"] or "-date"}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SalarySupportForm(forms.Form):
    """The calculator's form for ``salary_support``: its inputs and the open-question settings."""

    month = forms.RegexField(label=_("Month (YYYY-MM)"), regex=r"^\d{4}-\d{2}$", initial="2026-01")
    coefficient = forms.DecimalField(label=_("Current salary coefficient"), min_value=1, max_value=12,
                                     decimal_places=2, initial="4.40")
    categories = forms.MultipleChoiceField(
        label=_("Category"), widget=forms.CheckboxSelectMultiple, initial=["regular_staff"],
        choices=[("regular_staff", _("Staff working directly and regularly in foreign affairs and integration (100%)")),
                 ("specialist", _("Expert, leading scientist or rare-language specialist (300%)"))])
    recruited = forms.BooleanField(label=_("Recruited as a civil servant or public employee"), required=False,
                                   initial=True)
    days_worked = forms.IntegerField(label=_("Days worked (blank: the whole month)"), min_value=0, max_value=31,
                                     required=False)
    overlap = forms.ChoiceField(label=_("Several categories"), choices=[
        ("highest", _("only the highest support")), ("sum", _("the sum of the supports"))])
    part_month = forms.ChoiceField(label=_("Part months"), choices=[
        ("full", _("paid in full")), ("prorate", _("prorated by days worked"))])
    salary_day = forms.ChoiceField(label=_("Salary in force on the month's"), choices=[
        ("first", _("first day")), ("last", _("last day"))])

    def inputs(self) -> dict[str, str]:
        data = self.cleaned_data
        inputs = {"coefficient": str(data["coefficient"]), "categories": ",".join(data["categories"]),
                  "recruited": "yes" if data["recruited"] else "no"}
        if data["days_worked"] is not None:
            inputs["days_worked"] = str(data["days_worked"])
        return inputs

    def settings(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in ("overlap", "part_month", "salary_day")}
