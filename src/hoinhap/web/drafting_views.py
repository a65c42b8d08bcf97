"""Drafting pages: the list, a draft (versions, stages, rounds), a version's text with comment counts,
a provision with its comments page by page (comment, answer, answer a group), the redline, the
synoptic table, the report downloads and a commenter's own comments. Thin: selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.errors import DomainError, NotFound, RateLimited
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, exports, selectors
from hoinhap.drafting import jobs as drafting_jobs
from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import ConsultationRound, Draft, Response, Version
from hoinhap.drafting.permissions import (
    INSTITUTIONAL_ROLES,
    can_read_version,
    is_drafter,
    may_create_draft,
)
from hoinhap.drafting.report_render import HTML_CSP_UPDATE
from hoinhap.jobs.models import Job
from hoinhap.throttle import guard
from hoinhap.throttle.http import with_retry_after
from hoinhap.web import answer_views
from hoinhap.web.answer_forms import STATE_LABELS, AnswerForm
from hoinhap.web.drafting_forms import CommentForm
from hoinhap.web.errors import Posted, refused_on
from hoinhap.web.job_views import job_queued
from hoinhap.web.shortcuts import attachment

WHOLE = "toan-bo"  # the page of the whole draft's comments, in place of an eId
LETTER_TYPES = (("pdf", "application/pdf"), ("txt", "text/plain; charset=utf-8"),
                ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "web/drafting/list.html", {"rows": selectors.draft_rows(signed_in(request)),
                                                      "may_create": may_create_draft(signed_in(request), None)})


def draft_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
    versions = [v for v in draft.versions.all() if can_read_version(signed_in(request), v)]
    rounds = [(r, list(selectors.not_yet_responded(r)), selectors.round_report(r)[0].totals)
              for r in draft.rounds.select_related("version")]
    return render(request, "web/drafting/draft.html", {
        "draft": draft, "versions": versions, "rounds": rounds, "today": timezone.localdate(),
        "timeline": selectors.timeline(draft, request.LANGUAGE_CODE), "history": selectors.draft_history(draft, 30),
        "drafter": is_drafter(signed_in(request), draft),
    })


def version_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    document = version_document(version)
    return render(request, "web/drafting/version.html", {
        "draft": draft, "version": version, "doc": document, "tallies": selectors.comment_tallies(version),
        "articles": document.articles(), "lost": selectors.lost_comments(version),
        "article_states": selectors.article_states(version), "states": STATE_LABELS,
        "drafter": is_drafter(signed_in(request), draft),
    })


@dataclass(frozen=True)
class _Place:
    """Where a comment or an answer posted on a provision's page goes."""

    draft: Draft
    version: Version
    round: ConsultationRound | None  # the round open on this version, if any
    anchor: str  # the provision's eId, "" for the whole draft
    change_version: Version | None  # the version an answer's change may point to


def provision_page(request: HttpRequest, slug: str, number: int, eid: str) -> HttpResponse:
    """A provision with the comments on it and on everything under it, made on this version or carried
    here from earlier ones (each says where it stands and what happened to its provision)."""
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    document = version_document(version)
    node = document.find(eid) if eid != WHOLE else None
    if eid != WHOLE and node is None:
        raise NotFound(gettext("Version %(number)s has no provision %(eid)s.") % {"number": number, "eid": eid})
    place = _Place(draft=draft, version=version, round=_round_on(draft, version), anchor=node.eid if node else "",
                   change_version=answer_views.change_version_for(draft, version))
    posted = Posted()
    if request.method == "POST":
        posted = _run(request, place)
        if posted.done:
            messages.success(request, posted.done)
            return redirect(request.get_full_path())
    drafter = is_drafter(signed_in(request), draft)
    changes = answer_views.change_choices(place.change_version) if drafter else []
    page = selectors.provision_comments(version, place.anchor, _page_number(request), subtree=True, hidden=drafter)
    answer_views.label_places(page.object_list, document, place.anchor)
    response = render(request, "web/drafting/provision.html", {
        "draft": draft, "version": version, "node": node, "label": provision_label(node, document), "page": page,
        "round": place.round, "drafter": drafter, "anchor": place.anchor, "states": STATE_LABELS,
        "groups": selectors.suggested_groups(list(selectors.comments_under(version, place.anchor)[:500])) if drafter
        else [],
        "comment_form": CommentForm(organisations=_organisations(request)), "response_form": AnswerForm(changes=changes),
        **posted.forms, "error": posted.error,
        "change_version": place.change_version, "change_choices": changes, "dispositions": Response.Disposition.choices,
        "dispositions_map": dict(Response.Disposition.choices),
        "history": selectors.answer_history([c.pk for c in page.object_list]) if drafter else {},
    })
    return with_retry_after(response, posted.limited) if posted.limited else response


def _round_on(draft: Draft, version: Version) -> ConsultationRound | None:
    """The latest round on ``version`` whose report is not frozen (the service says whether it still
    takes comments)."""
    return draft.rounds.filter(version=version, frozen_at__isnull=True).order_by("-number").first()


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=request.user,
                                       memberships__role__in=INSTITUTIONAL_ROLES).distinct()


def _run(request: HttpRequest, place: _Place) -> Posted:
    """The posted action's handler: ``action`` names it; older forms without it answer when they carry
    a disposition, and comment otherwise."""
    action = request.POST.get("action") or ("answer" if "disposition" in request.POST else "comment")
    handler = PROVISION_ACTIONS.get(action)
    if handler is None:  # said above the forms: a bound, empty form would show "required" on every field
        return Posted(error=gettext("Unknown action."))
    return handler(request, place)


def _comment(request: HttpRequest, place: _Place) -> Posted:
    actor = signed_in(request)
    form = CommentForm(request.POST, request.FILES, organisations=_organisations(request))
    try:  # every attempt counts, valid or not, before any work is done for it
        guard.public_write(request, actor)
    except RateLimited as error:
        form.is_valid()  # the page shows back what was typed, with the message
        return replace(refused_on("comment_form", form, error), limited=error)
    if not form.is_valid():
        return Posted(forms={"comment_form": form})
    if place.round is None:
        form.add_error(None, gettext("No consultation round is open on this version."))
        return Posted(forms={"comment_form": form})
    data, letter = form.cleaned_data, form.cleaned_data["letter"]
    try:
        consultation_services.comment_add(
            actor=actor, round_=place.round, text=data["text"], eid=place.anchor, quote=data["quote"],
            organisation=data["organisation"], author_name=data["author_name"], proposed_text=data["proposed_text"],
            letter=letter.read() if letter else None, letter_name=letter.name if letter else "")
    except DomainError as error:
        return refused_on("comment_form", form, error)
    return Posted(done=gettext("Your comment is recorded."))


def _answer(request: HttpRequest, place: _Place) -> Posted:
    if not is_drafter(signed_in(request), place.draft):  # the answer form is not on their page: said above it
        return Posted(error=gettext("Only the drafting committee may do this."))
    return answer_views.answer_posted(request, place.draft, place.change_version)


# One typed handler per form the provision page posts (revising, withdrawing and hiding post elsewhere).
PROVISION_ACTIONS: dict[str, Callable[[HttpRequest, _Place], Posted]] = {"comment": _comment, "answer": _answer}


# edit_page (editing one provision) moved to draft_admin_views with the committee's other pages.


def _pair_of_versions(request: HttpRequest, draft: Draft) -> tuple[Version, Version]:
    """The versions to compare: ``?from=&to=``, by default the last two the reader may read (for the
    public, the last two published, whatever unpublished versions exist)."""
    try:
        old, new = (int(request.GET[key]) if request.GET.get(key) else None for key in ("from", "to"))
    except ValueError as error:
        raise NotFound(gettext("The versions to compare are given by their numbers.")) from error
    return selectors.comparison_pair(draft, signed_in(request), old, new)


def redline_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
    old, new = _pair_of_versions(request, draft)
    rows = selectors.redline_rows(old, new)
    if request.GET.get("format") == "docx":
        return attachment(exports.redline_docx(old, new, rows), f"{slug}-so-sanh-{old.number}-{new.number}.docx")
    numbers = [v.number for v in selectors.readable_versions(draft, signed_in(request))]
    return render(request, "web/drafting/redline.html", {"draft": draft, "old": old, "new": new, "rows": rows,
                                                         "sections": selectors.redline_sections(rows),
                                                         "numbers": numbers, "states": STATE_LABELS})


def synoptic_page(request: HttpRequest, slug: str) -> HttpResponse:
    draft = selectors.draft_get(slug)
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
    if fmt not in drafting_jobs.FORMATS:
        raise NotFound(gettext("unknown report format %(fmt)r") % {"fmt": fmt})
    round_ = selectors.round_get(selectors.draft_get(slug), number)
    made = drafting_jobs.report_or_job(actor=signed_in(request), round_=round_, fmt=fmt)
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
    comment = selectors.comment_get(slug, pk)
    user = signed_in(request)
    member = user is not None and comment.organisation_id is not None and user.memberships.filter(
        organisation_id=comment.organisation_id).exists()
    if not comment.letter or not (member or is_drafter(user, comment.round.draft)):
        raise NotFound(gettext("Comment %(pk)s has no letter you may read.") % {"pk": pk})
    suffix = comment.letter.name.rsplit(".", 1)[-1].lower()  # a letter split into comments may be .docx or .txt
    suffix, content_type = next(((s, t) for s, t in LETTER_TYPES if s == suffix), LETTER_TYPES[0])
    with comment.letter.open("rb") as handle:
        return attachment(handle.read(), f"cong-van-{pk}.{suffix}", content_type)
