"""Requirement coverage under /ban-chi-dao/yeu-cau/: the directing documents with requirements, a
document's coverage matrix (filters in the URL, CSV and XLSX), a requirement with its proposed,
confirmed and rejected links. One typed handler per write: requirements (made from the document,
by hand, from TSV, corrected) are the secretariat's; proposing and deciding links to a draft's
provisions the secretariat's or that draft's drafting committee's, links to tasks the secretariat's.
Reads need a signed-in user; anyone else posting gets 403 before any form is read."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.models import Membership, User
from hoinhap.corpus.models import Work
from hoinhap.drafting.models import Draft
from hoinhap.drafting.permissions import is_drafter
from hoinhap.implementation.permissions import is_secretariat
from hoinhap.steering import coverage, coverage_exports
from hoinhap.steering import coverage_selectors as selectors
from hoinhap.steering.models import CoverageLink, Requirement
from hoinhap.web.shortcuts import attachment
from hoinhap.web.shortcuts import reading as _reading

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATE_LABELS = {selectors.COVERED: gettext_lazy("Covered"), selectors.PARTLY: gettext_lazy("Partly covered"),
                selectors.NOT_COVERED: gettext_lazy("Not covered")}


def _require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(signed_in(request)):
        raise Forbidden(_("Only the Steering Committee secretariat may do this."))


def _require_decider(request: HttpRequest, draft: Draft | None) -> None:
    user = signed_in(request)
    if not (is_secretariat(user) or (draft is not None and is_drafter(user, draft))):
        raise Forbidden(_("Only the Steering Committee secretariat or the drafting committee may do this."))


def _work(request: HttpRequest, doc: str) -> Work:
    selectors.documents_with_requirements(reader=signed_in(request))  # the read rule first: sign in
    return selectors.work_get(doc, signed_in(request))


class DocumentForm(forms.Form):
    document = forms.CharField(label=gettext_lazy("Directing document (number or slug)"), max_length=120)


class RequirementForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    field = forms.ChoiceField(label=gettext_lazy("Field"), choices=Requirement.Field.choices)
    text = forms.CharField(label=gettext_lazy("Requirement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    source_eid = forms.CharField(label=gettext_lazy("Source provision (eId)"), max_length=255, required=False)


class EditForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Field"), choices=Requirement.Field.choices)
    text = forms.CharField(label=gettext_lazy("Requirement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("TSV file: code, field, text, source eId"))


class ProposeForm(forms.Form):
    draft = forms.ModelChoiceField(label=gettext_lazy("Draft"), queryset=Draft.objects.order_by("slug"),
                                   to_field_name="slug", required=False)
    tasks = forms.BooleanField(label=gettext_lazy("Also propose programme tasks"), required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("full", gettext_lazy("Covers fully")), ("partial", gettext_lazy("Covers partly")),
                                          ("reject", gettext_lazy("Reject"))])
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)


class FilterForm(forms.Form):
    draft = forms.ModelChoiceField(label=gettext_lazy("Draft"), queryset=Draft.objects.order_by("slug"),
                                   to_field_name="slug", required=False, empty_label=gettext_lazy("All drafts"))
    field = forms.ChoiceField(label=gettext_lazy("Field"), required=False,
                              choices=[("", gettext_lazy("All fields")), *Requirement.Field.choices])
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False,
                              choices=[("", gettext_lazy("All states")), *STATE_LABELS.items()])
    text = forms.CharField(label=gettext_lazy("Words"), max_length=200, required=False)


@_reading
def coverage_index(request: HttpRequest) -> HttpResponse:
    documents = selectors.documents_with_requirements(reader=signed_in(request))
    form = DocumentForm()
    if request.method == "POST":
        _require_secretariat(request)
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                work = selectors.work_get(form.cleaned_data["document"].strip(), signed_in(request))
                coverage.requirements_from_document(actor=signed_in(request), work=work)
                return redirect("web:coverage", doc=work.slug)
            except DomainError as error:
                form.add_error(None, error.message)
    return render(request, "web/steering/coverage_index.html", {
        "documents": documents, "form": form, "secretariat": is_secretariat(signed_in(request))})


def _matrix_data(request: HttpRequest, work: Work) -> tuple[FilterForm, dict[str, object]]:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.Filters(field=data.get("field") or "", state=data.get("state") or "", text=data.get("text") or "")
    return form, selectors.matrix(work, draft=data.get("draft"), filters=filters, reader=signed_in(request))


@_reading
def coverage_page(request: HttpRequest, doc: str) -> HttpResponse:
    work = _work(request, doc)
    add_form = RequirementForm()
    if request.method == "POST":
        _require_secretariat(request)
        add_form = RequirementForm(request.POST)
        if add_form.is_valid():
            try:
                requirement = coverage.requirement_add(actor=signed_in(request), work=work, **add_form.cleaned_data)
                return redirect("web:coverage_requirement", doc=work.slug, code=requirement.code)
            except DomainError as error:
                add_form.add_error(None, error.message)
    return _render_matrix(request, work, add_form=add_form)


def _render_matrix(request: HttpRequest, work: Work, **forms_shown: forms.Form | str) -> HttpResponse:
    form, data = _matrix_data(request, work)
    user = signed_in(request)
    return render(request, "web/steering/coverage.html", {
        "work": work, "form": form, "data": data, "states": STATE_LABELS, "query": request.GET.urlencode(),
        "secretariat": is_secretariat(user), "add_form": forms_shown.get("add_form") or RequirementForm(),
        "import_form": forms_shown.get("import_form") or ImportForm(),
        "propose_form": forms_shown.get("propose_form") or ProposeForm(), "error": forms_shown.get("error"),
        "may_propose": is_secretariat(user) or _in_a_drafting_committee(user)})


def _in_a_drafting_committee(user: User | None) -> bool:
    return user is not None and user.memberships.filter(role=Membership.Role.DRAFTING_COMMITTEE).exists()


@require_POST
@_reading
def coverage_import(request: HttpRequest, doc: str) -> HttpResponse:
    work = _work(request, doc)
    _require_secretariat(request)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            coverage.requirements_import(actor=signed_in(request), work=work, data=form.cleaned_data["file"].read())
            return redirect("web:coverage", doc=work.slug)
        except DomainError as error:
            form.add_error(None, error.message)
    return _render_matrix(request, work, import_form=form)


@require_POST
@_reading
def coverage_propose(request: HttpRequest, doc: str) -> HttpResponse:
    work = _work(request, doc)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        _require_secretariat(request)
        return _render_matrix(request, work, propose_form=form)
    draft, tasks = form.cleaned_data["draft"], form.cleaned_data["tasks"]
    if tasks or draft is None:
        _require_secretariat(request)
    _require_decider(request, draft)
    try:
        scope = coverage.scope_for(draft=draft, tasks=tasks)
        coverage.links_propose(actor=signed_in(request), work=work, scope=scope)
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_matrix(request, work, propose_form=form)
    return redirect(f"{reverse('web:coverage', kwargs={'doc': work.slug})}?draft={draft.slug if draft else ''}")


@_reading
def coverage_export(request: HttpRequest, doc: str, fmt: str) -> HttpResponse:
    work = _work(request, doc)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Unknown format."))
    _form, data = _matrix_data(request, work)
    name = f"dap-ung-yeu-cau-{work.slug}.{fmt}"
    if fmt == "csv":
        return attachment(coverage_exports.to_csv(data), name, "text/csv; charset=utf-8")
    return attachment(coverage_exports.to_xlsx(data), name, XLSX)


@_reading
def requirement_page(request: HttpRequest, doc: str, code: str) -> HttpResponse:
    work = _work(request, doc)
    requirement = selectors.requirement_get(work, code, reader=signed_in(request))
    form = EditForm(initial={"field": requirement.field, "text": requirement.text})
    if request.method == "POST":
        _require_secretariat(request)
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                coverage.requirement_update(actor=signed_in(request), requirement=requirement, **form.cleaned_data)
                return redirect("web:coverage_requirement", doc=work.slug, code=code)
            except DomainError as error:
                form.add_error(None, error.message)
    return _render_requirement(request, work, requirement, edit_form=form)


def _render_requirement(request: HttpRequest, work: Work, requirement: Requirement, *,
                        edit_form: EditForm | None = None, error: str = "") -> HttpResponse:
    user = signed_in(request)
    detail = selectors.requirement_detail(requirement)
    drafts = {link["draft"] for link in detail["links"] if link["draft"]}
    deciding = {slug for slug in drafts if is_drafter(user, Draft.objects.get(slug=slug))}
    return render(request, "web/steering/coverage_requirement.html", {
        "work": work, "requirement": requirement, "detail": detail, "states": STATE_LABELS, "error": error,
        "secretariat": is_secretariat(user), "deciding": deciding,
        "edit_form": edit_form or EditForm(initial={"field": requirement.field, "text": requirement.text})})


@require_POST
@_reading
def link_decide(request: HttpRequest, doc: str, code: str, pk: int) -> HttpResponse:
    work = _work(request, doc)
    requirement = selectors.requirement_get(work, code, reader=signed_in(request))
    link = selectors.link_get(requirement, pk)
    _require_decider(request, link.version.draft if link.version else None)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _render_requirement(request, work, requirement, error=_("Choose a decision."))
    decision = form.cleaned_data["decision"]
    try:
        coverage.link_decide(actor=signed_in(request), link=link, confirm=decision != "reject",
                             extent=decision if decision != "reject" else CoverageLink.Extent.FULL,
                             note=form.cleaned_data["note"])
    except DomainError as error:
        return _render_requirement(request, work, requirement, error=error.message)
    return redirect("web:coverage_requirement", doc=work.slug, code=code)
