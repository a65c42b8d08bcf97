"""The public's pages of a consultation: the whole version on one page (contents, anchors, a "Góp ý"
link on every article, clause and point, the published answers), the comment form where the provision
is chosen from a list, the confirmation with the receipt and the private follow link, the follow page
(no account), and the drafting committee's hide/unhide form. Thin: selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hoinhap.core.errors import DomainError, RateLimited
from hoinhap.core.errors import PermissionDenied as Refused
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, public_selectors, public_services, round_services, selectors
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, ConsultationRound, Version
from hoinhap.drafting.permissions import INSTITUTIONAL_ROLES, is_drafter
from hoinhap.throttle import guard
from hoinhap.throttle.http import with_retry_after
from hoinhap.web.public_forms import ModerationForm, PublicCommentForm

SENT = "hoinhap_comment_sent"  # the session key holding the receipt and token until the page shows them






def _open_round(version: Version) -> ConsultationRound | None:
    """The round taking comments on ``version`` today, if any (latest first)."""
    today = timezone.localdate()
    for round_ in version.rounds.filter(frozen_at__isnull=True, closed_at__isnull=True,
                                        opens_on__lte=today).order_by("-number"):
        if round_services.round_accepts_comments(round_, today):
            return round_
    return None


def fulltext(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    document = version_document(version)
    return render(request, "web/drafting/fulltext.html", {
        "draft": draft, "version": version, "doc": document, "contents": public_selectors.contents(document),
        "labels": public_selectors.labels(document), "shown": public_selectors.answered_on_page(version),
        "round": _open_round(version), "commentable": public_selectors.COMMENTABLE,
        "drafter": is_drafter(signed_in(request), draft),
    })


def _organisations(request: HttpRequest) -> object:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=request.user,
                                       memberships__role__in=INSTITUTIONAL_ROLES).distinct()


def comment_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The comment form, the provision chosen beforehand by ``?eid=`` (the "Góp ý" links) or in its list."""
    draft = selectors.draft_get(slug)
    version = selectors.version_get(draft, number, signed_in(request))
    document = version_document(version)
    choices = public_selectors.provision_choices(document)
    round_ = _open_round(version)
    chosen = request.GET.get("eid", "")
    chosen = chosen if chosen in dict(choices) else ""
    form = PublicCommentForm(initial={"eid": chosen}, choices=choices, organisations=_organisations(request))
    limited: RateLimited | None = None
    if request.method == "POST":
        form = PublicCommentForm(request.POST, choices=choices, organisations=_organisations(request))
        sent, limited = _send(request, form, round_)
        if sent is not None:
            request.session[SENT] = {"receipt": sent.receipt, "token": sent.follow_token,  # type: ignore[attr-defined]
                                     "slug": draft.slug, "number": version.number}
            return redirect("web:comment_sent")
        chosen = str(form.data.get("eid", ""))
    response = render(request, "web/drafting/comment_form.html", {
        "draft": draft, "version": version, "round": round_, "form": form,
        "chosen": chosen, "chosen_label": dict(choices).get(chosen, "") if chosen else "",
    }, status=429 if limited else 200)
    return with_retry_after(response, limited) if limited else response


def _send(request: HttpRequest, form: PublicCommentForm,
          round_: ConsultationRound | None) -> tuple[Comment | None, RateLimited | None]:
    actor = signed_in(request)
    try:  # every attempt counts, valid or not, before any work is done for it
        guard.public_write(request, actor)
    except RateLimited as error:
        form.is_valid()
        form.add_error(None, error.message)
        return None, error
    if not form.is_valid():
        return None, None
    if round_ is None:
        form.add_error(None, gettext("No consultation round is open on this version."))
        return None, None
    data = form.cleaned_data
    try:
        return consultation_services.comment_add(
            actor=actor, round_=round_, text=data["text"], eid=data["eid"], quote=data["quote"],
            organisation=data["organisation"], author_name=data["author_name"], proposed_text=data["proposed_text"],
            notify_email=data["notify_email"] or "", consented=bool(data["consent"])), None
    except DomainError as error:
        form.add_error(None, error.message)
        return None, None


def _private(response: HttpResponse) -> HttpResponse:
    """A page holding a private link: never cached, never indexed, no referrer to leak the token."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def comment_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation: receipt and private follow link, shown once (the token is not kept)."""
    sent = request.session.pop(SENT, None)
    if not sent:
        return redirect("web:drafts")
    link = request.build_absolute_uri(public_services.follow_path(sent["token"]))
    return _private(render(request, "web/drafting/comment_sent.html", {
        "receipt": sent["receipt"], "link": link,
        "back": reverse("web:draft_fulltext", kwargs={"slug": sent["slug"], "number": sent["number"]}),
    }))


def follow(request: HttpRequest, token: str) -> HttpResponse:
    comment = public_services.follow_get(token)  # an unknown token: not found, the error page
    return _private(render(request, "web/drafting/follow.html", {"followed": public_selectors.followed(comment),
                                                                 "token": token}))  # for the personal-data link


@require_POST
def moderate(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Hide or show again a comment (the drafting committee; the service checks), then go back."""
    comment = selectors.comment_get(slug, pk)
    form = ModerationForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(gettext("Hiding a comment needs a reason."))
        service = public_services.comment_hide if action == "an" else public_services.comment_unhide
        service(actor=signed_in(request), comment=comment, reason=form.cleaned_data["reason"])
        messages.success(request, gettext("Comment #%(id)s hidden.") % {"id": pk} if action == "an"
                         else gettext("Comment #%(id)s shown again.") % {"id": pk})
    except DomainError as error:
        if isinstance(error, Refused):  # not theirs to do: the error page (403), not a message
            raise
        messages.error(request, error.message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("web:draft", kwargs={"slug": slug})
    return redirect(back)
