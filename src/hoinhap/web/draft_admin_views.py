"""The drafting committee's pages: a new draft, a version by upload or copy, publication (with or
without renumbering), editing any provision at any depth, inserting, deleting and moving provisions,
closing a dossier stage with its documents, adoption. Thin: the services check who may and write the
audit log; each write ends with a message saying what happened, each refusal with a Vietnamese error."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from hoinhap.core.errors import Conflict, DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.models import User
from hoinhap.drafting import selectors, services, stage_services, stages, structure_services
from hoinhap.drafting.models import Stage, Version, VersionProvision
from hoinhap.drafting.permissions import may_create_draft
from hoinhap.legal import tree
from hoinhap.web import draft_admin_forms as forms
from hoinhap.web.drafting_forms import EditForm
from hoinhap.web.drafting_pages import committee_member as _committee

# A general sentence per HTTP status, for service messages the catalogue does not translate.
GENERIC = {400: "Check what you entered.", 403: "Only the drafting committee may do this.", 404: "Not found.",
           409: "Not possible in the current state.", 422: "The file could not be read."}
HEADED_KINDS = (tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.ARTICLE, tree.APPENDIX)
CHILD_KIND = {tree.ARTICLE: tree.CLAUSE, tree.CLAUSE: tree.POINT}


def explain(error: DomainError) -> str:
    """The service's message in the reader's language: its translation when the catalogue has it,
    otherwise a general sentence for its kind followed by the message itself."""
    if (get_language() or "vi").startswith("en"):
        return error.message
    translated = gettext(error.message)
    if translated != error.message:
        return translated
    general = gettext(GENERIC.get(error.status, "The request was refused."))
    return f"{general} ({error.message})"


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the action was taken from (``next``), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to (even empty: an empty POST is a submission), or ``None``."""
    return request.POST if request.method == "POST" else None


def _render(request: HttpRequest, template: str, context: dict[str, object], error: DomainError | None = None,
            form: BaseForm | None = None) -> HttpResponse:
    """The page, with a service's refusal on the form that was posted (its status too)."""
    if error is not None and form is not None:
        form.add_error(None, explain(error))
    return render(request, f"web/drafting/{template}", context, status=error.status if error else 200)


@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if user is None or not may_create_draft(user, None):
        raise Forbidden(gettext("Only the drafting committee may do this."))
    form = forms.DraftForm(_posted(request), user=user)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.draft_create(actor=user, slug=data["slug"], title=data["title"].strip(),
                                          drafting_agency=data["drafting_agency"], doc_type=data["doc_type"],
                                          stage_scheme=data["stage_scheme"], amends=data["amends"])
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, gettext("Draft created. Add its first version."))
            return redirect("web:draft_version_new", slug=draft.slug)
    return _render(request, "draft_new.html", {"form": form}, error, form)


@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new version: upload a file, or copy the latest version to edit it here."""
    draft = selectors.draft_get(slug)
    user = _committee(request, draft)
    form = forms.UploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    error = None
    if request.method == "POST":
        try:
            if "copy" in request.POST:
                version = services.version_copy(actor=user, draft=draft, note=request.POST.get("note", "")[:255])
                return _added(request, version, gettext("Version %(n)d copied from the latest; edit it below."))
            if form.is_valid():
                upload = form.cleaned_data["file"]
                version = services.version_import(actor=user, draft=draft,
                                                  data=upload.read(settings.HOINHAP_MAX_UPLOAD_BYTES + 1),
                                                  filename=upload.name, note=form.cleaned_data["note"])
                return _added(request, version, gettext("Version %(n)d read from the file."))
        except DomainError as refused:
            error = refused
    latest = draft.versions.order_by("-number").first()
    return _render(request, "version_new.html", {"draft": draft, "form": form, "latest": latest}, error, form)


def _added(request: HttpRequest, version: Version, message: str) -> HttpResponse:
    messages.success(request, message % {"n": version.number})
    return redirect("web:draft_version", slug=version.draft.slug, number=version.number)


@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    user = _committee(request, draft)
    form = forms.PublishForm(_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.version_publish(actor=user, version=version, renumber=form.cleaned_data["renumber"])
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, gettext("Version %(n)d is published.") % {"n": version.number}
                             + (" " + gettext("Articles, clauses and points were renumbered.")
                                if form.cleaned_data["renumber"] else ""))
            return redirect("web:draft_version", slug=slug, number=number)
    inserted = version.provisions.filter(num__regex=r"^[0-9]+[a-z]+$|^[a-zđ][0-9]+$").count()
    return _render(request, "version_publish.html", {"draft": draft, "version": version, "form": form,
                                                     "inserted": inserted}, error, form)


@require_http_methods(["GET", "POST"])
def edit_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    """Edit one provision at any depth: its heading where it has one (an article made of clauses is
    edited by its heading), its text where it has one or nothing under it."""
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    user = _committee(request, draft)
    provision = selectors.provision_get(version, eid)
    shown = _edit_fields(provision)
    conflict: dict[str, object] | None = None
    error: DomainError | None = None
    form = EditForm(initial={"heading": provision.heading, "text": provision.text, "base_revision": provision.revision})
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.provision_edit(actor=user, provision=provision, base_revision=data["base_revision"],
                                        text=data["text"] if shown["text"] else provision.text,
                                        heading=data["heading"] if shown["heading"] else None)
            except Conflict as refused:
                conflict = refused.details if "yours" in refused.details else None
                error = None if conflict else refused
                form = EditForm(initial={"heading": data["heading"], "text": data["text"],
                                         "base_revision": refused.details.get("revision", provision.revision)})
            except DomainError as refused:
                error = refused
            else:
                messages.success(request, gettext("%(label)s saved.") % {"label": provision.marker or provision.eid})
                return _back(request, reverse("web:draft_version", args=[slug, number]))
    context = {"draft": draft, "version": version, "provision": provision, "form": form, "conflict": conflict,
               "shown": shown, "can_edit": True,
               "error": explain(error) if error else ""}
    return render(request, "web/drafting/edit.html", context,
                  status=409 if conflict else (error.status if error else 200))


def _edit_fields(provision: VersionProvision) -> dict[str, bool]:
    has_children = VersionProvision.objects.filter(version_id=provision.version_id,
                                                   parent_eid=provision.eid).exists()
    return {"heading": bool(provision.heading) or provision.kind in HEADED_KINDS,
            "text": bool(provision.text) or not has_children}


@require_http_methods(["GET", "POST"])
def insert_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    """Insert after the provision ``eid`` (``?vi-tri=sau``) or first under it (``?vi-tri=trong``)."""
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    user = _committee(request, draft)
    after = request.GET.get("vi-tri", "sau") == "sau"
    anchor = selectors.provision_get(version, eid)
    kind = _insert_kind(version, anchor, after)
    form = forms.InsertForm(_posted(request), initial={"base_structure_revision": version.structure_revision})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            row = structure_services.provision_insert(
                actor=user, version=version, kind=kind, heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"], after_eid=eid if after else None,
                parent_eid=None if after else eid,
                base_structure_revision=form.cleaned_data["base_structure_revision"])
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, gettext("%(marker)s inserted; it keeps this number until the version is "
                                              "published.") % {"marker": row.marker})
            return _back(request, reverse("web:draft_version", args=[slug, number]))
    context = {"draft": draft, "version": version, "anchor": anchor, "after": after, "kind": kind, "form": form}
    return _render(request, "insert.html", context, error, form)


def _insert_kind(version: Version, anchor: VersionProvision, after: bool) -> str:
    """What the new provision is: a sibling of the same kind after a node; under an article a clause
    (or a point, if the article holds points), under a clause a point, elsewhere an article."""
    if after:
        return anchor.kind
    if anchor.kind == tree.ARTICLE:
        children = set(version.provisions.filter(parent_eid=anchor.eid).values_list("kind", flat=True))
        return tree.POINT if tree.POINT in children and tree.CLAUSE not in children else tree.CLAUSE
    return CHILD_KIND.get(anchor.kind, tree.ARTICLE)


@require_http_methods(["GET", "POST"])
def delete_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    user = _committee(request, draft)
    provision = selectors.provision_get(version, eid)
    form = forms.StructureForm(_posted(request), initial={"base_structure_revision": version.structure_revision})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            removed = structure_services.provision_delete(
                actor=user, version=version, eid=eid,
                base_structure_revision=form.cleaned_data["base_structure_revision"])
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, gettext("%(label)s deleted (%(n)d provisions with what was under it).")
                             % {"label": provision.marker or eid, "n": removed})
            return redirect("web:draft_version", slug=slug, number=number)
    below = version.provisions.filter(eid__startswith=eid + "__").count()
    context = {"draft": draft, "version": version, "provision": provision, "form": form, "below": below}
    return _render(request, "delete.html", context, error, form)


@require_POST
def move_view(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    """Move up or down among its siblings (``direction``); the outcome is a message on the page."""
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    user = _committee(request, draft)
    form = forms.StructureForm(request.POST)
    fallback = reverse("web:draft_version", args=[slug, number])
    if not form.is_valid():
        messages.error(request, gettext("The page was out of date; try again."))
        return _back(request, fallback)
    up = request.POST.get("direction") == "up"
    try:
        row = structure_services.provision_shift(actor=user, version=version, eid=eid, up=up,
                                                 base_structure_revision=form.cleaned_data["base_structure_revision"])
    except DomainError as refused:
        messages.error(request, explain(refused))
    else:
        messages.success(request, (gettext("%(label)s moved up.") if up else gettext("%(label)s moved down."))
                         % {"label": row.marker or row.eid})
    return _back(request, fallback)


@require_http_methods(["GET", "POST"])
def stage_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """A dossier stage: bind it to a published version, add each required document, then close it."""
    draft = selectors.draft_get(slug)
    user = _committee(request, draft)
    stage = selectors.stage_get(draft, code)
    kinds = _document_kinds(stage, request.LANGUAGE_CODE)
    action = request.POST.get("action", "")
    bind = forms.BindForm(request.POST if action == "bind" else None, stage=stage)
    upload = forms.StageDocumentForm(request.POST if action == "document" else None,
                                     request.FILES if action == "document" else None, kinds=kinds)
    form, error = {"bind": bind, "document": upload}.get(action), None
    if request.method == "POST":
        try:
            done = _stage_action(user, stage, action, bind, upload)
        except DomainError as refused:
            error = refused  # on the form that asked, or above them all for "close"
        else:
            if done:
                messages.success(request, done)
                return redirect("web:draft_stage", slug=slug, code=code)
    spec = next((s for s in stages.configured().scheme(draft.stage_scheme) if s.code == stage.code), None)
    context = {"draft": draft, "stage": stage, "name": spec.name(request.LANGUAGE_CODE) if spec else code,
               "kinds": kinds, "documents": list(stage.documents.all()), "bind": bind, "upload": upload,
               "required": _required(stage, spec.requires if spec else (), request.LANGUAGE_CODE),
               "error": explain(error) if error and form is None else ""}
    return _render(request, "stage.html", context, error, form)


def _required(stage: Stage, kinds: tuple[str, ...], language: str) -> list[tuple[str, bool]]:
    """Each required document's name and whether it is in the dossier."""
    present = set(stage.documents.values_list("kind", flat=True))
    return [(stages.configured().document_name(kind, language), kind in present) for kind in kinds]


def _document_kinds(stage: Stage, language: str) -> list[tuple[str, str]]:
    """The documents this stage requires first, then the others a dossier may hold."""
    schemes = stages.configured()
    spec = next((s for s in schemes.scheme(stage.draft.stage_scheme) if s.code == stage.code), None)
    required = list(spec.requires if spec else ())
    others = [kind for kind in schemes.documents if kind not in required]
    return [(kind, schemes.document_name(kind, language)) for kind in [*required, *others]]


def _stage_action(user: User, stage: Stage, action: str, bind: forms.BindForm,
                  upload: forms.StageDocumentForm) -> str:
    """Do what the stage page's form asked; the message to show, or "" when the form has errors."""
    if action == "bind" and bind.is_valid():
        stage_services.stage_bind(actor=user, stage=stage, version=bind.cleaned_data["version"])
        return gettext("The stage now holds version %(n)d.") % {"n": bind.cleaned_data["version"].number}
    if action == "document" and upload.is_valid():
        upload_file = upload.cleaned_data["file"]
        stage_services.stage_document_add(actor=user, stage=stage, kind=upload.cleaned_data["kind"],
                                          title=upload.cleaned_data["title"],
                                          data=upload_file.read(stage_services.MAX_DOCUMENT_BYTES + 1),
                                          filename=upload_file.name)
        return gettext("Document added to the dossier.")
    if action == "close":
        stage_services.stage_close(actor=user, stage=stage)
        return gettext("Stage closed; the next one is open.")
    return ""


@require_http_methods(["GET", "POST"])
def adopt_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
    user = _committee(request, draft)
    form = forms.AdoptForm(_posted(request))
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work = services.draft_adopt(actor=user, draft=draft, number=data["number"].strip(),
                                        adopted_on=data["adopted_on"], issuer=data["issuer"].strip())
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, gettext("Adopted as %(number)s; the text is now in the corpus.")
                             % {"number": work.number})
            return redirect("web:draft", slug=slug)
    final = draft.versions.filter(status=Version.Status.PUBLISHED).order_by("-number").first()
    return _render(request, "adopt.html", {"draft": draft, "form": form, "final": final}, error, form)
