"""An official letter becomes comments (issue 15): read a letter (PDF, Word or text) into proposed
comments on the round's version (``legal/letter_split.py``), then, once the drafting committee has
confirmed, edited or merged them, store them as the sending organisation's comments in one
transaction, the letter attached to each.

The letter is kept as it came (PDF, .docx or .txt, by its content, never by the name it was uploaded
with), stored once and shared by the comments it produced; it is served only to the drafting
committee and the sending organisation, like a PDF letter attached to a single comment."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import DomainError, UnreadableInput, ValidationFailed
from hoinhap.core.limits import check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.corpus.reading import pdf_options, unreadable
from hoinhap.drafting.consultation_services import MAX_LETTER_BYTES
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, ConsultationRound
from hoinhap.drafting.permissions import INSTITUTIONAL_ROLES, commenting_organisation, is_drafter, require_drafter
from hoinhap.drafting.round_services import round_accepts_comments
from hoinhap.legal import tree
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.letter_split import Proposal, letter_text, split_letter
from hoinhap.legal.reading import decode_text, detect_format

LETTER_SUFFIXES = {"pdf": "pdf", "docx": "docx", "txt": "txt"}


def letter_format(data: bytes, name: str = "") -> str:
    """"pdf", "docx" or "txt" by the letter's content; ``UnreadableInput`` for anything else."""
    if not data.strip():
        raise UnreadableInput(_("the letter is empty"))
    if len(data) > MAX_LETTER_BYTES:
        raise UnreadableInput(_("the letter is larger than %(value)s MB") % {"value": MAX_LETTER_BYTES // (1024 * 1024)})
    fmt = detect_format(name, data)
    if fmt == "pdf" and not data.lstrip().startswith(b"%PDF-") or fmt == "docx" and not data.startswith(b"PK"):
        raise UnreadableInput(_("the letter is not a %(value)s file") % {"value": fmt.upper()})
    if fmt == "txt":
        try:
            decode_text(data)
        except UnreadableDocument as error:
            raise unreadable(error) from error
    if fmt not in LETTER_SUFFIXES:
        raise UnreadableInput(_("an official letter is a PDF, Word (.docx) or text file"))
    return fmt


def letter_proposals(round_: ConsultationRound, data: bytes, name: str = "") -> tuple[str, list[Proposal]]:
    """``(format, proposals)`` for a letter on ``round_``'s version. Reads only; nothing is stored."""
    letter_format(data, name)
    try:
        fmt, text = letter_text(data, name, pdf=pdf_options())
    except UnreadableDocument as error:
        raise unreadable(error) from error
    return fmt, split_letter(text, version_document(round_.version))


def letter_organisations(actor: User | None, round_: ConsultationRound) -> list[Organisation] | None:
    """The organisations whose letter ``actor`` may enter in this round: None for the drafting committee
    (any organisation), else the actor's own organisations that may comment in it today (empty: none)."""
    if is_drafter(actor, round_.draft):
        return None
    if actor is None or not actor.is_authenticated or not round_accepts_comments(round_):
        return []
    mine = Organisation.objects.filter(memberships__user=actor, memberships__role__in=INSTITUTIONAL_ROLES).distinct()
    allowed = []
    for organisation in mine:
        try:
            commenting_organisation(actor, round_, organisation, timezone.localdate())
        except DomainError:
            continue
        allowed.append(organisation)
    return allowed


def require_letter_entry(actor: User | None, round_: ConsultationRound, organisation: Organisation) -> None:
    allowed = letter_organisations(actor, round_)
    if allowed is not None and organisation not in allowed:
        require_drafter(actor, round_.draft)  # refuses, with the committee's message


@transaction.atomic
def letter_comments_save(*, actor: User | None, round_: ConsultationRound, organisation: Organisation | None,
                         letter_bytes: bytes, name: str, proposals: Sequence[Proposal]) -> list[Comment]:
    """Store the confirmed proposals as ``organisation``'s comments, all or none, each with the letter.
    The drafting committee enters a letter received from any organisation; a member of an organisation
    invited to the round enters its own letter while the round takes comments (``may_enter_letter``)."""
    if ConsultationRound.objects.filter(pk=round_.pk, frozen_at__isnull=False).exists():
        raise ValidationFailed(_("this round is closed: its report is frozen"))
    if organisation is None:
        raise ValidationFailed(_("choose the organisation that sent the letter"))
    require_letter_entry(actor, round_, organisation)
    if not proposals:
        raise ValidationFailed(_("no comment to store: every proposal was dropped"))
    fmt = letter_format(letter_bytes, name)
    document = version_document(round_.version)
    for index, proposal in enumerate(proposals, start=1):
        _check(document, proposal, index)
    comments = [Comment(round=round_, version=round_.version, eid=p.eid, quote=p.quote.strip(), text=p.text.strip(),
                        organisation=organisation, author=actor if actor is not None and actor.pk else None,
                        author_name=organisation.name[:255], is_public=False) for p in proposals]
    stored = comments[0].letter.field.generate_filename(comments[0], f"cong-van-{organisation.pk}.{LETTER_SUFFIXES[fmt]}")
    stored = comments[0].letter.storage.save(stored, ContentFile(letter_bytes))
    late = timezone.localdate() > round_.deadline
    for comment in comments:
        comment.letter.name = stored
        comment.save()
        log_action(actor, "drafting.comment.added", comment,
                   {"round": round_.number, "eid": comment.eid, "organisation": organisation.code, "public": False,
                    "late": late, "from_letter": stored})
    round_.invitations.filter(organisation=organisation, responded_at__isnull=True).update(responded_at=timezone.now())
    log_action(actor, "drafting.letter.split", round_,
               {"organisation": organisation.code, "letter": stored, "format": fmt, "comments": len(comments)})
    return comments


def _check(document: tree.Document, proposal: Proposal, index: int) -> None:
    if not proposal.text.strip():
        raise ValidationFailed(_("comment %(index)s is empty") % {"index": index}, index=index)
    check_lengths(text_chars(), text=proposal.text, quote=proposal.quote)
    if not proposal.eid:
        if proposal.quote.strip():
            raise ValidationFailed(_("comment %(index)s: a comment on the whole draft quotes no words")
                                   % {"index": index}, index=index)
        return
    node = document.find(proposal.eid)
    if node is None:
        raise ValidationFailed(_("comment %(index)s: this version has no provision %(eid)r")
                               % {"index": index, "eid": proposal.eid}, index=index)
    if proposal.quote.strip() and tree.squash(proposal.quote).lower() not in tree.squash(
            "".join(n.heading + n.text for n in node.walk())).lower():
        raise ValidationFailed(_("comment %(index)s: the quoted words are not in this provision")
                               % {"index": index}, index=index,
                               eid=proposal.eid)
