"""The National Assembly side of a draft in the browser (issue 18, item 3; drafting/na_services.py).

- ``draft_na``: the sessions that considered the draft, on one timeline with its dossier stages,
  and each session's conclusions as the drafting committee's checklist. Public (sessions and
  conclusions are a public record); the counts of opinions are shown to who reads the drafting
  side; the drafting committee records a hearing, adds a conclusion, marks one done.
- ``draft_na_opinions``: the committee pastes or uploads an opinion (a verification report, the
  Standing Committee's opinions, …), reads the proposed per-provision items, edits, merges or drops
  them and stores them (the official letter's flow, without keeping the file: the items are the record).
- ``draft_explanation``: the explanation report to the Standing Committee, as a page or as Word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation, User
from hoinhap.drafting import explanation_report, na_services, selectors
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Draft, Session, SessionConclusion, SessionHearing
from hoinhap.drafting.permissions import is_drafter, reads_unpublished
from hoinhap.legal.letter_split import DROP, KEEP, MERGE, Proposal, apply_choices
from hoinhap.web.errors import Posted
from hoinhap.web.letter_views import MAX_PROPOSALS, _posted_rows, _provisions
from hoinhap.web.shortcuts import attachment


class HearingForm(forms.Form):
    body = forms.ChoiceField(label=gettext_lazy("Body"), choices=Session.Body.choices)
    number = forms.IntegerField(label=gettext_lazy("Session number"), min_value=1)
    held_on = forms.DateField(label=gettext_lazy("Considered on"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_on = forms.DateField(label=gettext_lazy("Session opens on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Session closes on"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=255)
    summary = forms.CharField(label=gettext_lazy("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label=gettext_lazy("Source"), required=False)


class ConclusionForm(forms.Form):
    hearing = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=gettext_lazy("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=gettext_lazy("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CompleteForm(forms.Form):
    conclusion = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("How it was done"), widget=forms.Textarea(attrs={"rows": 2}))


@dataclass
class TimelineEvent:
    day: date | None
    kind: str  # "stage" or "session"
    name: str
    detail: str
    done: bool


def timeline(draft: Draft, hearings: list[SessionHearing]) -> list[TimelineEvent]:
    """The dossier stages (closed or open) and the sessions' hearings, by date; undated stages last."""
    events = [TimelineEvent(item.stage.closed_at.date() if item.stage.closed_at else None, "stage", item.name,
                            "", bool(item.stage.closed_at)) for item in selectors.timeline(draft)]
    events += [TimelineEvent(hearing.held_on, "session", explanation_report.session_label(hearing.session),
                             hearing.summary, hearing.held_on <= timezone.localdate()) for hearing in hearings]
    return sorted(events, key=lambda event: (event.day is None, event.day or date.max, event.kind != "session"))


def _draft(slug: str) -> Draft:
    return selectors.draft_get(slug)


@require_http_methods(["GET", "POST"])
def na_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    drafter = is_drafter(request.user, draft)  # type: ignore[arg-type]
    forms_ = {"hearing": HearingForm(), "conclusion": None, "complete": None}
    error, status = "", 200
    if request.method == "POST":
        user = signed_in(request)
        if user is None:
            return redirect_to_login(request.get_full_path())
        if not drafter:
            raise Http404("no such page")
        error = _run(request, user, draft)
        if not error:
            return redirect(reverse("web:draft_na", args=[draft.slug]))
        status = 422
    hearings = list(draft.hearings.select_related("session").prefetch_related("conclusions"))
    counts = explanation_report.explanation_report(draft).counts if reads_unpublished(request.user, draft) else []  # type: ignore[arg-type]
    return render(request, "web/drafting/na_page.html", {
        "draft": draft, "drafter": drafter, "hearings": hearings, "events": timeline(draft, hearings),
        "counts": [count for count in counts if count.total], "error": error, "forms": forms_,
        "today": timezone.localdate()}, status=status)


def _run(request: HttpRequest, user: User, draft: Draft) -> str:
    """Carry out the posted action; the error to show, or "" when done (with a message)."""
    handler = NA_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return _("Unknown action.")
    try:
        posted = handler(user, request.POST, draft)
    except DomainError as failure:
        return failure.message
    if posted.done:
        messages.success(request, posted.done)
    return posted.error


def _hearing(user: User, data: QueryDict, draft: Draft) -> Posted:
    form = HearingForm(data)
    if not form.is_valid():
        return Posted(error=_form_error(form))
    na_services.hearing_record(actor=user, draft=draft, **form.cleaned_data)
    return Posted(done=_("The session is recorded."))


def _conclusion(user: User, data: QueryDict, draft: Draft) -> Posted:
    form = ConclusionForm(data)
    if not form.is_valid():
        return Posted(error=_form_error(form))
    hearing = draft.hearings.filter(pk=form.cleaned_data["hearing"]).first()
    if hearing is None:
        return Posted(error=_("No such hearing of this draft."))
    na_services.conclusion_add(actor=user, hearing=hearing, text=form.cleaned_data["text"],
                               due_on=form.cleaned_data["due_on"])
    return Posted(done=_("The conclusion is added."))


def _complete(user: User, data: QueryDict, draft: Draft) -> Posted:
    form = CompleteForm(data)
    if not form.is_valid():
        return Posted(error=_form_error(form))
    conclusion = SessionConclusion.objects.filter(pk=form.cleaned_data["conclusion"], hearing__draft=draft).first()
    if conclusion is None:
        return Posted(error=_("No such conclusion of this draft."))
    na_services.conclusion_complete(actor=user, conclusion=conclusion, note=form.cleaned_data["note"])
    return Posted(done=_("The conclusion is marked done."))


# One typed handler per form of the National Assembly page.
NA_ACTIONS: dict[str, Callable[[User, QueryDict, Draft], Posted]] = {
    "hearing": _hearing, "conclusion": _conclusion, "complete": _complete}


def _form_error(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        parts.append(f"{label}: {' '.join(str(error) for error in errors)}")
    return "; ".join(parts)


# --- opinions -------------------------------------------------------------------------------------------

def _sessions() -> list[Session]:
    return list(Session.objects.order_by("-starts_on", "body", "-number"))


@require_http_methods(["GET", "POST"])
def na_opinions(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    draft = _draft(slug)
    if not is_drafter(request.user, draft):
        raise Http404("no such page")
    if request.method == "GET":
        return _opinion_form(request, draft)
    if request.POST.get("action") == "read":
        return _read(request, draft)
    return _save(request, draft)


def _opinion_form(request: HttpRequest, draft: Draft, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "web/drafting/na_opinions.html", {
        "draft": draft, "kinds": na_services.KINDS, "sessions": _sessions(), "error": error,
        "organisations": Organisation.objects.order_by("name"), "posted": request.POST}, status=status)


def _read(request: HttpRequest, draft: Draft) -> HttpResponse:
    text = request.POST.get("text", "")
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            text = na_services.source_text(upload.read(), upload.name or "")
        version, proposals = na_services.opinion_proposals(draft, request.POST.get("kind", ""), text)
    except DomainError as failure:
        return _opinion_form(request, draft, error=failure.message, status=422)
    if not proposals:
        return _opinion_form(request, draft, error=_("No opinion was found in this text."), status=422)
    return _proposals_page(request, draft, version, [(proposal, KEEP) for proposal in proposals[:MAX_PROPOSALS]])


def _proposals_page(request: HttpRequest, draft: Draft, version: object, rows: list[tuple[Proposal, str]], *,
                    error: str = "", status: int = 200) -> HttpResponse:
    labels = dict(_provisions(version_document(version)))  # type: ignore[arg-type]
    kind = na_services.BY_CODE.get(request.POST.get("kind", ""))
    return render(request, "web/drafting/na_proposals.html", {
        "draft": draft, "version": version, "kind": kind, "error": error, "provisions": labels.items(),
        "session": request.POST.get("session", ""), "organisation": request.POST.get("organisation", ""),
        "author_name": request.POST.get("author_name", "")[:255],
        "rows": [{"p": proposal, "choice": choice, "label": labels.get(proposal.eid, "") if proposal.eid
                  else _("Whole draft")} for proposal, choice in rows],
        "choices": ((KEEP, _("keep")), (MERGE, _("merge with the previous")), (DROP, _("drop")))}, status=status)


def _save(request: HttpRequest, draft: Draft) -> HttpResponse:
    rows = _posted_rows(request)
    raw_session, raw_org = request.POST.get("session", ""), request.POST.get("organisation", "")
    session = Session.objects.filter(pk=int(raw_session)).first() if raw_session.isdigit() else None
    organisation = Organisation.objects.filter(pk=int(raw_org)).first() if raw_org.isdigit() else None
    try:
        comments = na_services.opinions_save(
            actor=request.user, draft=draft, kind_code=request.POST.get("kind", ""),  # type: ignore[arg-type]
            proposals=apply_choices([proposal for proposal, _c in rows], [choice for _p, choice in rows]),
            session=session, organisation=organisation, author_name=request.POST.get("author_name", ""))
    except DomainError as failure:
        kind = na_services.BY_CODE.get(request.POST.get("kind", ""))
        if kind is None:
            return _opinion_form(request, draft, error=failure.message, status=422)
        return _proposals_page(request, draft, na_services.review_version(draft, kind), rows, error=failure.message,
                               status=422)
    messages.success(request, _("%(n)s items stored; answer them from the queue.") % {"n": len(comments)})
    return redirect(reverse("web:draft_explanation", args=[draft.slug]))


# --- the explanation report -----------------------------------------------------------------------------

@require_http_methods(["GET"])
def explanation_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    if not reads_unpublished(request.user, draft):  # type: ignore[arg-type]
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404("no such page")
    report = explanation_report.explanation_report(draft)
    if request.GET.get("dinh-dang") == "docx":
        return attachment(explanation_report.to_docx(report, on=timezone.localdate()),
                          f"giai-trinh-{draft.slug}.docx",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return render(request, "web/drafting/na_explanation.html", {
        "draft": draft, "report": report, "totals": explanation_report.totals_line(report),
        "drafter": is_drafter(request.user, draft)})  # type: ignore[arg-type]
