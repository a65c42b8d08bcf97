"""Structural editing of an unpublished version: insert ("5a", "2a", "a1"), delete, move with one
version-level revision (a stale one is refused and changes nothing), and publication that bakes the
rows into the tree, with or without renumbering."""

from __future__ import annotations

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.drafting import services, structure_services
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Version, VersionProvision
from hoinhap.legal import redline

pytestmark = pytest.mark.django_db


def _v1(draft_) -> Version:
    return draft_.versions.get(number=1)


def _rows(version: Version) -> list[tuple[str, str, str, int]]:
    return list(VersionProvision.objects.filter(version=version).order_by("position")
                .values_list("eid", "parent_eid", "num", "depth"))


def _assert_rows_match_tree(version: Version) -> None:
    """The rows and the stored tree describe the same document, node for node."""
    version.refresh_from_db()
    flat = [(node.eid, parent, node.num, depth) for node, parent, depth in version_document(version).flatten()]
    assert flat == _rows(version)
    positions = list(VersionProvision.objects.filter(version=version).order_by("position")
                     .values_list("position", flat=True))
    assert positions == list(range(len(positions)))


def test_insert_article_after_is_numbered_5a_style(people, draft):
    version = _v1(draft)
    row = structure_services.provision_insert(actor=people["drafter"], version=version, kind="article",
                                              after_eid="chp_I__art_2", heading="Đặc phái viên",
                                              text="Thủ tướng cử đặc phái viên.", base_structure_revision=1)
    assert (row.num, row.marker, row.eid, row.parent_eid, row.depth) == (
        "2a", "Điều 2a.", "chp_I__art_2a", "chp_I", 1)
    version.refresh_from_db()
    assert version.structure_revision == 2
    eids = [a.eid for a in version_document(version).articles()]
    assert eids == ["chp_I__art_1", "chp_I__art_2", "chp_I__art_2a", "chp_II__art_3", "chp_II__art_4"]
    _assert_rows_match_tree(version)
    again = structure_services.provision_insert(actor=people["drafter"], version=version, kind="article",
                                                after_eid="chp_I__art_2", heading="Khác", base_structure_revision=2)
    assert again.num == "2b"  # "2a" is taken


def test_insert_clause_and_point_at_depth(people, draft):
    version = _v1(draft)
    clause = structure_services.provision_insert(actor=people["drafter"], version=version, kind="clause",
                                                 after_eid="chp_II__art_3__cl_1", text="Khoản chèn.",
                                                 base_structure_revision=1)
    assert (clause.num, clause.marker, clause.eid, clause.depth) == ("1a", "1a.", "chp_II__art_3__cl_1a", 2)
    point = structure_services.provision_insert(actor=people["drafter"], version=version, kind="point",
                                                parent_eid="chp_II__art_3__cl_1a", text="Điểm đầu.",
                                                base_structure_revision=2)
    assert (point.num, point.marker, point.eid, point.depth) == ("a", "a)", "chp_II__art_3__cl_1a__pt_a", 3)
    after = structure_services.provision_insert(actor=people["drafter"], version=version, kind="point",
                                                after_eid=point.eid, text="Điểm chèn.", base_structure_revision=3)
    assert (after.num, after.marker) == ("a1", "a1)")
    _assert_rows_match_tree(version)


def test_a_clause_cannot_stand_in_a_chapter_and_nothing_changes(people, draft):
    version = _v1(draft)
    before = _rows(version)
    with pytest.raises(ValidationFailed):
        structure_services.provision_insert(actor=people["drafter"], version=version, kind="clause",
                                            parent_eid="chp_I", text="x", base_structure_revision=1)
    version.refresh_from_db()
    assert version.structure_revision == 1 and _rows(version) == before


def test_delete_removes_the_subtree_and_keeps_it_in_the_audit_log(people, draft):
    from hoinhap.core.models import AuditEntry

    version = _v1(draft)
    removed = structure_services.provision_delete(actor=people["drafter"], version=version, eid="chp_II__art_3",
                                                  base_structure_revision=1)
    assert removed == 3
    assert not VersionProvision.objects.filter(version=version, eid__startswith="chp_II__art_3").exists()
    _assert_rows_match_tree(version)
    entry = AuditEntry.objects.filter(action="drafting.provision.deleted").get()
    assert "Người làm công tác đối ngoại" in str(entry.data)


def test_move_keeps_number_and_follows_the_new_parent(people, draft):
    version = _v1(draft)
    moved = structure_services.provision_move(actor=people["drafter"], version=version, eid="chp_II__art_4",
                                              after_eid="chp_I__art_1", base_structure_revision=1)
    assert (moved.eid, moved.num, moved.parent_eid) == ("chp_I__art_4", "4", "chp_I")
    assert [a.num for a in version_document(version).articles()] == ["1", "4", "2", "3"]
    clause = structure_services.provision_move(actor=people["drafter"], version=version, eid="chp_II__art_3__cl_2",
                                               parent_eid="chp_I__art_2", base_structure_revision=2)
    # khoản 2 exists in Điều 2 already: the moved clause takes a provisional number before it
    assert (clause.num, clause.eid) == ("0a", "chp_I__art_2__cl_0a")
    _assert_rows_match_tree(version)


def test_edits_survive_moves_with_their_history(people, draft):
    version = _v1(draft)
    row = version.provisions.get(eid="chp_II__art_3__cl_1")
    services.provision_edit(actor=people["drafter"], provision=row, base_revision=1, text="Khoản đã sửa.")
    structure_services.provision_shift(actor=people["drafter"], version=version, eid="chp_II__art_3__cl_1", up=False,
                                       base_structure_revision=1)
    row.refresh_from_db()
    assert row.position > version.provisions.get(eid="chp_II__art_3__cl_2").position
    assert row.edits.count() == 1
    document = version_document(version)
    article = document.find("chp_II__art_3")
    assert article is not None and [c.text for c in article.children][1] == "Khoản đã sửa."


def test_two_drafters_reordering_from_the_same_revision(people, draft):
    version = _v1(draft)
    structure_services.provision_shift(actor=people["drafter"], version=version, eid="chp_II__art_4", up=True,
                                       base_structure_revision=1)
    before = _rows(version)
    stale = Version.objects.get(pk=version.pk)
    with pytest.raises(Conflict) as refused:
        structure_services.provision_shift(actor=people["other_drafter"], version=stale, eid="chp_I__art_2",
                                           up=True, base_structure_revision=1)
    assert refused.value.status == 409 and refused.value.details["structure_revision"] == 2
    version.refresh_from_db()
    assert version.structure_revision == 2 and _rows(version) == before


def test_outsiders_and_published_versions_are_refused(people, draft):
    version = _v1(draft)
    with pytest.raises(PermissionDenied):
        structure_services.provision_delete(actor=people["commenter"], version=version, eid="chp_I__art_1",
                                            base_structure_revision=1)
    services.version_publish(actor=people["drafter"], version=version)
    with pytest.raises(Conflict):
        structure_services.provision_delete(actor=people["drafter"], version=version, eid="chp_I__art_1",
                                            base_structure_revision=1)


def test_publish_without_renumbering_keeps_5a(people, draft):
    version = _v1(draft)
    structure_services.provision_insert(actor=people["drafter"], version=version, kind="article",
                                        after_eid="chp_I__art_1", heading="Mới", text="Điều mới.",
                                        base_structure_revision=1)
    services.version_publish(actor=people["drafter"], version=version)
    version.refresh_from_db()
    assert [a.marker for a in version_document(version).articles()] == [
        "Điều 1.", "Điều 1a.", "Điều 2.", "Điều 3.", "Điều 4."]
    _assert_rows_match_tree(version)


def test_publish_with_renumbering_numbers_in_order_and_the_redline_shows_it(people, consultation):
    draft_ = consultation.draft
    v2 = services.version_copy(actor=people["drafter"], draft=draft_)
    structure_services.provision_insert(actor=people["drafter"], version=v2, kind="article",
                                        after_eid="chp_I__art_1", heading="Đặc phái viên",
                                        text="Thủ tướng Chính phủ cử đặc phái viên thực hiện nhiệm vụ đối ngoại.",
                                        base_structure_revision=1)
    structure_services.provision_insert(actor=people["drafter"], version=v2, kind="point",
                                        parent_eid="chp_II__art_3__cl_2", text="Điểm một.", base_structure_revision=2)
    structure_services.provision_insert(actor=people["drafter"], version=v2, kind="point",
                                        parent_eid="chp_II__art_3__cl_2", text="Điểm hai.", base_structure_revision=3)
    services.version_publish(actor=people["drafter"], version=v2, renumber=True)
    v2.refresh_from_db()
    document = version_document(v2)
    assert [(a.num, a.marker, a.eid) for a in document.articles()] == [
        ("1", "Điều 1.", "chp_I__art_1"), ("2", "Điều 2.", "chp_I__art_2"), ("3", "Điều 3.", "chp_I__art_3"),
        ("4", "Điều 4.", "chp_II__art_4"), ("5", "Điều 5.", "chp_II__art_5")]
    inserted, clause = document.find("chp_I__art_2"), document.find("chp_II__art_4__cl_2")
    assert inserted is not None and clause is not None and inserted.heading == "Đặc phái viên"
    points = clause.children
    assert [(p.num, p.marker) for p in points] == [("a", "a)"), ("b", "b)")]
    _assert_rows_match_tree(v2)
    rows = redline.align(version_document(_v1(draft_)), document)
    states = {(p.old.eid if p.old else None, p.new.eid if p.new else None): p.state for p in rows}
    assert states[(None, "chp_I__art_2")] == redline.INSERTED
    assert states[("chp_I__art_2", "chp_I__art_3")] == redline.RENUMBERED


# --- the API -----------------------------------------------------------------------------------------

API = "/api/v1/drafts/nq-hoi-nhap/versions/1/provisions"


def _json(client, method: str, url: str, payload: dict | None = None):  # noqa: ANN001, ANN202
    import json

    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


def test_api_insert_patch_move_delete_with_the_structure_revision(client, people, draft):
    client.force_login(people["drafter"])
    made = _json(client, "post", API, {"kind": "clause", "after_eid": "chp_I__art_2__cl_1", "text": "Khoản chèn.",
                                       "base_structure_revision": 1})
    assert made.status_code == 201
    assert {k: made.json()[k] for k in ("eid", "num", "marker", "structure_revision")} == {
        "eid": "chp_I__art_2__cl_1a", "num": "1a", "marker": "1a.", "structure_revision": 2}
    patched = _json(client, "patch", f"{API}/chp_I__art_2", {"heading": "Đối tượng được áp dụng", "base_revision": 1})
    assert patched.status_code == 200 and patched.json()["heading"] == "Đối tượng được áp dụng"
    assert patched.json()["text"] == ""  # the article's text is left as it was
    stale = _json(client, "post", f"{API}/chp_I__art_2__cl_1a/move", {"after_eid": "chp_I__art_2__cl_2",
                                                                      "base_structure_revision": 1})
    assert stale.status_code == 409 and stale.json()["structure_revision"] == 2
    moved = _json(client, "post", f"{API}/chp_I__art_2__cl_1a/move", {"after_eid": "chp_I__art_2__cl_2",
                                                                      "base_structure_revision": 2})
    assert moved.status_code == 200 and moved.json()["position"] > 0
    gone = client.delete(f"{API}/chp_I__art_2__cl_1a?base_structure_revision=3")
    assert gone.status_code == 200 and gone.json() == {"eid": "chp_I__art_2__cl_1a", "removed": 1,
                                                       "structure_revision": 4}
    assert client.put(f"{API}/chp_I__art_1", '{"text": "A", "base_revision": 1}',
                      content_type="application/json").status_code == 200  # the PUT still answers


def test_api_refuses_outsiders_and_documents_the_schemas(client, people, draft):
    client.force_login(people["commenter"])
    refused = _json(client, "post", API, {"kind": "article", "after_eid": "chp_I__art_1", "heading": "X",
                                          "base_structure_revision": 1})
    assert refused.status_code == 404  # an unpublished version is not theirs to read
    client.force_login(people["drafter"])
    bad = _json(client, "post", API, {"kind": "clause", "parent_eid": "chp_I", "text": "x",
                                      "base_structure_revision": 1})
    assert bad.status_code == 400
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {"post"} <= set(paths["/api/v1/drafts/{slug}/versions/{number}/provisions"])
    assert {"put", "patch", "delete"} <= set(paths["/api/v1/drafts/{slug}/versions/{number}/provisions/{eid}"])
    assert "post" in paths["/api/v1/drafts/{slug}/versions/{number}/provisions/{eid}/move"]
    assert {"InsertIn", "MoveIn", "PatchIn", "ProvisionRowOut"} <= set(schema["components"]["schemas"])


@pytest.mark.django_db(transaction=True)
def test_two_drafters_reordering_at_the_same_moment_on_postgresql(people, draft):
    """Real concurrent transactions: both start from revision 1, one move wins, the other is refused."""
    from django.db import connection

    from tests.security.test_concurrency import together

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    version = _v1(draft)
    results = together(*[lambda who=who, eid=eid: structure_services.provision_shift(
        actor=people[who], version=Version.objects.get(pk=version.pk), eid=eid, up=True, base_structure_revision=1)
        for who, eid in (("drafter", "chp_II__art_4"), ("other_drafter", "chp_I__art_2"))])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "VersionProvision"]
    version.refresh_from_db()
    assert version.structure_revision == 2
    articles = [a.num for a in version_document(version).articles()]
    assert articles in (["1", "2", "4", "3"], ["2", "1", "3", "4"])  # exactly one of the two moves
    _assert_rows_match_tree(version)
