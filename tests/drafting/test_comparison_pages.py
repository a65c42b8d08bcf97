"""The comparison pages (issue 16, item 5): the redline's states in Vietnamese drafting terms with
unchanged articles folded away; the synoptic table's numbered rows, word diff and comments by round."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import selectors, services, stage_services

from .fixtures import V2

DURING = date(2025, 9, 10)
# Version 3 adds a fifth article after version 2's last one: everything before it is kept.
V3 = V2 + "Điều 5. Hiệu lực thi hành\nNghị quyết này có hiệu lực từ ngày ký.\n"


@pytest.fixture
def three_versions(people, consultation):
    """v1 (round 1), v2 (round 2), v3: comments in both rounds on the salary article."""
    draft = consultation.draft
    consult.comment_add(actor=people["commenter"], round_=consultation, eid="chp_II__art_3__cl_1",
                        text="Đợt một: làm rõ người làm công tác đối ngoại.", organisation=people["moit"], today=DURING)
    stage_services.round_freeze(actor=people["drafter"], round_=consultation)
    v2 = services.version_publish(actor=people["drafter"], version=services.version_import(
        actor=people["drafter"], draft=draft, data=V2.encode(), filename="v2.txt"))
    second = consult.round_open(actor=people["drafter"], version=v2, opens_on=DURING, deadline=date(2025, 9, 30),
                                public=True)
    consult.comment_add(actor=None, round_=second, eid="chp_II__art_4__cl_2", text="Đợt hai: giữ mức 300%.",
                        author_name="Phạm D", today=DURING)
    v3 = services.version_publish(actor=people["drafter"], version=services.version_import(
        actor=people["drafter"], draft=draft, data=V3.encode(), filename="v3.txt"))
    return draft, v2, v3


def test_the_redline_speaks_the_drafters_terms_and_folds_what_did_not_change(people, consultation, client):
    services.version_publish(actor=people["drafter"], version=services.version_import(
        actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt"))
    page = client.get("/du-thao/nq-hoi-nhap/so-sanh/?from=1&to=2").content.decode()
    for term in ("bổ sung", "đánh số lại", "bãi bỏ"):
        assert f'<span class="tag">{term}</span>' in page
    for english in (">renumbered<", ">deleted<", ">inserted<", ">kept<"):
        assert english not in page
    folded = re.search(r"<details class=\"redline-folded\">.*?</details>", page, re.S)
    assert folded and "1 điều giữ nguyên" in folded.group(0)  # Điều 1 folds away, no script needed
    assert "Điều 1" not in page.split('class="toc"')[1].split("</nav>")[0]  # and is not listed as changed


def test_unchanged_runs_fold_together(people, three_versions, client):
    rows = selectors.redline_rows(three_versions[1], three_versions[2])
    sections = selectors.redline_sections(rows)
    assert [(folded, len(part)) for folded, part in sections] == [(True, 4), (False, 1)]
    page = client.get("/du-thao/nq-hoi-nhap/so-sanh/?from=2&to=3").content.decode()
    summary = re.search(r"<summary>(.*?)</summary>", page, re.S).group(1)
    assert "4 điều giữ nguyên" in summary and "1–4)" in summary


def test_the_synoptic_table_numbers_rows_highlights_changes_and_separates_rounds(people, three_versions, client):
    draft, v2, v3 = three_versions
    rows = selectors.synoptic_rows(draft.versions.get(number=1), v2)
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    salary = next(row for row in rows if row.old_label == "Điều 3")
    assert salary.new_label == "Điều 4" and ("insert", ", hội nhập quốc tế trực tiếp, thường xuyên") in salary.runs
    page = client.get("/du-thao/nq-hoi-nhap/doi-chieu/?from=1&to=2").content.decode()
    assert "<ins>, hội nhập quốc tế trực tiếp, thường xuyên</ins>" in page
    assert "Điều 3 → Điều 4" in page and "đánh số lại" in page
    later = selectors.synoptic_rows(v2, v3)
    salary = next(row for row in later if row.old_label == "Điều 4")
    assert [(number, [c.text[:7] for c in comments]) for number, comments in salary.rounds] == [
        (1, ["Đợt một"]), (2, ["Đợt hai"])]
    page = client.get("/du-thao/nq-hoi-nhap/doi-chieu/?from=2&to=3").content.decode()
    assert page.index("Đợt lấy ý kiến 1") < page.index("Đợt một") < page.index("Đợt lấy ý kiến 2") \
        < page.index("Đợt hai")


def test_the_word_file_still_comes(people, three_versions, client):
    answer = client.get("/du-thao/nq-hoi-nhap/doi-chieu/?from=2&to=3&format=docx")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
