"""Write path of drafting: drafts, versions (import, copy for editing, publish), per-provision edits
with optimistic concurrency, and adoption into the corpus. Each writes the audit log.

Consultation (rounds, comments, responses) is in ``consultation_services``, the dossier stages in
``stage_services``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.limits import check_lengths, provision_chars, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.corpus.models import Work
from hoinhap.corpus.reading import read_document
from hoinhap.corpus.services import work_store_document
from hoinhap.drafting import stages, structure_services, structure_tree
from hoinhap.drafting.anchoring import reanchor_comments
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Draft, ProvisionEdit, Stage, Version, VersionProvision
from hoinhap.drafting.permissions import require_draft_creator, require_drafter
from hoinhap.legal import tree
from hoinhap.legal.numbers import parse_number


@transaction.atomic
def draft_create(*, actor: User | None, slug: str, title: str, drafting_agency: Organisation | None = None,
                 doc_type: str = "Nghị quyết", stage_scheme: str = "na_resolution", illustrative: bool = False,
                 amends: Work | None = None) -> Draft:
    require_draft_creator(actor, drafting_agency)
    if not slug.strip() or not title.strip():
        raise ValidationFailed(_("a draft needs a slug and a title"))
    check_lengths(text_chars(), title=title)
    if Draft.objects.filter(slug=slug).exists():
        raise Conflict(_("a draft %(slug)r exists already") % {"slug": slug})
    specs = stages.configured().scheme(stage_scheme)
    draft = Draft.objects.create(slug=slug, title=title, doc_type=doc_type, stage_scheme=stage_scheme,
                                 drafting_agency=drafting_agency, is_illustrative=illustrative, amends=amends)
    Stage.objects.bulk_create([Stage(draft=draft, code=spec.code, position=index) for index, spec in enumerate(specs)])
    draft.stages.filter(position=0).update(opened_at=timezone.now())
    log_action(actor, "drafting.draft.created", draft, {"scheme": stage_scheme})
    return draft


def version_import(*, actor: User | None, draft: Draft, data: bytes, filename: str = "", note: str = "") -> Version:
    """A new version from a text, DOCX or Akoma Ntoso file. Parsing happens before the transaction,
    so unreadable input leaves nothing behind; comments of earlier versions are re-anchored in it."""
    require_drafter(actor, draft)
    fmt, document = read_document(data, filename)
    return _create_version(actor=actor, draft=draft, document=document, fmt=fmt,
                           sha=hashlib.sha256(data).hexdigest(), note=note or filename)


@transaction.atomic
def version_copy(*, actor: User | None, draft: Draft, note: str = "") -> Version:
    """A new editable version holding the latest version's text, to edit in the browser."""
    require_drafter(actor, draft)
    latest = draft.versions.order_by("-number").first()
    if latest is None:
        raise ValidationFailed(_("the draft has no version to copy; import one first"))
    document = version_document(latest)
    return _create_version(actor=actor, draft=draft, document=document, fmt="copy", sha="",
                           note=note or f"copy of v{latest.number}")


@transaction.atomic
def _create_version(*, actor: User | None, draft: Draft, document: tree.Document, fmt: str, sha: str,
                    note: str) -> Version:
    Draft.objects.select_for_update().get(pk=draft.pk)  # numbers versions one at a time
    previous = draft.versions.order_by("-number").first()
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(draft=draft, number=number, note=note[:255], source_format=fmt,
                                     source_sha256=sha, tree=document.to_dict(markers=True),
                                     created_by=actor if actor and actor.pk else None)
    VersionProvision.objects.bulk_create(VersionProvision.rows_of(document, version=version), batch_size=1000)
    moved = reanchor_comments(previous, version) if previous else {}
    log_action(actor, "drafting.version.created", version,
               {"number": number, "format": fmt, "sha256": sha, "warnings": len(document.warnings),
                "anchors": moved})
    return version


@transaction.atomic
def version_publish(*, actor: User | None, version: Version, renumber: bool = False) -> Version:
    """Publishing freezes the version: its tree is baked from the rows (edited texts, inserted, moved
    and deleted provisions) and no edit is accepted after. With ``renumber``, articles, clauses and
    points are numbered in order and take fresh eIds; references inside the texts are not rewritten."""
    require_drafter(actor, version.draft)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise Conflict(_("version %(number)s is published already") % {"number": version.number})
    loaded = structure_services.load(version)
    renumbered = structure_tree.renumber(loaded.document) if renumber else 0
    structure_services.write_back(version, loaded)  # also stores the tree
    version.status, version.published_at = Version.Status.PUBLISHED, timezone.now()
    version.save(update_fields=["status", "published_at"])
    # Comments follow into this version through the provision map (``provision_map``), computed from the
    # trees as published here: nothing to re-anchor, whatever was inserted, moved or renumbered.
    log_action(actor, "drafting.version.published", version,
               {"sha256": tree_hash(version.tree), "renumbered": renumbered,
                "structure_revision": version.structure_revision})
    return version


def tree_hash(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class EditConflict:
    """What a drafter whose edit was refused is shown: both texts, and the revision to retry from."""

    eid: str
    yours: str
    theirs: str
    revision: int


def provision_edit(*, actor: User | None, provision: VersionProvision, base_revision: int, text: str,
                   heading: str | None = None) -> VersionProvision:
    """Save one provision's new text if nobody saved it since ``base_revision``. Otherwise raise
    ``Conflict`` with both texts; the refused text is kept in the provision's edit history."""
    version = provision.version
    require_drafter(actor, version.draft)
    if version.is_published:
        raise Conflict(_("a published version cannot be edited; copy it into a new version"))
    check_lengths(provision_chars(), text=text)
    check_lengths(text_chars(), heading=heading)
    new_heading = provision.heading if heading is None else heading
    with transaction.atomic():
        saved = VersionProvision.objects.filter(pk=provision.pk, revision=base_revision).update(
            text=text, heading=new_heading, revision=F("revision") + 1)
        if saved:
            ProvisionEdit.objects.create(provision=provision, actor=_user(actor), base_revision=base_revision,
                                         heading=new_heading, text=text, outcome=ProvisionEdit.Outcome.SAVED)
            log_action(actor, "drafting.provision.edited", version,
                       {"eid": provision.eid, "revision": base_revision + 1})
            provision.refresh_from_db()
            return provision
    current = VersionProvision.objects.get(pk=provision.pk)
    with transaction.atomic():
        ProvisionEdit.objects.create(provision=provision, actor=_user(actor), base_revision=base_revision,
                                     heading=new_heading, text=text, outcome=ProvisionEdit.Outcome.CONFLICT)
        log_action(actor, "drafting.provision.conflict", version,
                   {"eid": provision.eid, "base_revision": base_revision, "current_revision": current.revision})
    raise Conflict(_("someone saved this provision after you opened it"), eid=provision.eid, yours=text,
                   theirs=current.text, revision=current.revision)


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def draft_adopt(*, actor: User | None, draft: Draft, number: str, adopted_on: date,
                status: str = Work.Status.IN_FORCE, issuer: str = "") -> Work:
    """Turn the final published version into a corpus document with its official number."""
    require_drafter(actor, draft)
    parsed = parse_number(number)
    if parsed is None:
        raise ValidationFailed(_("not a document number: %(number)r") % {"number": number})
    if draft.adopted_work_id:
        raise Conflict(_("this draft is adopted already"))
    final = draft.versions.filter(status=Version.Status.PUBLISHED).order_by("-number").first()
    if final is None:
        raise ValidationFailed(_("publish the final version before adoption"))
    document = version_document(final)
    document.meta.number, document.meta.date = number, adopted_on
    document.meta.issuer_code = parsed.issuer_code or document.meta.issuer_code
    document.meta.issuer = issuer or document.meta.issuer
    document.meta.doc_type = document.meta.doc_type or draft.doc_type
    document.meta.title = document.meta.title or draft.title
    result = work_store_document(actor=actor, document=document, source_name=f"{draft.slug} v{final.number}",
                                 status=status, illustrative=draft.is_illustrative)
    draft.adopted_work = result.work
    draft.save(update_fields=["adopted_work"])
    adoption = draft.stages.filter(code="adoption").first()
    if adoption is not None:
        adoption.version = final
        adoption.save(update_fields=["version"])
    log_action(actor, "drafting.draft.adopted", draft,
               {"number": number, "date": adopted_on.isoformat(), "version": final.number, "work": result.work.pk})
    return result.work
