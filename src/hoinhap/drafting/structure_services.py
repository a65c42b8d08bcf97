"""Structural editing of an unpublished version: insert, delete and move articles, clauses and points.

Every operation names the version's ``structure_revision`` it was based on and claims the next one
with a single conditional UPDATE, so that two drafters cannot restructure at once: the second gets
``Conflict`` (409) and nothing changes. The rows (``VersionProvision``) stay the truth; after each
operation their positions, depths and parents are rewritten in document order and the version's
stored tree is rebuilt from them, so every page reading ``version_document`` shows the new shape."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.limits import check_lengths, provision_chars, text_chars
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.drafting import structure_tree as shape
from hoinhap.drafting.models import Version, VersionProvision
from hoinhap.drafting.permissions import require_drafter
from hoinhap.legal import tree

ROW_FIELDS = ("eid", "parent_eid", "num", "marker", "position", "depth")
SHIFT_BATCH = 5000  # primary keys per UPDATE … WHERE id IN (…), well under SQLite's variable limit


@dataclass
class Loaded:
    """A version's rows as a document, with each node's row (by ``id(node)``)."""

    document: tree.Document
    row_of: dict[int, VersionProvision]


def load(version: Version) -> Loaded:
    rows = list(VersionProvision.objects.filter(version=version).order_by("position"))
    meta = {key: value for key, value in (version.tree or {}).items() if key != "body"}
    document, row_of = shape.document_from_rows(rows, meta)
    return Loaded(document, row_of)  # type: ignore[arg-type]


def write_back(version: Version, loaded: Loaded) -> None:
    """Rows follow the document: changed ones updated (eIds through temporary values, since the
    database checks uniqueness row by row), new ones created, vanished ones deleted; the stored tree
    is rebuilt."""
    document, row_of = loaded.document, loaded.row_of
    changed: list[VersionProvision] = []
    renamed: list[VersionProvision] = []
    created: list[VersionProvision] = []
    shifted: dict[int, list[int]] = defaultdict(list)  # rows that only moved along, by how far
    kept: set[int] = set()
    for position, (node, parent, depth) in enumerate(document.flatten()):
        row = row_of.get(id(node))
        if row is None:
            created.append(VersionProvision(version=version, eid=node.eid, parent_eid=parent, kind=node.kind,
                                            num=node.num[:64], marker=node.marker[:255], heading=node.heading,
                                            text=node.text, position=position, depth=depth))
            continue
        kept.add(row.pk)
        new = (node.eid, parent, node.num[:64], node.marker[:255], position, depth)
        old = tuple(getattr(row, name) for name in ROW_FIELDS)
        if new[:4] == old[:4] and depth == row.depth:
            if position != row.position:
                shifted[position - row.position].append(row.pk)
            continue
        if node.eid != row.eid:
            renamed.append(row)
        row.eid, row.parent_eid, row.num, row.marker, row.position, row.depth = new
        changed.append(row)
    VersionProvision.objects.filter(version=version).exclude(pk__in=kept).delete()
    _shift(shifted)
    if renamed:  # out of the way first, so that no two rows hold one eId in between
        _update_rows(("eid",), [(f"~{row.pk}", row.pk) for row in renamed])
    _update_rows(ROW_FIELDS, [(*(getattr(row, name) for name in ROW_FIELDS), row.pk) for row in changed])
    VersionProvision.objects.bulk_create(created, batch_size=500)
    version.tree = document.to_dict(markers=True)
    version.save(update_fields=["tree"])


def _update_rows(fields: tuple[str, ...], values: list[tuple[str | int, ...]]) -> None:
    """``UPDATE … SET fields WHERE id = …`` for each tuple (the fields' values, then the id), as one
    executemany: a renumbering touches most rows, and Django's bulk_update builds its CASE expressions
    far more slowly (seconds for a thousand rows) than the database runs plain updates."""
    if not values:
        return
    table = connection.ops.quote_name(VersionProvision._meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in fields)  # plain fields: column = name
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", values)  # noqa: S608 - names are ours


def _shift(shifted: dict[int, list[int]]) -> None:
    """One UPDATE per distance for the rows an insertion or deletion only pushed along (most of them),
    instead of a row-by-row bulk update."""
    for delta, pks in shifted.items():
        for start in range(0, len(pks), SHIFT_BATCH):
            VersionProvision.objects.filter(pk__in=pks[start:start + SHIFT_BATCH]).update(
                position=F("position") + delta)


def claim_revision(version: Version, base_structure_revision: int) -> int:
    """Take the next structure revision if it is still ``base_structure_revision``; the UPDATE holds
    the version's row until the transaction ends, so concurrent operations run one after the other."""
    claimed = Version.objects.filter(pk=version.pk, status=Version.Status.DRAFT,
                                     structure_revision=base_structure_revision).update(
        structure_revision=F("structure_revision") + 1)
    current = Version.objects.only("status", "structure_revision").get(pk=version.pk)
    if not claimed:
        if current.is_published:
            raise Conflict(_("a published version cannot be edited; copy it into a new version"))
        raise Conflict(_("someone changed the structure of this version after you opened it"),
                       structure_revision=current.structure_revision)
    version.structure_revision = current.structure_revision
    return current.structure_revision


def _begin(actor: User | None, version: Version, base_structure_revision: int) -> Loaded:
    require_drafter(actor, version.draft)
    claim_revision(version, base_structure_revision)
    return load(version)


def _row(version: Version, eid: str) -> VersionProvision:
    return VersionProvision.objects.get(version=version, eid=eid)


@transaction.atomic
def provision_insert(*, actor: User | None, version: Version, kind: str, base_structure_revision: int,
                     heading: str = "", text: str = "", after_eid: str | None = None,
                     parent_eid: str | None = None) -> VersionProvision:
    """A new article, clause or point just after ``after_eid`` (a sibling) or first under ``parent_eid``
    ("" for the top of the body), numbered provisionally ("5a", "2a", "a1") until publication."""
    check_lengths(provision_chars(), text=text)
    check_lengths(text_chars(), heading=heading)
    loaded = _begin(actor, version, base_structure_revision)
    document = loaded.document
    place = shape.target_place(document, after_eid=after_eid, parent_eid=parent_eid)
    shape.check_fits(kind, place)
    node = tree.Node(kind=kind, heading=heading.strip(), text=text.strip())
    place.siblings.insert(place.index, node)
    node.num = shape.provisional_num(document, node, place)
    node.marker = shape.marker_for(kind, node.num)
    node.eid = shape.child_eid(place.prefix, kind, node.num)
    shape.check_unique(document)
    write_back(version, loaded)
    log_action(actor, "drafting.provision.inserted", version,
               {"eid": node.eid, "kind": kind, "num": node.num, "after": after_eid or "", "parent": place.prefix,
                "structure_revision": version.structure_revision})
    return _row(version, node.eid)


@transaction.atomic
def provision_delete(*, actor: User | None, version: Version, eid: str, base_structure_revision: int) -> int:
    """Delete a provision and everything under it; the audit log keeps what was deleted. Returns the
    number of provisions removed. Numbers are left as they are until publication."""
    loaded = _begin(actor, version, base_structure_revision)
    place = shape.locate(loaded.document, eid)
    node = place.siblings.pop(place.index)
    removed = [{"eid": n.eid, "marker": n.marker, "heading": n.heading, "text": n.text} for n in node.walk()]
    write_back(version, loaded)
    log_action(actor, "drafting.provision.deleted", version,
               {"eid": eid, "removed": removed, "structure_revision": version.structure_revision})
    return len(removed)


@transaction.atomic
def provision_move(*, actor: User | None, version: Version, eid: str, base_structure_revision: int,
                   after_eid: str | None = None, parent_eid: str | None = None) -> VersionProvision:
    """Move a provision (with what is under it) just after ``after_eid`` or first under ``parent_eid``.
    It keeps its number unless its new siblings have that number already, in which case it gets a
    provisional one as an insertion would; eIds follow the new parent."""
    loaded = _begin(actor, version, base_structure_revision)
    moved = _move(loaded.document, eid, after_eid=after_eid, parent_eid=parent_eid)
    write_back(version, loaded)
    log_action(actor, "drafting.provision.moved", version,
               {"eid": eid, "now": moved.eid, "after": after_eid or "", "parent": parent_eid or "",
                "structure_revision": version.structure_revision})
    return _row(version, moved.eid)


def _move(document: tree.Document, eid: str, *, after_eid: str | None, parent_eid: str | None) -> tree.Node:
    if after_eid == eid:
        raise ValidationFailed(_("a provision cannot be moved after itself"))
    source = shape.locate(document, eid)
    node = source.siblings[source.index]
    inside = {n.eid for n in node.walk()}
    if (after_eid and after_eid in inside) or (parent_eid and parent_eid in inside):
        raise ValidationFailed(_("a provision cannot be moved into itself"))
    source.siblings.pop(source.index)
    place = shape.target_place(document, after_eid=after_eid, parent_eid=parent_eid)
    shape.check_fits(node.kind, place)
    place.siblings.insert(place.index, node)
    if place.parent is not source.parent:
        if any(n.num == node.num and n.kind == node.kind and n is not node for n in place.siblings):
            node.num = shape.provisional_num(document, node, place)
            node.marker = shape.marker_for(node.kind, node.num)
        shape.reprefix(node, shape.child_eid(place.prefix, node.kind, node.num))
    shape.check_unique(document)
    return node


@transaction.atomic
def provision_shift(*, actor: User | None, version: Version, eid: str, up: bool,
                    base_structure_revision: int) -> VersionProvision:
    """Move a provision one place up or down among its siblings (the pages' "move up/down")."""
    require_drafter(actor, version.draft)
    place = shape.locate(load(version).document, eid)
    siblings, index = place.siblings, place.index
    if (up and index == 0) or (not up and index == len(siblings) - 1):
        raise ValidationFailed(_("the provision is already the first") if up else _("the provision is already the last"))
    if up:
        after = siblings[index - 2].eid if index >= 2 else None
        return provision_move(actor=actor, version=version, eid=eid, base_structure_revision=base_structure_revision,
                              after_eid=after, parent_eid=None if after else place.prefix)
    return provision_move(actor=actor, version=version, eid=eid, base_structure_revision=base_structure_revision,
                          after_eid=siblings[index + 1].eid)
