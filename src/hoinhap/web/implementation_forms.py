"""Forms of the implementation pages: the dashboard's filters, a report, a review, an extension."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoinhap.core.models import Organisation
from hoinhap.implementation import buckets
from hoinhap.implementation.models import Programme, TaskReport

LABELS = {buckets.COMPLETED_ON_TIME: _("Completed on time"), buckets.COMPLETED_LATE: _("Completed late"),
          buckets.IN_PROGRESS: _("In progress, within the deadline"), buckets.OVERDUE: _("Not completed, overdue"),
          buckets.CONTINUOUS: _("Continuous or recurring")}


class DashboardForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Organisation.objects.order_by("code"),
                                    required=False, to_field_name="code")
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.order_by("slug"), required=False,
                                       to_field_name="slug")
    bucket = forms.ChoiceField(label=_("Status"), choices=[], required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["bucket"].choices = [("", _("All"))] + [(b, LABELS[b]) for b in buckets.BUCKETS]  # type: ignore[attr-defined]




class ReportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskReport.Kind.choices)
    # not required here: a classified task's report has no text (the service refuses an empty one otherwise)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000,
                           required=False)
    output_number = forms.CharField(label=_("Output number (e.g. 15/2025/NĐ-CP)"), required=False, max_length=64)
    output_date = forms.DateField(label=_("Output date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False)
    classified_reference = forms.CharField(label=_("Reference of the report kept elsewhere (classified tasks only)"),
                                           required=False, max_length=255)

    def __init__(self, *args: object, agencies: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies or Organisation.objects.none()  # type: ignore[attr-defined]
        if agencies is not None and len(agencies) == 1:  # type: ignore[arg-type]  # one agency: already chosen
            self.fields["agency"].initial = agencies[0].pk  # type: ignore[index]
            self.fields["agency"].empty_label = None  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    # No decision is preselected: the reviewer chooses one, or the form says a choice is needed.
    accept = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", empty_value=None,
                                    choices=[("", _("— choose —")), ("yes", _("Accept")), ("no", _("Return"))])
    reason = forms.CharField(label=_("Reason (required to return)"), required=False, max_length=5000)


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=5000)


class DecisionForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", empty_value=None,
                                     choices=[("", _("— choose —")), ("yes", _("Approve")), ("no", _("Refuse"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5000)
