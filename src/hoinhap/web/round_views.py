"""Consultation rounds in the browser: the drafting committee opens a round on a published version
(dates, invited organisations, public or not, who signs the report), and on the round's page extends
it, closes it and freezes its report. Everybody may read a round's page (its dates, state and which
invited organisations have answered); only the committee sees the forms, and the services refuse the
writes of anybody else (403). Each write ends with a message saying what was done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.limits import NAME_CHARS
from hoinhap.core.models import Organisation, User
from hoinhap.drafting import round_services, selectors
from hoinhap.drafting.models import ConsultationRound, Draft, Version
from hoinhap.drafting.permissions import is_drafter
from hoinhap.web.drafting_pages import committee_member as _committee
from hoinhap.web.errors import Posted

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the browser's date field sends the first; people type the second


def _date_field(label: StrOrPromise, required: bool, help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class RoundOpenForm(forms.Form):
    """Nothing is chosen in advance: the version, the deadline, the organisations and public comment
    are the committee's decisions."""

    version = forms.ModelChoiceField(label=_("Published version consulted on"), queryset=Version.objects.none(),
                                     empty_label=_("— choose a version —"))
    opens_on = _date_field(_("Opening date"), False, _("Empty: today."))
    deadline = _date_field(_("Deadline"), True)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations invited"), queryset=Organisation.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Their members are notified by e-mail."))
    public = forms.BooleanField(label=_("Open to public comment"), required=False)
    signer_name = forms.CharField(label=_("Who signs the report (name)"), required=False, max_length=NAME_CHARS)
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=NAME_CHARS,
                                   help_text=_("For example: Thứ trưởng."))
    signer_capacity = forms.CharField(label=_("Signs as"), required=False, max_length=NAME_CHARS,
                                      help_text=_("For example: KT. BỘ TRƯỞNG, TM. BAN SOẠN THẢO; empty: in own name."))

    def __init__(self, *args: object, draft: Draft, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["version"].queryset = draft.versions.filter(  # type: ignore[attr-defined]
            status=Version.Status.PUBLISHED).order_by("-number")
        self.fields["version"].label_from_instance = (  # type: ignore[attr-defined]
            lambda v: gettext("Version %(n)s") % {"n": v.number} + (f" · {v.note}" if v.note else ""))


class ExtendForm(forms.Form):
    deadline = _date_field(_("New deadline"), True)






@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
    user = _committee(request, draft)
    form = RoundOpenForm(request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = round_services.round_open(
                actor=user, version=data["version"], opens_on=data["opens_on"] or timezone.localdate(),
                deadline=data["deadline"], organisations=list(data["organisations"]), public=data["public"],
                signer_name=data["signer_name"], signer_title=data["signer_title"],
                signer_capacity=data["signer_capacity"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext("Round %(n)s is open on version %(v)s until %(d)s; %(i)s organisations "
                                              "invited.") % {"n": made.number, "v": made.version.number,
                                                             "d": _vn(made.deadline), "i": made.invitations.count()})
            return redirect(_round_url(made))
    status = 422 if request.method == "POST" else 200
    return render(request, "web/drafting/round_new.html", {"draft": draft, "form": form}, status=status)


def _vn(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _round_url(round_: ConsultationRound) -> str:
    return reverse("web:draft_round", args=[round_.draft.slug, round_.number])


def _state(round_: ConsultationRound, today: date) -> str:
    if round_.frozen_at:
        return gettext("Closed; report frozen")
    if round_.closed_at:
        return gettext("Closed: no new comments")
    if today < round_.opens_on:
        return gettext("Not open yet")
    if today > round_.deadline:
        return (gettext("Deadline passed: late comments are accepted and flagged") if
                round_services.accepts_late_comments() else gettext("Deadline passed: no new comments"))
    return gettext("Open for comments")


@require_http_methods(["GET", "POST"])
def round_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = selectors.draft_get(slug)
    round_ = selectors.round_get(draft, number)
    posted = Posted()
    if request.method == "POST":
        posted = _run(request, _committee(request, draft), round_)
        if posted.done:
            messages.success(request, posted.done)
            return redirect(_round_url(round_))
        if posted.error:  # said above the page it returns to
            messages.error(request, posted.error)
            return redirect(_round_url(round_))
    extend_form = posted.forms.get("extend_form") or ExtendForm()
    today = timezone.localdate()
    return render(request, "web/drafting/round.html", {
        "draft": draft, "round": round_, "state": _state(round_, today), "today": today,
        "invitations": round_.invitations.select_related("organisation").order_by("organisation__name"),
        "totals": selectors.round_report(round_)[0].totals, "drafter": is_drafter(signed_in(request), draft),
        "extend_form": extend_form,
    }, status=422 if extend_form.errors else 200)


def _run(request: HttpRequest, user: User, round_: ConsultationRound) -> Posted:
    """The posted action's handler; a service's refusal becomes the message shown after the redirect."""
    handler = ROUND_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return Posted(error=gettext("Unknown action."))
    try:
        return handler(user, request.POST, round_)
    except DomainError as error:
        return Posted(error=error.message)


def _extend(user: User, data: QueryDict, round_: ConsultationRound) -> Posted:
    form = ExtendForm(data)
    if not form.is_valid():
        return Posted(forms={"extend_form": form})
    made = round_services.round_extend(actor=user, round_=round_, deadline=form.cleaned_data["deadline"])
    return Posted(done=gettext("The deadline of round %(n)s is now %(d)s.") % {"n": made.number, "d": _vn(made.deadline)})


def _close(user: User, data: QueryDict, round_: ConsultationRound) -> Posted:
    round_services.round_close(actor=user, round_=round_)
    return Posted(done=gettext("Round %(n)s is closed: no new comments are taken. Freeze its report when the answers "
                               "are final.") % {"n": round_.number})


def _freeze(user: User, data: QueryDict, round_: ConsultationRound) -> Posted:
    made = round_services.round_freeze(actor=user, round_=round_)
    return Posted(done=gettext("The report of round %(n)s is frozen (sha256 %(h)s…).")
                  % {"n": made.number, "h": made.report_sha256[:12]})


# One typed handler per form of the round's page (the drafting committee's).
ROUND_ACTIONS: dict[str, Callable[[User, QueryDict, ConsultationRound], Posted]] = {
    "extend": _extend, "close": _close, "freeze": _freeze}
