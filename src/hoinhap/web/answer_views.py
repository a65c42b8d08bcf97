"""The drafting committee's answers in the browser: answer ticked comments (choosing the changed
provision by its label), revise or withdraw an answer until the round's report is frozen, and the
queue of unanswered comments per provision and organisation. Thin: selectors and services; a
message after each action."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext

from hoinhap.core.errors import DomainError, NotFound
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation
from hoinhap.drafting import response_services, selectors
from hoinhap.drafting.documents import provision_label, version_document
from hoinhap.drafting.models import Comment, Draft, Version
from hoinhap.drafting.permissions import is_drafter
from hoinhap.legal import tree
from hoinhap.web.answer_forms import STATE_LABELS, AnswerForm, QueueFilterForm, WithdrawForm
from hoinhap.web.errors import Posted, refused_on

QUEUE_PER_PAGE = 50


def change_version_for(draft: Draft, version: Version) -> Version | None:
    """The version whose provisions an answer on ``version``'s page may point to: the next one; on
    the latest version, itself (its comments may come from earlier versions)."""
    later = draft.versions.filter(number=version.number + 1).first()
    return later or (version if version.number > 1 else None)


def change_choices(version: Version | None) -> list[tuple[str, str]]:
    return selectors.provision_choices(version) if version is not None else []


def label_places(comments: Iterable[Comment], document: tree.Document, page_eid: str) -> None:
    """Each comment's ``place_label``: the provision it now stands on when it is under the page's
    provision rather than on it ("Điều 18, khoản 2")."""
    for comment in comments:
        place = getattr(comment, "place", None)
        eid = place.eid if place is not None else ""
        label = provision_label(document.find(eid), document) if eid and eid != page_eid else ""
        comment.place_label = label  # type: ignore[attr-defined]


def answer_posted(request: HttpRequest, draft: Draft, change_version: Version | None) -> Posted:
    """Answer the ticked comments: done with a message, or the form again with its errors."""
    form = AnswerForm(request.POST, changes=change_choices(change_version))
    if not form.is_valid():
        return Posted(forms={"response_form": form})
    comments = list(Comment.objects.filter(pk__in=form.comment_ids(), round__draft=draft)
                    .select_related("round__draft", "version"))
    change_eid = form.cleaned_data["change_eid"]
    try:
        made = response_services.answer(
            actor=signed_in(request), comments=comments, disposition=form.cleaned_data["disposition"],
            explanation=form.cleaned_data["explanation"], change_version=change_version if change_eid else None,
            change_eid=change_eid)
    except DomainError as error:
        return refused_on("response_form", form, error)
    return Posted(done=ngettext("%(n)d comment answered.", "%(n)d comments answered.", len(made)) % {"n": len(made)})


def _back(request: HttpRequest, comment: Comment) -> HttpResponse:
    """Back where the drafter was (``next``, same site only), else the comment on its version's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    eid = comment.eid or "toan-bo"
    return redirect(f"/du-thao/{comment.round.draft.slug}/v{comment.version.number}/{eid}/#c{comment.pk}")


def answer_revise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: a new disposition, explanation or changed provision for an answered comment."""
    comment = selectors.comment_get(slug, pk)
    if request.method != "POST":
        return _back(request, comment)
    number = request.POST.get("change_version", "")
    change_version = comment.round.draft.versions.filter(number=int(number)).first() if number.isdigit() else None
    form = AnswerForm(request.POST, changes=change_choices(change_version))
    if not form.is_valid():
        messages.error(request, gettext("The answer was not revised: %(errors)s")
                       % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)})
        return _back(request, comment)
    change_eid = form.cleaned_data["change_eid"]
    try:
        response_services.response_revise(
            actor=signed_in(request), comment=comment, disposition=form.cleaned_data["disposition"],
            explanation=form.cleaned_data["explanation"], change_version=change_version if change_eid else None,
            change_eid=change_eid)
        messages.success(request, gettext("The answer to comment #%(n)d is revised.") % {"n": comment.pk})
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, comment)


def answer_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: take an answer back; the comment returns to the unanswered queue."""
    comment = selectors.comment_get(slug, pk)
    if request.method != "POST":
        return _back(request, comment)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        response_services.response_withdraw(actor=signed_in(request), comment=comment,
                                            reason=form.cleaned_data["reason"])
        messages.success(request, gettext("The answer to comment #%(n)d is withdrawn.") % {"n": comment.pk})
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, comment)


def queue_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The unanswered comments, by provision of the latest version and by organisation, filterable."""
    draft = selectors.draft_get(slug)
    if not is_drafter(signed_in(request), draft):
        raise PermissionDenied
    version = selectors.latest_version(draft)
    if version is None:
        raise NotFound(gettext("%(slug)s has no version yet.") % {"slug": slug})
    document = version_document(version)
    articles, organisations, rounds = _filter_choices(draft, document)
    form = QueueFilterForm(request.GET, articles=articles, organisations=organisations, rounds=rounds)
    filters = selectors.QueueFilters(article=form.value("dieu"), organisation=form.value("to_chuc"),
                                     kind=form.value("loai"), round=int(form.value("dot") or 0) or None)
    queue = selectors.unanswered_queue(version, filters)
    page = Paginator(queue, QUEUE_PER_PAGE).get_page(request.GET.get("page", "1"))
    label_places(page.object_list, document, "")
    return render(request, "web/drafting/queue.html", {
        "draft": draft, "version": version, "form": form, "page": page, "total": len(queue),
        "groups": _grouped(page.object_list, document), "states": STATE_LABELS,
        "query": _without_page(request),
    })


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filter_choices(draft: Draft, document: tree.Document) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                                                   list[int]]:
    articles = [(selectors.WHOLE_DRAFT, gettext("Whole draft")),
                *((a.eid, f"{a.marker} {a.heading}".strip()) for a in document.articles())]
    organisations = Organisation.objects.filter(pk__in=Comment.objects.filter(
        round__draft=draft, response__isnull=True).values("organisation_id")).order_by("name")
    return (articles, [(o.code, o.name) for o in organisations],
            list(draft.rounds.order_by("number").values_list("number", flat=True)))


def _grouped(comments: Iterable[Comment], document: tree.Document) -> list[tuple[str, str, list]]:
    """(article eId, its label, [(commenter, comments)]) in the queue's order."""
    groups = []
    for article_eid, in_article in groupby(comments, key=lambda c: c.article_eid):  # type: ignore[attr-defined]
        if article_eid == selectors.WHOLE_DRAFT:
            label = gettext("Whole draft")
        elif article_eid:
            label = provision_label(document.find(article_eid), document)
        else:
            label = gettext("Provisions deleted since the comment")
        by_name = [(name, list(items)) for name, items in groupby(in_article, key=lambda c: c.display_name)]  # type: ignore[attr-defined]
        groups.append((article_eid, label, by_name))
    return groups
