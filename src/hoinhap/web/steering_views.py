"""The Steering Committee's pages under /ban-chi-dao/: the meetings (and the form to create one), a
meeting with its agenda, the figures reported, its conclusion's directions with their tasks and the
follow-up of earlier directions (with the secretariat's forms to add an agenda item, record the
conclusion and assign a lead), the briefing pack as a page and in Word, the members on a date and
the multi-year plans. Reads need a signed-in user (anonymous readers go to the log-in page); writes
are the secretariat's: anyone else posting gets 403 and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation, User
from hoinhap.implementation.permissions import is_secretariat
from hoinhap.steering import selectors, services
from hoinhap.steering.briefing import briefing_pack
from hoinhap.steering.briefing_docx import to_docx
from hoinhap.steering.models import SteeringMeeting
from hoinhap.web.errors import Posted
from hoinhap.web.implementation_forms import LABELS
from hoinhap.web.shortcuts import attachment
from hoinhap.web.shortcuts import reading as _reading

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"



def _require_secretariat(request: HttpRequest) -> None:
    """A write by anyone but the secretariat: 403 before any form is read."""
    if not is_secretariat(signed_in(request)):
        raise Forbidden(_("Only the Steering Committee secretariat may do this."))


def _meeting(request: HttpRequest, held_on: str) -> SteeringMeeting:
    try:
        day = date.fromisoformat(held_on)
    except ValueError as error:
        raise Http404(_("Not a date: %(value)s") % {"value": held_on}) from error
    return selectors.meeting_get(day, reader=signed_in(request))


class MeetingForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    chaired_by = forms.CharField(label=gettext_lazy("Chaired by"), max_length=255, required=False)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=20000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    illustrative = forms.BooleanField(label=gettext_lazy("Illustrative data"), required=False)


class AgendaForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Agenda item"), max_length=20000)
    presenter = forms.CharField(label=gettext_lazy("Presented by"), max_length=255, required=False)


class ConclusionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Conclusion notice"), max_length=20000)
    directions = forms.CharField(
        label=gettext_lazy("Directions, one a line; optionally \"| lead agency code | deadline as written\""),
        widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)

    def clean_directions(self) -> list[services.DirectiveSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["directions"].splitlines(), 1):
            if not line.strip():
                continue
            text, code, deadline = ([part.strip() for part in line.split("|")] + ["", ""])[:3]
            lead = Organisation.objects.filter(code=code).first() if code else None
            if code and lead is None:
                raise forms.ValidationError(_("Line %(n)d: no agency with the code %(code)s.") % {"n": number, "code": code})
            specs.append(services.DirectiveSpec(text=text, lead=lead, deadline_text=deadline))
        if not specs:
            raise forms.ValidationError(_("Write at least one direction."))
        return specs


class AssignLeadForm(forms.Form):
    directive = forms.IntegerField(widget=forms.HiddenInput)
    lead = forms.ModelChoiceField(label=gettext_lazy("Lead agency"), queryset=Organisation.objects.order_by("name"),
                                  to_field_name="code")
    deadline_text = forms.CharField(label=gettext_lazy("Deadline as written (optional)"), max_length=255, required=False)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@_reading
def meetings(request: HttpRequest) -> HttpResponse:
    rows = selectors.meeting_list(reader=signed_in(request))
    form = MeetingForm()
    if request.method == "POST":
        _require_secretariat(request)
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(actor=signed_in(request), title=data["title"], held_on=data["held_on"],
                                                  chaired_by=data["chaired_by"], place=data["place"], source=data["source"],
                                                  illustrative=data["illustrative"])
                return redirect("web:steering_meeting", held_on=meeting.meeting.held_on.isoformat())
            except DomainError as error:
                form.add_error(None, error.message)
    return render(request, "web/steering/meetings.html", {
        "meetings": rows, "form": form, "secretariat": is_secretariat(signed_in(request)), "labels": LABELS,
        "events": selectors.upcoming_events(timezone.localdate(), reader=signed_in(request))})


@_reading
def meeting_page(request: HttpRequest, held_on: str) -> HttpResponse:
    meeting = _meeting(request, held_on)
    posted = Posted()
    if request.method == "POST":
        _require_secretariat(request)
        posted = _run(request, meeting)
        if posted.done:
            messages.success(request, posted.done)
            return redirect("web:steering_meeting", held_on=held_on)
    today = timezone.localdate()
    conclusion = services.conclusion_of(meeting)
    return render(request, "web/steering/meeting.html", {
        "meeting": meeting, "base": meeting.meeting, "agenda": meeting.agenda.all(), "figures": meeting.figures.all(),
        "conclusion": conclusion, "today": today, "labels": LABELS,
        "directives": selectors.directives_of(meeting, today), "follow_up": selectors.follow_up(meeting),
        "secretariat": is_secretariat(signed_in(request)),
        "agenda_form": AgendaForm(),
        "conclusion_form": ConclusionForm(
            initial={"title": conclusion.title if conclusion else _("Conclusion notice of the meeting of %(day)s")
                     % {"day": meeting.meeting.held_on.strftime("%d/%m/%Y")}}),
        "assign_form": AssignLeadForm(), **posted.forms, "error": posted.error})


def _run(request: HttpRequest, meeting: SteeringMeeting) -> Posted:
    """The posted form (``action``) handed to its handler; a service's refusal is shown on the page."""
    handler = MEETING_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return Posted(error=_("Unknown action."))
    try:
        return handler(signed_in(request), request.POST, meeting)
    except DomainError as error:
        return Posted(error=error.message)


def _agenda(user: User | None, data: QueryDict, meeting: SteeringMeeting) -> Posted:
    form = AgendaForm(data)
    if not form.is_valid():
        return Posted(forms={"agenda_form": form})
    services.agenda_add(actor=user, meeting=meeting, **form.cleaned_data)
    return Posted(done=_("The agenda item is added."))


def _conclusion(user: User | None, data: QueryDict, meeting: SteeringMeeting) -> Posted:
    form = ConclusionForm(data)
    if not form.is_valid():
        return Posted(forms={"conclusion_form": form})
    services.conclusion_record(actor=user, meeting=meeting, title=form.cleaned_data["title"],
                               directives=form.cleaned_data["directions"])
    return Posted(done=_("The conclusion is recorded."))


def _assign(user: User | None, data: QueryDict, meeting: SteeringMeeting) -> Posted:
    form = AssignLeadForm(data)
    if not form.is_valid():
        return Posted(forms={"assign_form": form})
    directive = meeting.directives.filter(pk=form.cleaned_data["directive"]).first()
    if directive is None:
        return Posted(error=_("No such direction at this meeting."))
    services.directive_assign_lead(actor=user, directive=directive, lead=form.cleaned_data["lead"],
                                   deadline_text=form.cleaned_data["deadline_text"] or None)
    return Posted(done=_("The lead agency is assigned."))


# One typed handler per form of the meeting page (the secretariat's).
MEETING_ACTIONS: dict[str, Callable[[User | None, QueryDict, SteeringMeeting], Posted]] = {
    "agenda": _agenda, "conclusion": _conclusion, "assign": _assign}


@_reading
def briefing_page(request: HttpRequest, held_on: str) -> HttpResponse:
    meeting = _meeting(request, held_on)
    pack = briefing_pack(meeting, reader=signed_in(request))
    return render(request, "web/steering/briefing.html", {"meeting": meeting, "pack": pack, "labels": LABELS})


@_reading
def briefing_docx(request: HttpRequest, held_on: str) -> HttpResponse:
    meeting = _meeting(request, held_on)
    pack = briefing_pack(meeting, reader=signed_in(request))
    return attachment(to_docx(pack), f"tai-lieu-phien-hop-{held_on}.docx", DOCX)


@_reading
def members(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET or None)
    day = (form.cleaned_data.get("as_of") if form.is_valid() else None) or timezone.localdate()
    rows = selectors.members_on(day, reader=signed_in(request))
    return render(request, "web/steering/members.html", {"members": rows, "form": form, "as_of": day})


@_reading
def plans(request: HttpRequest) -> HttpResponse:
    rows = selectors.plan_list(reader=signed_in(request))
    return render(request, "web/steering/plans.html", {"plans": rows})
