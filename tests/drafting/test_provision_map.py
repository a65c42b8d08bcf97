"""Comments follow their provision through the provision map between consecutive versions, and
each article counts the comments on it and under it, across versions (issue 16, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import provision_map, selectors, services
from hoinhap.drafting.anchoring import comment_place
from hoinhap.drafting.models import ProvisionMap
from hoinhap.legal import redline, tree
from hoinhap.legal.parser import parse_text

from .fixtures import V2

DURING = date(2025, 9, 10)


def _law(articles: int, extra: dict[int, str] | None = None) -> str:
    """A document of ``articles`` articles; article 18 (if any) has three clauses."""
    lines = ["NGHỊ QUYẾT", "VỀ THỬ NGHIỆM BẢN ĐỒ QUY ĐỊNH"]
    for n in range(1, articles + 1):
        lines.append(f"Điều {n}. Quy định số {n}")
        if n == 18:
            lines += ["1. Cơ quan chủ trì lập kế hoạch hằng năm về hội nhập quốc tế.",
                      "2. Bộ Tài chính bố trí kinh phí thường xuyên cho hoạt động hội nhập quốc tế.",
                      "3. Các bộ, ngành báo cáo kết quả trước ngày 15 tháng 12 hằng năm."]
        else:
            lines.append(extra.get(n, "") if extra and n in extra else
                         f"Nội dung riêng của điều {n} về chủ đề thứ {n} trong lĩnh vực hội nhập số {n * 7}.")
    return "\n".join(lines) + "\n"


def _publish_copy(people, draft, edits: dict[str, str] | None = None):
    version = services.version_copy(actor=people["drafter"], draft=draft)
    for eid, text in (edits or {}).items():
        provision = version.provisions.get(eid=eid)
        services.provision_edit(actor=people["drafter"], provision=provision, base_revision=provision.revision,
                                text=text)
    return services.version_publish(actor=people["drafter"], version=version)


@pytest.fixture
def v4_round(people):
    """A draft of 20 articles published four times, with a round open on version 4."""
    draft = services.draft_create(actor=people["drafter"], slug="ban-do", title="Thử bản đồ quy định",
                                  drafting_agency=people["mofa"])
    first = services.version_import(actor=people["drafter"], draft=draft, data=_law(20).encode(), filename="v1.txt")
    services.version_publish(actor=people["drafter"], version=first)
    for _ in range(3):
        _publish_copy(people, draft)
    v4 = draft.versions.get(number=4)
    return consult.round_open(actor=people["drafter"], version=v4, opens_on=date(2025, 9, 1),
                              deadline=date(2025, 9, 30), organisations=[people["moit"]], public=True)


def test_the_reported_case_a_comment_on_article_18_quoting_clause_2_counts_on_article_18_in_v5(people, v4_round,
                                                                                               client):
    """Issue 16: a comment posted on v4 Điều 18 (quoting khoản 2) showed "0 ý kiến" on v5 Điều 18,
    stood only on an unlinked clause page, with the state "renumbered" though nothing was renumbered."""
    comment = consult.comment_add(actor=people["commenter"], round_=v4_round, eid="art_18",
                                  quote="bố trí kinh phí thường xuyên", text="Cần nêu rõ nguồn kinh phí.",
                                  organisation=people["moit"], today=DURING)
    v5 = _publish_copy(people, v4_round.draft, {"art_3": "Nội dung điều 3 được viết lại hoàn toàn trong v5."})
    place = comment_place(comment, v5)
    assert (place.eid, place.state, place.changed) == ("art_18", redline.UNCHANGED, False)
    assert selectors.comment_counts(v5)["art_18"] == 1
    assert [c.pk for c in selectors.comments_under(v5, "art_18")] == [comment.pk]
    page = client.get("/du-thao/ban-do/v5/")
    row = next(line for line in page.content.decode().split("<tr>") if "/du-thao/ban-do/v5/art_18/" in line)
    assert "<td>1</td>" in row
    article = client.get("/du-thao/ban-do/v5/art_18/").content.decode()
    assert "Cần nêu rõ nguồn kinh phí." in article and "đánh số lại" not in article
    assert "giữ nguyên" in article  # its state since the comment, translated


def test_a_comment_on_a_clause_counts_on_its_article_and_says_where_it_stands(people, v4_round, client):
    comment = consult.comment_add(actor=people["commenter"], round_=v4_round, eid="art_18__cl_2",
                                  text="Bổ sung kinh phí đột xuất.", organisation=people["moit"], today=DURING)
    v5 = _publish_copy(people, v4_round.draft, {
        "art_18__cl_2": "Bộ Tài chính bố trí kinh phí thường xuyên và đột xuất cho hoạt động hội nhập quốc tế."})
    tallies = selectors.comment_tallies(v5)
    assert tallies["art_18"].total == 1 and tallies["art_18__cl_2"].total == 1 and tallies["art_18"].unanswered == 1
    assert "art_17" not in tallies
    assert (comment_place(comment, v5).state, comment_place(comment, v5).changed) == (redline.CHANGED, True)
    article = client.get("/du-thao/ban-do/v5/art_18/").content.decode()
    assert "Bổ sung kinh phí đột xuất." in article and "Nay tại Điều 18, khoản 2" in article and "sửa đổi" in article


def test_no_row_per_comment_one_map_row_per_provision_stored_once_published(people, v4_round):
    for n in range(5):
        consult.comment_add(actor=people["commenter"], round_=v4_round, eid="art_18__cl_1", text=f"Ý kiến {n}.",
                            organisation=people["moit"], today=DURING)
    v5 = services.version_copy(actor=people["drafter"], draft=v4_round.draft)
    assert selectors.comment_counts(v5)["art_18"] == 5
    assert not ProvisionMap.objects.filter(to_version=v5).exists()  # being edited: computed, not stored
    services.version_publish(actor=people["drafter"], version=v5)
    v5.refresh_from_db()
    assert selectors.comment_counts(v5)["art_18"] == 5
    provisions = len(list(tree.Document.from_dict(v4_round.version.tree).walk()))
    assert ProvisionMap.objects.filter(from_version=v4_round.version, to_version=v5).count() == provisions
    selectors.comment_counts(v5)
    assert ProvisionMap.objects.filter(to_version=v5).count() == provisions  # stored once


def test_edits_to_a_version_being_edited_are_seen_at_once(people, v4_round):
    comment = consult.comment_add(actor=people["commenter"], round_=v4_round, eid="art_5", text="Ý kiến.",
                                  organisation=people["moit"], today=DURING)
    v5 = services.version_copy(actor=people["drafter"], draft=v4_round.draft)
    assert comment_place(comment, v5).state == redline.UNCHANGED
    provision = v5.provisions.get(eid="art_5")
    services.provision_edit(actor=people["drafter"], provision=provision, base_revision=provision.revision,
                            text="Nội dung riêng của điều 5 về chủ đề thứ 5 trong lĩnh vực hội nhập số 35, đã sửa.")
    assert (comment_place(comment, v5).state, comment_place(comment, v5).changed) == (redline.CHANGED, True)


def test_a_clause_inserted_before_renumbers_the_next_one_and_its_comment_follows(people, v4_round):
    comment = consult.comment_add(actor=people["commenter"], round_=v4_round, eid="art_18__cl_2",
                                  text="Về kinh phí.", organisation=people["moit"], today=DURING)
    old = tree.Document.from_dict(v4_round.version.tree)
    new = parse_text(_law(20).replace("1. Cơ quan chủ trì", "1. Chính phủ ban hành chương trình hành động.\n2. Cơ quan "
                                      "chủ trì").replace("2. Bộ Tài chính", "3. Bộ Tài chính")
                     .replace("3. Các bộ, ngành", "4. Các bộ, ngành"))
    steps = provision_map.compute(old, new)
    assert steps["art_18__cl_2"] == provision_map.Step("art_18__cl_3", redline.RENUMBERED, False)
    assert steps["art_18"].state == redline.CHANGED  # the article itself stays Điều 18, its words changed
    assert comment.eid == "art_18__cl_2"


def test_follow_through_renumbered_moved_deleted_and_split_articles(people, consultation):
    moved = consult.comment_add(actor=people["commenter"], round_=consultation, eid="chp_I__art_2__cl_2",
                                text="Doanh nghiệp.", organisation=people["moit"], today=DURING)
    deleted = consult.comment_add(actor=people["commenter"], round_=consultation, eid="chp_II__art_4",
                                  text="Quỹ.", organisation=people["moit"], today=DURING)
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2")
    assert (comment_place(moved, v2).eid, comment_place(moved, v2).state) == ("chp_I__art_3__cl_2", "renumbered")
    assert comment_place(deleted, v2).lost
    assert [c.pk for c in selectors.lost_comments(v2)] == [deleted.pk]
    states = selectors.article_states(v2)
    assert states["chp_I__art_2"] == redline.INSERTED and states["chp_I__art_3"] == redline.RENUMBERED
    old = tree.Document.from_dict(consultation.version.tree)
    split = parse_text(V2.replace("2. Chuyên gia, nhà khoa học", "Điều 5. Chuyên gia\n1. Chuyên gia, nhà khoa học"))
    steps = provision_map.compute(old, split)  # the alignment pairs Điều 3 with Điều 5; Điều 4 split off it
    assert steps["chp_II__art_3__cl_2"] == provision_map.Step("chp_II__art_5__cl_1", redline.RENUMBERED, False)
    # the reworded clause 1 is found, by its words, in the part split off (not at clause 1 of Điều 5)
    assert steps["chp_II__art_3__cl_1"] == provision_map.Step("chp_II__art_4__cl_1", redline.SPLIT, True)


def test_a_comment_made_on_a_later_version_has_no_place_in_an_earlier_one(people, consultation):
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2")
    v2 = services.version_publish(actor=people["drafter"], version=v2)
    later = consult.round_open(actor=people["drafter"], version=v2, opens_on=DURING, deadline=date(2025, 9, 30),
                               public=True)
    comment = consult.comment_add(actor=people["commenter"], round_=later, eid="chp_I__art_2", text="Đặc phái viên.",
                                  organisation=None, author_name="Lê C", today=DURING)
    assert comment_place(comment, consultation.version) is None
    assert "chp_I__art_2" not in selectors.comment_counts(consultation.version)
