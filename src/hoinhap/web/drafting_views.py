"""Drafting pages: the list, a draft (versions, stages, rounds), a version's text with comment counts,
a provision with its comments page by page (comment, answer, answer a group), the redline, the
synoptic table, the report downloads and a commenter's own comments. Thin: selectors and services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hoinhap.core.errors import Conflict, DomainError
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, exports, selectors, services
from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import Comment, Draft, Version
from hoinhap.drafting.permissions import INSTITUTIONAL_ROLES, can_read_version, is_drafter
from hoinhap.drafting.report_render import HTML_CSP_UPDATE
from hoinhap.drafting.report_render import render as render_report
from hoinhap.web.drafting_forms import CommentForm, EditForm, ResponseForm
from hoinhap.web.shortcuts import attachment, or_404


def _draft(slug: str) -> Draft:
    return or_404(selectors.draft_get, slug)  # type: ignore[no-any-return]


def _version(request: HttpRequest, draft: Draft, number: int) -> Version:
    version = draft.versions.filter(number=number).first()
    if version is None or not can_read_version(request.user, version):  # type: ignore[arg-type]
        raise Http404("no such version")
    return version


def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "web/drafting/list.html", {"rows": selectors.draft_rows()})


def draft_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    versions = [v for v in draft.versions.all() if can_read_version(request.user, v)]  # type: ignore[arg-type]
    rounds = [(r, list(selectors.not_yet_responded(r)), selectors.round_report(r)[0].totals)
              for r in draft.rounds.select_related("version")]
    return render(request, "web/drafting/draft.html", {
        "draft": draft, "versions": versions, "rounds": rounds, "today": timezone.localdate(),
        "timeline": selectors.timeline(draft, request.LANGUAGE_CODE), "history": selectors.draft_history(draft, 30),
        "drafter": is_drafter(request.user, draft),  # type: ignore[arg-type]
    })


def version_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = _draft(slug)
    version = _version(request, draft, number)
    document = version_document(version)
    return render(request, "web/drafting/version.html", {
        "draft": draft, "version": version, "doc": document, "counts": selectors.comment_counts(version),
        "articles": document.articles(), "lost": selectors.lost_comments(version),
        "drafter": is_drafter(request.user, draft),  # type: ignore[arg-type]
    })


def provision_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    draft = _draft(slug)
    version = _version(request, draft, number)
    document = version_document(version)
    node = document.find(eid) if eid != "toan-bo" else None
    if eid != "toan-bo" and node is None:
        raise Http404("no such provision")
    anchor = node.eid if node else ""
    round_ = draft.rounds.filter(version=version, frozen_at__isnull=True).order_by("-number").first()
    comment_form = response_form = None
    if request.method == "POST":
        comment_form, response_form = _post(request, draft, version, round_, anchor)
        if comment_form is None and response_form is None:
            return redirect(request.get_full_path())
    page = selectors.provision_comments(version, anchor, _page_number(request))
    drafter = is_drafter(request.user, draft)  # type: ignore[arg-type]
    return render(request, "web/drafting/provision.html", {
        "draft": draft, "version": version, "node": node, "label": provision_label(node, document), "page": page,
        "round": round_, "drafter": drafter, "anchor": anchor,
        "groups": selectors.suggested_groups(list(selectors.comments_at(version, anchor)[:500])) if drafter else [],
        "comment_form": comment_form or CommentForm(organisations=_organisations(request)),
        "response_form": response_form or ResponseForm(),
    })


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _organisations(request: HttpRequest) -> object:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=request.user,
                                       memberships__role__in=INSTITUTIONAL_ROLES).distinct()


def _post(request: HttpRequest, draft: Draft, version: Version, round_: object, anchor: str) -> tuple:  # noqa: ANN001
    actor = request.user if request.user.is_authenticated else None
    if "disposition" in request.POST:
        form = ResponseForm(request.POST)
        if form.is_valid():
            comments = list(Comment.objects.filter(pk__in=form.comment_ids(), round__draft=draft))
            later = draft.versions.filter(number=version.number + 1).first()
            try:
                consultation_services.comments_respond(
                    actor=actor, comments=comments, disposition=form.cleaned_data["disposition"],  # type: ignore[arg-type]
                    explanation=form.cleaned_data["explanation"], change_version=later if form.cleaned_data[
                        "change_eid"] else None, change_eid=form.cleaned_data["change_eid"])
                return None, None
            except DomainError as error:
                form.add_error(None, error.message)
        return None, form
    form = CommentForm(request.POST, request.FILES, organisations=_organisations(request))
    if form.is_valid():
        if round_ is None:
            form.add_error(None, "No consultation round is open on this version.")
            return form, None
        letter = form.cleaned_data["letter"]
        try:
            consultation_services.comment_add(
                actor=actor, round_=round_, text=form.cleaned_data["text"], eid=anchor,  # type: ignore[arg-type]
                quote=form.cleaned_data["quote"], organisation=form.cleaned_data["organisation"],
                author_name=form.cleaned_data["author_name"], proposed_text=form.cleaned_data["proposed_text"],
                letter=letter.read() if letter else None, letter_name=letter.name if letter else "")
            return None, None
        except DomainError as error:
            form.add_error(None, error.message)
    return form, None


def edit_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    draft = _draft(slug)
    version = _version(request, draft, number)
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise Http404("no such provision")
    conflict = None
    form = EditForm(initial={"heading": provision.heading, "text": provision.text, "base_revision": provision.revision})
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                services.provision_edit(actor=request.user, provision=provision,  # type: ignore[arg-type]
                                        base_revision=form.cleaned_data["base_revision"],
                                        text=form.cleaned_data["text"], heading=form.cleaned_data["heading"])
                return redirect("web:draft_version", slug=slug, number=number)
            except Conflict as error:
                conflict = error.details
                form = EditForm(initial={"heading": form.cleaned_data["heading"], "text": form.cleaned_data["text"],
                                         "base_revision": error.details.get("revision", provision.revision)})
            except DomainError as error:
                return render(request, "web/drafting/edit.html", {"draft": draft, "version": version,
                                                                  "provision": provision, "form": form,
                                                                  "error": error.message}, status=error.status)
    return render(request, "web/drafting/edit.html", {"draft": draft, "version": version, "provision": provision,
                                                      "form": form, "conflict": conflict},
                  status=409 if conflict else 200)


def _pair_of_versions(request: HttpRequest, draft: Draft) -> tuple[Version, Version]:
    numbers = sorted(draft.versions.values_list("number", flat=True))
    if len(numbers) < 2:
        raise Http404("this draft has a single version")
    try:
        old = int(request.GET.get("from", numbers[-2]))
        new = int(request.GET.get("to", numbers[-1]))
    except ValueError as error:
        raise Http404("versions are numbers") from error
    return _version(request, draft, old), _version(request, draft, new)


def redline_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    old, new = _pair_of_versions(request, draft)
    rows = selectors.redline_rows(old, new)
    if request.GET.get("format") == "docx":
        return attachment(exports.redline_docx(old, new, rows), f"{slug}-so-sanh-{old.number}-{new.number}.docx")
    return render(request, "web/drafting/redline.html", {"draft": draft, "old": old, "new": new, "rows": rows,
                                                         "numbers": draft.versions.values_list("number", flat=True)})


def synoptic_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    old, new = _pair_of_versions(request, draft)
    rows = selectors.synoptic_rows(old, new)
    with_law = draft.amends_id is not None
    if request.GET.get("format") == "docx":
        return attachment(exports.synoptic_docx(old, new, rows, with_law=with_law),
                           f"{slug}-doi-chieu-{old.number}-{new.number}.docx")
    return render(request, "web/drafting/synoptic.html", {"draft": draft, "old": old, "new": new, "rows": rows,
                                                          "with_law": with_law})


def report_download(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    draft = _draft(slug)
    round_ = draft.rounds.filter(number=number).first()
    if round_ is None:
        raise Http404("no such round")
    report, _ = selectors.round_report(round_)
    try:
        data, content_type = render_report(report, fmt, on=selectors.report_day(round_))
    except DomainError as error:
        return HttpResponse(error.message, status=error.status if error.status != 400 else 404,
                            content_type="text/plain; charset=utf-8")
    if fmt == "html":
        response = HttpResponse(data, content_type=content_type)
        response._csp_update = HTML_CSP_UPDATE  # type: ignore[attr-defined]
        return response
    return attachment(data, f"{slug}-tong-hop-y-kien-dot-{number}.{fmt}", content_type)


@login_required
def my_comments(request: HttpRequest) -> HttpResponse:
    return render(request, "web/drafting/mine.html", {"comments": selectors.my_comments(request.user)})  # type: ignore[arg-type]



def letter_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An official letter: for the drafting committee and the members of the organisation that sent it."""
    comment = Comment.objects.filter(pk=pk, round__draft__slug=slug).select_related("round__draft").first()
    if comment is None or not comment.letter:
        raise Http404("no letter")
    user = request.user
    member = user.is_authenticated and comment.organisation_id is not None and user.memberships.filter(  # type: ignore[union-attr]
        organisation_id=comment.organisation_id).exists()
    if not (member or is_drafter(user, comment.round.draft)):  # type: ignore[arg-type]
        raise Http404("no letter")
    with comment.letter.open("rb") as handle:
        return attachment(handle.read(), f"cong-van-{pk}.pdf", "application/pdf")
