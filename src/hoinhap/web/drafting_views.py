"""Drafting pages: the list, a draft (versions, stages, rounds), a version's text with comment counts,
a provision with its comments page by page (comment, answer, answer a group), the redline, the
synoptic table, the report downloads and a commenter's own comments. Thin: selectors and services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.errors import DomainError, NotFound, RateLimited
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, exports, selectors
from hoinhap.drafting import jobs as drafting_jobs
from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import Comment, ConsultationRound, Draft, Response, Version
from hoinhap.drafting.permissions import INSTITUTIONAL_ROLES, can_read_version, is_drafter, may_create_draft
from hoinhap.drafting.report_render import HTML_CSP_UPDATE
from hoinhap.jobs.models import Job
from hoinhap.throttle import guard
from hoinhap.throttle.http import with_retry_after
from hoinhap.web import answer_views
from hoinhap.web.answer_forms import STATE_LABELS, AnswerForm
from hoinhap.web.drafting_forms import CommentForm
from hoinhap.web.drafting_pages import draft_or_404 as _draft
from hoinhap.web.drafting_pages import readable_version as _version
from hoinhap.web.job_views import job_queued
from hoinhap.web.shortcuts import attachment

LETTER_TYPES = (("pdf", "application/pdf"), ("txt", "text/plain; charset=utf-8"),
                ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))







def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "web/drafting/list.html", {"rows": selectors.draft_rows(signed_in(request)),
                                                      "may_create": may_create_draft(signed_in(request), None)})


def draft_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    versions = [v for v in draft.versions.all() if can_read_version(signed_in(request), v)]
    rounds = [(r, list(selectors.not_yet_responded(r)), selectors.round_report(r)[0].totals)
              for r in draft.rounds.select_related("version")]
    return render(request, "web/drafting/draft.html", {
        "draft": draft, "versions": versions, "rounds": rounds, "today": timezone.localdate(),
        "timeline": selectors.timeline(draft, request.LANGUAGE_CODE), "history": selectors.draft_history(draft, 30),
        "drafter": is_drafter(signed_in(request), draft),
    })


def version_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = _draft(slug)
    version = _version(request, draft, number)
    document = version_document(version)
    return render(request, "web/drafting/version.html", {
        "draft": draft, "version": version, "doc": document, "tallies": selectors.comment_tallies(version),
        "articles": document.articles(), "lost": selectors.lost_comments(version),
        "article_states": selectors.article_states(version), "states": STATE_LABELS,
        "drafter": is_drafter(signed_in(request), draft),
    })


def provision_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    """A provision with the comments on it and on everything under it, made on this version or carried
    here from earlier ones (each says where it stands and what happened to its provision)."""
    draft = _draft(slug)
    version = _version(request, draft, number)
    document = version_document(version)
    node = document.find(eid) if eid != "toan-bo" else None
    if eid != "toan-bo" and node is None:
        raise Http404("no such provision")
    anchor = node.eid if node else ""
    round_ = draft.rounds.filter(version=version, frozen_at__isnull=True).order_by("-number").first()
    drafter = is_drafter(signed_in(request), draft)
    change_version = answer_views.change_version_for(draft, version)
    changes = answer_views.change_choices(change_version) if drafter else []
    comment_form = response_form = None
    if request.method == "POST":
        comment_form, response_form = _post(request, draft, version, round_, anchor, change_version)
        if comment_form is None and response_form is None:
            return redirect(request.get_full_path())
    page = selectors.provision_comments(version, anchor, _page_number(request), subtree=True, hidden=drafter)
    answer_views.label_places(page.object_list, document, anchor)
    response = render(request, "web/drafting/provision.html", {
        "draft": draft, "version": version, "node": node, "label": provision_label(node, document), "page": page,
        "round": round_, "drafter": drafter, "anchor": anchor, "states": STATE_LABELS,
        "groups": selectors.suggested_groups(list(selectors.comments_under(version, anchor)[:500])) if drafter else [],
        "comment_form": comment_form or CommentForm(organisations=_organisations(request)),
        "response_form": response_form or AnswerForm(changes=changes),
        "change_version": change_version, "change_choices": changes, "dispositions": Response.Disposition.choices,
        "dispositions_map": dict(Response.Disposition.choices),
        "history": selectors.answer_history([c.pk for c in page.object_list]) if drafter else {},
    })
    limited = getattr(comment_form, "rate_limited", None)
    return with_retry_after(response, limited) if limited else response


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _organisations(request: HttpRequest) -> object:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=request.user,
                                       memberships__role__in=INSTITUTIONAL_ROLES).distinct()


def _post(request: HttpRequest, draft: Draft, version: Version, round_: ConsultationRound | None,
          anchor: str, change_version: Version | None) -> tuple:  # noqa: ANN001
    actor = signed_in(request)
    if "disposition" in request.POST:
        return None, answer_views.answer_posted(request, draft, change_version)
    form = CommentForm(request.POST, request.FILES, organisations=_organisations(request))
    try:  # every attempt counts, valid or not, before any work is done for it
        guard.public_write(request, actor)
    except RateLimited as error:
        form.is_valid()  # the page shows back what was typed, with the message
        form.add_error(None, error.message)
        form.rate_limited = error  # type: ignore[attr-defined]
        return form, None
    if form.is_valid():
        if round_ is None:
            form.add_error(None, gettext("No consultation round is open on this version."))
            return form, None
        letter = form.cleaned_data["letter"]
        try:
            consultation_services.comment_add(
                actor=actor, round_=round_, text=form.cleaned_data["text"], eid=anchor,
                quote=form.cleaned_data["quote"], organisation=form.cleaned_data["organisation"],
                author_name=form.cleaned_data["author_name"], proposed_text=form.cleaned_data["proposed_text"],
                letter=letter.read() if letter else None, letter_name=letter.name if letter else "")
            return None, None
        except DomainError as error:
            form.add_error(None, error.message)
    return form, None


# edit_page (editing one provision) moved to draft_admin_views with the committee's other pages.


def _pair_of_versions(request: HttpRequest, draft: Draft) -> tuple[Version, Version]:
    """The versions to compare: ``?from=&to=``, by default the last two the reader may read (for the
    public, the last two published, whatever unpublished versions exist)."""
    try:
        old, new = (int(request.GET[key]) if request.GET.get(key) else None for key in ("from", "to"))
    except ValueError as error:
        raise Http404("versions are numbers") from error
    try:
        return selectors.comparison_pair(draft, signed_in(request), old, new)
    except NotFound as error:
        raise Http404(error.message) from error


def redline_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    old, new = _pair_of_versions(request, draft)
    rows = selectors.redline_rows(old, new)
    if request.GET.get("format") == "docx":
        return attachment(exports.redline_docx(old, new, rows), f"{slug}-so-sanh-{old.number}-{new.number}.docx")
    numbers = [v.number for v in selectors.readable_versions(draft, signed_in(request))]
    return render(request, "web/drafting/redline.html", {"draft": draft, "old": old, "new": new, "rows": rows,
                                                         "sections": selectors.redline_sections(rows),
                                                         "numbers": numbers, "states": STATE_LABELS})


def synoptic_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft(slug)
    old, new = _pair_of_versions(request, draft)
    rows = selectors.synoptic_rows(old, new)
    with_law = draft.amends_id is not None
    if request.GET.get("format") == "docx":
        return attachment(exports.synoptic_docx(old, new, rows, with_law=with_law),
                           f"{slug}-doi-chieu-{old.number}-{new.number}.docx")
    numbers = [v.number for v in selectors.readable_versions(draft, signed_in(request))]
    return render(request, "web/drafting/synoptic.html", {"draft": draft, "old": old, "new": new, "rows": rows,
                                                          "with_law": with_law, "numbers": numbers,
                                                          "states": STATE_LABELS})


def report_download(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    """The report at once, or (more than HOINHAP_REPORT_INLINE_ROWS comments) the page of its job."""
    draft = _draft(slug)
    round_ = draft.rounds.filter(number=number).select_related("draft", "version").first()
    if round_ is None:
        raise Http404("no such round")
    reader = signed_in(request)
    try:
        made = drafting_jobs.report_or_job(actor=reader, round_=round_, fmt=fmt)
    except DomainError as error:
        return HttpResponse(error.message, status=error.status if error.status != 400 else 404,
                            content_type="text/plain; charset=utf-8")
    if isinstance(made, Job):
        return job_queued(request, made)
    data, content_type = made
    if fmt == "html":
        response = HttpResponse(data, content_type=content_type)
        response._csp_update = HTML_CSP_UPDATE  # type: ignore[attr-defined]
        return response
    return attachment(data, f"{slug}-tong-hop-y-kien-dot-{number}.{fmt}", content_type)


@login_required
def my_comments(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    assert user is not None  # login_required
    return render(request, "web/drafting/mine.html", {"comments": selectors.my_comments(user), "states": STATE_LABELS})


def letter_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An official letter: for the drafting committee and the members of the organisation that sent it."""
    comment = Comment.objects.filter(pk=pk, round__draft__slug=slug).select_related("round__draft").first()
    if comment is None or not comment.letter:
        raise Http404("no letter")
    user = signed_in(request)
    member = user is not None and comment.organisation_id is not None and user.memberships.filter(
        organisation_id=comment.organisation_id).exists()
    if not (member or is_drafter(user, comment.round.draft)):
        raise Http404("no letter")
    suffix = comment.letter.name.rsplit(".", 1)[-1].lower()  # a letter split into comments may be .docx or .txt
    suffix, content_type = next(((s, t) for s, t in LETTER_TYPES if s == suffix), LETTER_TYPES[0])
    with comment.letter.open("rb") as handle:
        return attachment(handle.read(), f"cong-van-{pk}.{suffix}", content_type)
