"""Pages of collective tasks and the reporting regime: the secretariat's button that expands a task led
by a group; a programme's matrix of periodic reports (signed-in readers) with the forms to set the
regime and send reminders (secretariat) and to file an agency's report (its reporters). One handler
per action; a domain error comes back as a message on the page the form was on."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoinhap.core.errors import DomainError, Unauthenticated, ValidationFailed
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation
from hoinhap.implementation import collective, reporting_regime, selectors
from hoinhap.implementation.cutoffs import KINDS
from hoinhap.implementation.permissions import is_secretariat, reporter_agencies
from hoinhap.web.shortcuts import reading

PERIOD_NAMES = {"month": gettext_lazy("month"), "quarter": gettext_lazy("quarter"), "half": gettext_lazy("half-year"),
                "year": gettext_lazy("year")}
STATE_NAMES = {reporting_regime.REPORTED: gettext_lazy("Reported"), reporting_regime.LATE: gettext_lazy("Reported late"),
               reporting_regime.MISSING: gettext_lazy("Missing"), reporting_regime.NOT_DUE: gettext_lazy("Not yet due")}


class RegimeForm(forms.Form):
    every = forms.ChoiceField(label=gettext_lazy("Report every"), required=False,
                              choices=[("", gettext_lazy("— no regime —")), *((k, PERIOD_NAMES[k]) for k in KINDS)])
    due_days = forms.IntegerField(label=gettext_lazy("Days after the cut-off to report"), required=False, min_value=0,
                                  max_value=reporting_regime.MAX_DUE_DAYS)
    report_from = forms.DateField(label=gettext_lazy("Reports due from"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))


class PeriodReportForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Organisation.objects.none())
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    text = forms.CharField(label=gettext_lazy("Report"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=gettext_lazy("Attached file (optional)"), required=False)

    def __init__(self, *args: object, agencies: object, periods: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]


def _matrix_page(slug: str) -> HttpResponse:
    return redirect("web:programme_reporting", slug=slug)


def _acting(request: HttpRequest, slug: str, action: Callable[[], str]) -> HttpResponse:
    """Run a write; its message (or the domain error's) shown on the matrix page."""
    try:
        messages.success(request, action())
    except Unauthenticated:
        return redirect_to_login(request.get_full_path())
    except DomainError as error:
        messages.error(request, error.message)
    return _matrix_page(slug)


@reading
def programme_reporting(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in(request)
    if user is None:
        raise Unauthenticated(_("Sign in to read the reporting matrix."))
    programme, today = selectors.programme_get(slug), timezone.localdate()
    matrix = reporting_regime.matrix(programme, today)
    mine = Organisation.objects.filter(pk__in=reporter_agencies(user) & {org.pk for org, _ in matrix.rows})
    periods = [(c.code, c.label) for c in matrix.columns]  # each has started: the matrix ends with today's
    return render(request, "web/implementation/reporting.html", {
        "programme": programme, "matrix": matrix, "today": today, "secretariat": is_secretariat(user),
        "states": STATE_NAMES, "every": PERIOD_NAMES.get(programme.report_every, ""),
        "regime_form": RegimeForm(initial={"every": programme.report_every, "due_days": programme.report_due_days,
                                           "report_from": programme.report_from}),
        "report_form": PeriodReportForm(agencies=mine, periods=periods[::-1]) if mine.exists() and periods else None,
        "due_columns": [c for c in matrix.columns if c.due < today]})


@require_POST
def regime_set(request: HttpRequest, slug: str) -> HttpResponse:
    form = RegimeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the regime's fields."))
        return _matrix_page(slug)
    data = form.cleaned_data

    def act() -> str:
        reporting_regime.regime_set(actor=signed_in(request), programme=selectors.programme_get(slug),
                                    every=data["every"], due_days=data["due_days"], report_from=data["report_from"])
        return _("The reporting regime is saved.")

    return _acting(request, slug, act)


@require_POST
def reports_remind(request: HttpRequest, slug: str) -> HttpResponse:
    def act() -> str:
        sent = reporting_regime.reports_remind(actor=signed_in(request), programme=selectors.programme_get(slug),
                                               today=timezone.localdate(), period=request.POST.get("period") or None)
        return _("%(n)s agencies reminded.") % {"n": len(sent)}

    return _acting(request, slug, act)


@require_POST
def period_report_submit(request: HttpRequest, slug: str) -> HttpResponse:
    def act() -> str:
        upload = request.FILES.get("file")
        agency = Organisation.objects.filter(pk=request.POST.get("agency") or 0).first()
        if agency is None:
            raise ValidationFailed(_("Choose the agency you report for."))
        reporting_regime.period_report_submit(
            actor=signed_in(request), programme=selectors.programme_get(slug), agency=agency,
            period=request.POST.get("period", ""), text=request.POST.get("text", ""), today=timezone.localdate(),
            file=upload.read() if upload else None, file_name=upload.name or "" if upload else "")
        return _("Your periodic report is submitted.")

    return _acting(request, slug, act)


@require_POST
@reading
def task_expand(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    task = selectors.task_get(pk, reader=user)
    try:
        expansion = collective.task_expand(actor=user, task=task, today=timezone.localdate())
        messages.success(request, _("%(created)s subtasks created; %(kept)s there already.")
                         % {"created": len(expansion.created), "kept": expansion.kept})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:task", pk=pk)
