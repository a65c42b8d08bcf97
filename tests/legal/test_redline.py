# ruff: noqa: E501 -- the sample articles are whole sentences, easier to read unwrapped
"""Aligning articles across versions and carrying comment anchors into the next version."""

from __future__ import annotations

from hoinhap.legal import redline
from hoinhap.legal.parser import parse_text

ARTICLES = {
    "scope": ("Phạm vi điều chỉnh", "Nghị quyết này quy định một số cơ chế, chính sách đặc thù nhằm nâng cao hiệu quả hội nhập quốc tế."),
    "subjects": ("Đối tượng áp dụng", "Nghị quyết này áp dụng đối với cơ quan nhà nước, tổ chức chính trị - xã hội và doanh nghiệp tham gia hội nhập quốc tế."),
    "envoy": ("Đặc phái viên", "Thủ tướng Chính phủ cử đặc phái viên để thực hiện nhiệm vụ đối ngoại đặc biệt theo yêu cầu của lãnh đạo cấp cao."),
    "fund": ("Quỹ hỗ trợ doanh nghiệp", "Doanh nghiệp được thành lập quỹ hỗ trợ hội nhập từ nguồn vốn hợp pháp để mở rộng thị trường xuất khẩu."),
    "salary": ("Hỗ trợ lương", "Người làm công tác đối ngoại được hỗ trợ thêm 100% mức lương hiện hưởng trong thời gian công tác."),
}


def doc(*keys: str, edits: dict[str, str] | None = None) -> object:
    lines = ["NGHỊ QUYẾT", "Chương I", "QUY ĐỊNH CHUNG"]
    for number, key in enumerate(keys, start=1):
        heading, text = ARTICLES[key]
        text = (edits or {}).get(key, text)
        lines += [f"Điều {number}. {heading}", f"1. {text}", "2. Khoản thứ hai của điều này giữ nguyên nội dung như cũ."]
    return parse_text("\n".join(lines))


def states(pairs):
    return [(p.old.num if p.old else None, p.new.num if p.new else None, p.state) for p in pairs]


def test_identical_versions_keep_every_article():
    pairs = redline.align(doc("scope", "subjects"), doc("scope", "subjects"))
    assert states(pairs) == [("1", "1", "kept"), ("2", "2", "kept")]
    assert not any(p.changed for p in pairs)


def test_insertion_renumbers_the_articles_after_it():
    pairs = redline.align(doc("scope", "subjects", "fund"), doc("scope", "envoy", "subjects", "fund"))
    assert states(pairs) == [("1", "1", "kept"), (None, "2", "inserted"), ("2", "3", "renumbered"),
                             ("3", "4", "renumbered")]


def test_deletion_and_move():
    pairs = redline.align(doc("scope", "subjects", "envoy", "fund"), doc("fund", "scope", "subjects"))
    got = states(pairs)
    assert ("4", "1", "moved") in got
    assert ("3", None, "deleted") in got
    assert ("1", "2", "renumbered") in got


def test_reworded_article_is_changed_and_word_diff_shows_the_words():
    old, new = doc("salary"), doc("salary", edits={"salary": ARTICLES["salary"][1].replace("100%", "300%")})
    [pair] = redline.align(old, new)
    assert pair.state == "kept" and pair.changed
    runs = redline.word_diff(pair.old.text, pair.new.text)
    assert ("delete", "100") in runs and ("insert", "300") in runs
    assert "".join(t for op, t in runs if op != "insert") == pair.old.text
    assert "".join(t for op, t in runs if op != "delete") == pair.new.text


def test_split_and_merge_are_named():
    both = ARTICLES["envoy"][1] + " " + ARTICLES["fund"][1]
    merged = parse_text("\n".join(["Điều 1. Đặc phái viên và quỹ", f"1. {both}"]))
    separate = doc("envoy", "fund")
    got = states(redline.align(separate, merged))
    assert ("1", "1", "kept") in got or ("1", "1", "renumbered") in got
    assert ("2", "1", "merged") in got
    got = states(redline.align(merged, separate))
    assert {s for _, _, s in got} == {"kept", "split"}


def test_follow_carries_a_clause_through_renumbering_and_names_the_state():
    old, new = doc("scope", "subjects"), doc("scope", "envoy", "subjects")
    pairs = redline.align(old, new)
    quote = "tổ chức chính trị - xã hội"
    anchor = redline.follow(old, new, pairs, "chp_I__art_2__cl_1", quote)
    assert anchor == redline.Anchor("chp_I__art_3__cl_1", "renumbered")
    assert redline.follow(old, new, pairs, "chp_I__art_1__cl_1", "hội nhập quốc tế") == \
        redline.Anchor("chp_I__art_1__cl_1", "unchanged")
    assert redline.follow(old, new, pairs, "", "") == redline.Anchor(None, "whole")


def test_follow_reports_changed_deleted_and_moved_quotes():
    old = doc("scope", "salary")
    edited = doc("scope", "salary", edits={"salary": ARTICLES["salary"][1].replace("100%", "300%")})
    pairs = redline.align(old, edited)
    assert redline.follow(old, edited, pairs, "chp_I__art_2__cl_1", "công tác đối ngoại").state == "changed"
    gone = doc("scope")
    assert redline.follow(old, gone, redline.align(old, gone), "chp_I__art_2__cl_1", "100%").state == "deleted"


def test_alignment_of_a_large_law_is_fast():
    import time
    bodies = [f"Điều khoản {i}\n1. Nội dung riêng số {i} về chủ đề {i * 7} và quy định {i * 13} áp dụng."
              for i in range(500)]
    later = bodies[:100] + bodies[101:250] + ["Mới\n1. Hoàn toàn mới, chưa có trong bản trước."] + bodies[250:]
    old = parse_text("\n".join(f"Điều {n}. {body}" for n, body in enumerate(bodies, start=1)))
    new = parse_text("\n".join(f"Điều {n}. {body}" for n, body in enumerate(later, start=1)))
    start = time.perf_counter()
    pairs = redline.align(old, new)
    assert time.perf_counter() - start < 5  # the goal (1 s) is measured in bench/drafting.py
    assert sum(p.state == "deleted" for p in pairs) == 1 and sum(p.state == "inserted" for p in pairs) == 1
