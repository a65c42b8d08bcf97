"""The National Assembly side of a draft (issue 18, item 3): the sessions that consider it, their
conclusions as the drafting committee's checklist, and the opinions of the NA process (the
Government's proposal, the appraisal, the preliminary and official verification reports, the
Standing Committee's opinions, the deputies' opinions) split per provision and answered like
consultation comments.

Least new machinery (docs/drafting.md, "The National Assembly's review"): an opinion is a
``Comment`` with its ``source_kind`` and ``session``; its round is the draft's review round for the
NA stage the kind belongs to (``ConsultationRound.review_stage``), opened on the version under
review and closed at once, so that no consultation channel (public form, invited organisation) can
add to it. Answers go through ``response_services.answer`` unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoinhap.core.errors import NotFound, UnreadableInput, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.corpus.reading import unreadable
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.letter_services import _check as check_proposal
from hoinhap.drafting.models import (
    Comment,
    ConsultationRound,
    Draft,
    Session,
    SessionConclusion,
    SessionHearing,
    Version,
)
from hoinhap.drafting.permissions import require_drafter
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.letter_split import Proposal, letter_text, split_letter

CONSULTATION = "consultation"


@dataclass(frozen=True)
class OpinionKind:
    code: str
    label: object  # a lazy translation
    stage: str  # the NA stage whose review round holds it


# In the order of the process; the explanation report counts them in this order.
KINDS = (
    OpinionKind("submission", gettext_lazy("Government's proposal (tờ trình)"), "government_submission"),
    OpinionKind("appraisal", gettext_lazy("Appraisal report"), "appraisal"),
    OpinionKind("preliminary_verification", gettext_lazy("Preliminary verification report"), "verification"),
    OpinionKind("verification", gettext_lazy("Verification report"), "verification"),
    OpinionKind("standing_committee", gettext_lazy("Standing Committee's opinions"), "standing_committee"),
    OpinionKind("deputies_group", gettext_lazy("Deputies' opinions in group discussions"), "plenary"),
    OpinionKind("deputies_plenary", gettext_lazy("Deputies' opinions in the plenary"), "plenary"),
)
BY_CODE = {kind.code: kind for kind in KINDS}
MAX_SOURCE_BYTES = 20 * 1024 * 1024


def kind_get(code: str) -> OpinionKind:
    if code not in BY_CODE:
        raise ValidationFailed(_("Unknown kind of opinion: %(kind)s") % {"kind": code}, allowed=list(BY_CODE))
    return BY_CODE[code]


def kind_label(code: str) -> str:
    kind = BY_CODE.get(code)
    return str(kind.label) if kind else str(_("Consultation comment"))


# --- sessions and their conclusions -----------------------------------------------------------------

def session_find(body: str, number: int) -> Session:
    session = Session.objects.filter(body=body, number=number).first()
    if session is None:
        raise NotFound(_("No session %(number)s of this body is recorded.") % {"number": number})
    return session


@transaction.atomic
def hearing_record(*, actor: User | None, draft: Draft, body: str, number: int, held_on: date, title: str = "",
                   starts_on: date | None = None, ends_on: date | None = None, summary: str = "",
                   source: str = "") -> SessionHearing:
    """Record that ``draft`` was considered at session ``number`` of ``body`` on ``held_on``; the
    session is created the first time any draft names it (its dates and title kept from then)."""
    require_drafter(actor, draft)
    if body not in Session.Body.values:
        raise ValidationFailed(_("Unknown body: %(body)s") % {"body": body}, allowed=list(Session.Body.values))
    if number < 1:
        raise ValidationFailed(_("A session number is 1 or more."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed(_("The session closes before it opens."))
    check_lengths(NAME_CHARS, title=title)
    check_lengths(text_chars(), summary=summary, source=source)
    session, created = Session.objects.get_or_create(
        body=body, number=number, defaults={"starts_on": starts_on, "ends_on": ends_on, "title": title.strip(),
                                            "source": source.strip()})
    if not created and not session.starts_on and starts_on:
        Session.objects.filter(pk=session.pk).update(starts_on=starts_on, ends_on=ends_on or session.ends_on)
    if SessionHearing.objects.filter(session=session, draft=draft, held_on=held_on).exists():
        raise ValidationFailed(_("This draft's hearing at that session on that day is recorded already."))
    hearing = SessionHearing.objects.create(session=session, draft=draft, held_on=held_on, summary=summary.strip(),
                                            source=source.strip())
    log_action(actor, "drafting.session.recorded", draft,
               {"body": body, "number": number, "held_on": held_on.isoformat(), "new_session": created})
    return hearing


@transaction.atomic
def conclusion_add(*, actor: User | None, hearing: SessionHearing, text: str, due_on: date | None = None,
                   source: str = "") -> SessionConclusion:
    """A conclusion of the session on the draft, to be carried out by the drafting committee."""
    require_drafter(actor, hearing.draft)
    if not text.strip():
        raise ValidationFailed(_("A conclusion needs its text."))
    check_lengths(text_chars(), text=text, source=source)
    conclusion = SessionConclusion.objects.create(hearing=hearing, text=text.strip(), due_on=due_on,
                                                  source=source.strip())
    log_action(actor, "drafting.session_conclusion.added", hearing.draft,
               {"conclusion": conclusion.pk, "session": f"{hearing.session.body} {hearing.session.number}",
                "due": due_on.isoformat() if due_on else None})
    return conclusion


@transaction.atomic
def conclusion_complete(*, actor: User | None, conclusion: SessionConclusion, note: str,
                        done_on: date | None = None) -> SessionConclusion:
    """Mark a conclusion carried out, saying how (the answer, the revised version, the report sent)."""
    draft = conclusion.hearing.draft
    require_drafter(actor, draft)
    if not note.strip():
        raise ValidationFailed(_("Say how the conclusion was carried out."))
    check_lengths(text_chars(), note=note)
    done_on = done_on or timezone.localdate()
    SessionConclusion.objects.filter(pk=conclusion.pk).update(
        done_on=done_on, done_note=note.strip(), done_by=actor if actor is not None and actor.pk else None)
    conclusion.refresh_from_db()
    log_action(actor, "drafting.session_conclusion.completed", draft,
               {"conclusion": conclusion.pk, "done_on": done_on.isoformat()})
    return conclusion


# --- opinions ---------------------------------------------------------------------------------------

def review_version(draft: Draft, kind: OpinionKind) -> Version:
    """The version the opinions of ``kind`` are about: the one bound to its stage, else the latest
    published one."""
    stage = draft.stages.filter(code=kind.stage, version__isnull=False).select_related("version").first()
    if stage is not None and stage.version is not None:
        return stage.version
    version = draft.versions.filter(status=Version.Status.PUBLISHED).order_by("-number").first()
    if version is None:
        raise ValidationFailed(_("Publish a version of the draft before recording the National Assembly's opinions."))
    return version


def review_round(actor: User | None, draft: Draft, kind: OpinionKind) -> ConsultationRound:
    """The draft's review round of ``kind``'s stage, opened (and closed to other channels) when first needed."""
    version = review_version(draft, kind)
    found = draft.rounds.filter(review_stage=kind.stage, version=version).first()
    if found is not None:
        return found
    type(draft).objects.select_for_update().get(pk=draft.pk)  # numbers rounds one at a time
    number = (draft.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    today = timezone.localdate()
    round_ = ConsultationRound.objects.create(draft=draft, version=version, number=number, opens_on=today,
                                              deadline=today, public=False, review_stage=kind.stage,
                                              closed_at=timezone.now())
    log_action(actor, "drafting.round.opened", round_,
               {"version": version.number, "review_stage": kind.stage, "opens_on": today.isoformat(),
                "deadline": today.isoformat(), "invited": []})
    return round_


def source_text(data: bytes, name: str = "") -> str:
    """The text of an opinion's document (PDF, Word or text)."""
    if len(data) > MAX_SOURCE_BYTES:
        raise UnreadableInput(_("The document is larger than 20 MB."))
    try:
        return letter_text(data, name)[1]
    except UnreadableDocument as error:
        raise unreadable(error) from error


def opinion_proposals(draft: Draft, kind_code: str, text: str) -> tuple[Version, list[Proposal]]:
    """The per-provision items proposed from an opinion's text, on the version under review. Reads only."""
    version = review_version(draft, kind_get(kind_code))
    if not text.strip():
        raise ValidationFailed(_("The opinion is empty."))
    return version, split_letter(text, version_document(version))


@transaction.atomic
def opinions_save(*, actor: User | None, draft: Draft, kind_code: str, proposals: Sequence[Proposal],
                  session: Session | None = None, organisation: Organisation | None = None,
                  author_name: str = "") -> list[Comment]:
    """Store the confirmed items of one opinion, all or none: comments of ``kind_code`` in the
    review round of its stage, given at ``session`` by ``organisation`` (or ``author_name``, a
    deputy or the body's name)."""
    require_drafter(actor, draft)
    kind = kind_get(kind_code)
    if kind.stage in ("standing_committee", "plenary") and session is None:
        raise ValidationFailed(_("Name the session at which these opinions were given."))
    if not proposals:
        raise ValidationFailed(_("No item to store: every proposal was dropped."))
    check_lengths(NAME_CHARS, author_name=author_name)
    round_ = review_round(actor, draft, kind)
    if round_.frozen_at:
        raise ValidationFailed(_("This review round's report is frozen."))
    document = version_document(round_.version)
    for index, proposal in enumerate(proposals, start=1):
        check_proposal(document, proposal, index)
    name = (author_name.strip() or (organisation.name if organisation else "") or str(kind.label))[:255]
    comments = []
    for proposal in proposals:
        comment = Comment.objects.create(
            round=round_, version=round_.version, eid=proposal.eid, quote=proposal.quote.strip(),
            text=proposal.text.strip(), organisation=organisation, author_name=name, is_public=False,
            author=actor if actor is not None and actor.pk else None, source_kind=kind.code, session=session)
        log_action(actor, "drafting.opinion.added", comment,
                   {"kind": kind.code, "eid": comment.eid, "round": round_.number,
                    "session": f"{session.body} {session.number}" if session else None})
        comments.append(comment)
    log_action(actor, "drafting.opinion.split", draft, {"kind": kind.code, "items": len(comments),
                                                       "round": round_.number})
    return comments


# --- reads shared by the API and the CLI ----------------------------------------------------------------

def hearings_data(draft: Draft) -> list[dict[str, object]]:
    """The sessions that considered ``draft``, by date, each with its conclusions (public record)."""
    rows: list[dict[str, object]] = []
    for hearing in draft.hearings.select_related("session").prefetch_related("conclusions"):
        session = hearing.session
        rows.append({
            "id": hearing.pk, "body": session.body, "number": session.number, "title": session.title,
            "starts_on": _iso(session.starts_on), "ends_on": _iso(session.ends_on), "held_on": _iso(hearing.held_on),
            "summary": hearing.summary, "source": hearing.source,
            "conclusions": [{"id": c.pk, "text": c.text, "due_on": _iso(c.due_on), "done_on": _iso(c.done_on),
                             "done_note": c.done_note, "source": c.source} for c in hearing.conclusions.all()]})
    return rows


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
