"""An official letter becomes comments, in the browser (issue 15). On a round's page the drafting
committee uploads a letter (PDF, Word or text) and chooses the organisation that sent it (an invited
organisation's member uploads their organisation's own letter the same way); the next
page lists one proposed comment per provision the letter cites (the provision, the quoted words, the
text), each editable, to keep, merge with the previous one or drop; confirming stores them all or none
(``drafting/letter_services.py``), the letter attached to each.

Between the two steps the letter waits in the media storage under ``drafting/letters/pending/``, named
by the user, the round and a random token (so nobody else's POST can attach it), and is removed once
stored; letters left there longer than a day are removed whenever another letter is read. Anyone but
the drafting committee and the members of an organisation invited to the round (for their own
organisation, while the round takes comments) gets the log-in page or a 404 before any upload is read."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hoinhap.core.errors import DomainError, NotFound
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation, User
from hoinhap.drafting import letter_services, selectors
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import ConsultationRound
from hoinhap.legal import tree
from hoinhap.legal.letter_split import DROP, KEEP, MERGE, Proposal, apply_choices

PENDING = "drafting/letters/pending"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_PROPOSALS = 500
_NAMES = {tree.ARTICLE: "Điều", tree.CLAUSE: "khoản", tree.POINT: "điểm", tree.CHAPTER: "Chương", tree.SECTION: "Mục",
          tree.PART: "Phần"}


def pending_letter(user: User, round_: ConsultationRound, data: bytes, fmt: str) -> str:
    """Keep an uploaded letter until its proposals are confirmed; returns its token."""
    _clear_old()
    token = secrets.token_urlsafe(18)
    default_storage.save(f"{PENDING}/{user.pk}-{round_.pk}-{token}.{fmt}", ContentFile(data))
    return token


def _pending_path(user: User, round_: ConsultationRound, token: str) -> str | None:
    if not _TOKEN.fullmatch(token):
        return None
    for fmt in letter_services.LETTER_SUFFIXES.values():
        path = f"{PENDING}/{user.pk}-{round_.pk}-{token}.{fmt}"
        if default_storage.exists(path):
            return path
    return None


def _clear_old() -> None:
    try:
        _, files = default_storage.listdir(PENDING)
    except FileNotFoundError:
        return
    limit = timezone.now() - timedelta(days=1)
    for name in files:
        path = f"{PENDING}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


@require_http_methods(["GET", "POST"])
def letter_comments(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user: User = request.user
    draft = selectors.draft_get(slug)
    round_ = selectors.round_get(draft, number)
    if letter_services.letter_organisations(user, round_) == []:  # not advertised to who may not use it
        raise NotFound(_("%(slug)s has no consultation round %(number)s") % {"slug": slug, "number": number})
    if request.method == "GET":
        return _upload_page(request, round_)
    if request.POST.get("action") == "read":
        return _read(request, user, round_)
    return _save(request, user, round_)


def _organisations(request: HttpRequest, round_: ConsultationRound) -> list[Organisation]:
    """The committee chooses among every organisation (invited ones first); an invited organisation's
    member among their own organisations that may comment in the round."""
    own = letter_services.letter_organisations(signed_in(request), round_)
    if own is not None:
        return own
    invited = set(round_.invitations.values_list("organisation_id", flat=True))
    return sorted(Organisation.objects.all(), key=lambda org: (org.pk not in invited, org.name))


def _organisation(request: HttpRequest, round_: ConsultationRound) -> Organisation | None:
    raw = request.POST.get("organisation", "")
    return next((org for org in _organisations(request, round_) if str(org.pk) == raw), None)


def _upload_page(request: HttpRequest, round_: ConsultationRound, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "web/drafting/letter.html", {
        "round": round_, "draft": round_.draft, "organisations": _organisations(request, round_), "error": error,
        "chosen": request.POST.get("organisation", "")}, status=status)


def _read(request: HttpRequest, user: User, round_: ConsultationRound) -> HttpResponse:
    upload = request.FILES.get("letter")
    organisation = _organisation(request, round_)
    if upload is None or organisation is None:
        return _upload_page(request, round_, error=_("Choose the letter's file and the organisation that sent it."),
                            status=422)
    if upload.size is not None and upload.size > letter_services.MAX_LETTER_BYTES:
        return _upload_page(request, round_, error=_("The letter is larger than 20 MB."), status=422)
    data, name = upload.read(), upload.name or ""
    try:
        fmt, proposals = letter_services.letter_proposals(round_, data, name)
    except DomainError as failure:
        return _upload_page(request, round_, error=failure.message, status=422)
    if not proposals:
        return _upload_page(request, round_, error=_("No opinion was found in this letter."), status=422)
    token = pending_letter(user, round_, data, fmt)
    return _proposals_page(request, round_, organisation, token, name, fmt,
                           [(proposal, KEEP) for proposal in proposals[:MAX_PROPOSALS]])


def _proposals_page(request: HttpRequest, round_: ConsultationRound, organisation: Organisation, token: str,
                    name: str, fmt: str, rows: list[tuple[Proposal, str]], *, error: str = "",
                    status: int = 200) -> HttpResponse:
    labels = dict(_provisions(version_document(round_.version)))
    return render(request, "web/drafting/letter_proposals.html", {
        "round": round_, "draft": round_.draft, "organisation": organisation, "token": token, "name": name,
        "fmt": fmt, "error": error, "provisions": labels.items(),
        "rows": [{"p": proposal, "choice": choice, "label": labels.get(proposal.eid, "") if proposal.eid
                  else _("Whole draft")} for proposal, choice in rows],
        "choices": ((KEEP, _("keep")), (MERGE, _("merge with the previous")), (DROP, _("drop")))}, status=status)


def _provisions(document: tree.Document) -> list[tuple[str, str]]:
    """(eId, "Điều 5, khoản 2, điểm a") for every provision a comment may be anchored to."""
    found: list[tuple[str, str]] = []

    def visit(node: tree.Node, trail: tuple[str, ...]) -> None:
        name = _NAMES.get(node.kind)
        if name and node.eid:
            label = f"{name} {node.num}"
            trail = (label,) if node.kind in (tree.ARTICLE, tree.CHAPTER, tree.PART, tree.SECTION) else (*trail, label)
            found.append((node.eid, ", ".join(trail)))
        for child in node.children:
            visit(child, trail)

    for top in document.body:
        visit(top, ())
    return found


def _posted_rows(request: HttpRequest) -> list[tuple[Proposal, str]]:
    post = request.POST
    raw = post.get("count", "0")
    count = min(int(raw), MAX_PROPOSALS) if raw.isdigit() else 0
    rows = []
    for i in range(count):
        choice = post.get(f"choice-{i}", KEEP)
        line = post.get(f"line-{i}", "0")
        rows.append((Proposal(eid=post.get(f"eid-{i}", "").strip(), cited=post.get(f"cited-{i}", "")[:255],
                              text=post.get(f"text-{i}", ""), quote=post.get(f"quote-{i}", ""),
                              line=int(line) if line.isdigit() else 0, warning=post.get(f"warning-{i}", "")[:255]),
                     choice if choice in (KEEP, MERGE, DROP) else KEEP))
    return rows


def _save(request: HttpRequest, user: User, round_: ConsultationRound) -> HttpResponse:
    token = request.POST.get("letter", "")
    path = _pending_path(user, round_, token)
    if path is None:
        return _upload_page(request, round_, error=_("The letter is no longer here: read it again."), status=422)
    organisation = _organisation(request, round_)
    rows = _posted_rows(request)
    name, fmt = request.POST.get("name", "")[:200], path.rsplit(".", 1)[-1]
    if organisation is None:
        return _upload_page(request, round_, error=_("Choose the organisation that sent the letter."), status=422)
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    try:
        letter_services.letter_comments_save(
            actor=user, round_=round_, organisation=organisation, letter_bytes=data, name=name,
            proposals=apply_choices([proposal for proposal, _ in rows], [choice for _, choice in rows]))
    except DomainError as failure:
        return _proposals_page(request, round_, organisation, token, name, fmt, rows, error=failure.message,
                               status=422)
    default_storage.delete(path)
    return redirect(reverse("web:draft", args=[round_.draft.slug]) + f"#round-{round_.number}")
