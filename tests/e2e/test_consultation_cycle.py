"""Issue 16's journey: the whole consultation cycle in Debian's chromium, with no shell step. Only the
user accounts and their roles are made in Python (as test_journeys does); everything else is done by
people in the browser: the drafting committee (BNG) creates a draft, uploads v1 as a Word file,
publishes it and opens a public round inviting two ministries; a member of an invited ministry (BCT)
and a citizen comment on a clause they choose; the citizen follows the comment by its private link;
the committee answers one comment alone and two near-duplicates together, copies v1 into v2, edits a
clause, publishes v2, finds the comments counted on the same article of v2, freezes the round's report
and downloads it as Word and PDF, both opened and read."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import fitz  # PyMuPDF
import pytest
from docx import Document as WordDocument

from .conftest import needs_chromium
from .test_journeys import person, sign_in

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

SLUG = "nq-cong-gop-y"
TITLE = "Nghị quyết về thí điểm cổng góp ý trực tuyến đối với dự thảo văn bản"
# A short resolution: one chapter, three articles, clauses, and points under the last clause.
RESOLUTION = [
    "NGHỊ QUYẾT",
    "VỀ THÍ ĐIỂM CỔNG GÓP Ý TRỰC TUYẾN",
    "Chương I",
    "QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Nghị quyết này quy định việc thí điểm cổng góp ý trực tuyến đối với dự thảo văn bản quy phạm pháp luật.",
    "Điều 2. Đối tượng áp dụng",
    "1. Cơ quan chủ trì soạn thảo văn bản quy phạm pháp luật.",
    "2. Cơ quan, tổ chức, cá nhân tham gia góp ý dự thảo.",
    "Điều 3. Công khai dự thảo",
    "1. Dự thảo được đăng toàn văn trên cổng góp ý trong thời hạn ít nhất 30 ngày.",
    "2. Cơ quan chủ trì soạn thảo có trách nhiệm:",
    "a) Tiếp nhận đầy đủ ý kiến góp ý;",
    "b) Giải trình, tiếp thu ý kiến góp ý và công khai bản giải trình.",
]
CLAUSE = "Điều 3, khoản 1"  # the clause everybody comments on, chosen by its label
MINISTRY_COMMENT = "Đề nghị quy định thời hạn đăng dự thảo ít nhất 60 ngày đối với văn bản có tác động lớn."
CITIZEN_COMMENT = "Thời hạn 30 ngày là quá ngắn để người dân đọc và góp ý, đề nghị kéo dài thời hạn."
NEAR_DUPLICATE = "Thời hạn 30 ngày là quá ngắn để người dân đọc và góp ý, đề nghị kéo dài thêm thời hạn."
SINGLE_ANSWER = "Tiếp thu: nâng thời hạn lên 60 ngày đối với văn bản có tác động lớn."
GROUP_ANSWER = "Giải trình: thời hạn 30 ngày theo Luật Ban hành văn bản quy phạm pháp luật là thời hạn tối thiểu."
V2_CLAUSE = ("Dự thảo được đăng toàn văn trên cổng góp ý trong thời hạn ít nhất 30 ngày; "
             "văn bản có tác động lớn được đăng ít nhất 60 ngày.")


def resolution_docx() -> bytes:
    word = WordDocument()
    for line in RESOLUTION:
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def sign_out_and_in(page, username: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()
    sign_in(page, username)


def committee_creates_publishes_and_opens_a_round(page, shots) -> None:  # noqa: ANN001
    page.goto(page.base + "/du-thao/")
    page.click("main a[href$='/du-thao/moi/']")
    page.fill("#id_title", TITLE)
    page.fill("#id_slug", SLUG)
    page.select_option("#id_doc_type", "Nghị quyết")
    page.select_option("#id_drafting_agency", label="BNG – Bộ Ngoại giao")
    shots(page, "cycle-01-new-draft")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/du-thao/{SLUG}/phien-ban-moi/")
    page.set_input_files("#id_file", files=[{
        "name": "du-thao-v1.docx", "buffer": resolution_docx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    page.fill("#id_note", "Dự thảo lần 1")
    page.click("main button[name=upload]")
    page.wait_for_url(f"**/du-thao/{SLUG}/v1/")
    table = page.locator("main table.list").inner_text()
    assert "Điều 3" in table and "Công khai dự thảo" in table, table
    shots(page, "cycle-02-version-1")
    page.goto(f"{page.base}/du-thao/{SLUG}/")
    page.click(f"main a[href$='/du-thao/{SLUG}/v1/cong-bo/']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/du-thao/{SLUG}/v1/")
    page.goto(f"{page.base}/du-thao/{SLUG}/")
    page.click(f"main a[href$='/du-thao/{SLUG}/dot-moi/']")
    page.select_option("#id_version", index=1)
    page.fill("#id_deadline", (date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("BCT – Bộ Công Thương", exact=True).check()
    page.get_by_label("BTC – Bộ Tài chính", exact=True).check()
    page.check("#id_public")
    page.fill("#id_signer_name", "Nguyễn Văn An")
    page.fill("#id_signer_title", "Thứ trưởng")
    page.fill("#id_signer_capacity", "KT. BỘ TRƯỞNG")
    shots(page, "cycle-03-open-round")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/du-thao/{SLUG}/dot-1/")
    invited = page.locator("main table").inner_text()
    assert "Bộ Công Thương" in invited and "Bộ Tài chính" in invited, invited
    shots(page, "cycle-04-round")


def ministry_comments_on_a_chosen_clause(page, shots) -> None:  # noqa: ANN001
    """The invited ministry chooses the clause in the form's list of provisions."""
    page.goto(f"{page.base}/du-thao/{SLUG}/v1/gop-y/")
    page.select_option("#id_eid", label=CLAUSE)
    page.select_option("#id_organisation", label="BCT – Bộ Công Thương")
    page.fill("#id_text", MINISTRY_COMMENT)
    shots(page, "cycle-05-ministry-comment")
    page.click("#comment-form button[type=submit]")
    page.wait_for_url("**/du-thao/y-kien/da-gui/")
    assert page.locator("strong.receipt").inner_text().strip()


def citizen_comments_and_follows(page, shots, name: str, text: str, email: str) -> str:  # noqa: ANN001
    """A citizen (no account) reads the full text and follows the clause's "Góp ý" link; returns the
    private follow link shown once on the confirmation."""
    page.goto(f"{page.base}/du-thao/{SLUG}/v1/toan-van/")
    page.get_by_role("link", name=f"Góp ý {CLAUSE}", exact=True).click()
    page.wait_for_url("**/gop-y/?eid=*")
    assert CLAUSE in page.locator("#comment-form p.chosen").inner_text()
    page.fill("#id_text", text)
    page.fill("#id_author_name", name)
    page.fill("#id_notify_email", email)
    page.check("#id_consent")
    page.click("#comment-form button[type=submit]")
    page.wait_for_url("**/du-thao/y-kien/da-gui/")
    receipt = page.locator("strong.receipt").inner_text().strip()
    link = page.locator("a.follow-link").get_attribute("href") or ""
    assert receipt and "/du-thao/y-kien/theo-doi/" in link
    shots(page, f"cycle-06-receipt-{email.split('@')[0]}")
    page.click("a.follow-link")
    main = page.locator("main").inner_text()
    assert receipt in main and text in main and CLAUSE in main, main
    assert "chưa được trả lời" in main, main
    shots(page, f"cycle-06-follow-{email.split('@')[0]}")
    return link


def answer(page, comments: list[str], disposition: str, explanation: str) -> None:  # noqa: ANN001
    for text in comments:
        page.locator("ol.comments li", has_text=text).locator("input[name=pick]").check()
    page.select_option("#id_disposition", disposition)
    page.fill("#id_explanation", explanation)
    page.click("#respond button[type=submit]")
    for text in comments:
        page.locator("ol.comments li", has_text=text).locator("p.response", has_text=explanation).wait_for()


def article_link(page, version: int) -> str:  # noqa: ANN001
    page.goto(f"{page.base}/du-thao/{SLUG}/v{version}/")
    return page.locator("main table.list a", has_text="Điều 3").first.get_attribute("href") or ""


def committee_answers(page, shots) -> None:  # noqa: ANN001
    page.goto(page.base + article_link(page, 1))
    suggested = page.locator("p.notice span.tag").first.inner_text()  # near-duplicates, suggested as a group
    assert re.fullmatch(r"#\d+, #\d+", suggested.strip()), suggested
    answer(page, [MINISTRY_COMMENT], "accepted", SINGLE_ANSWER)
    answer(page, [CITIZEN_COMMENT, NEAR_DUPLICATE], "explained", GROUP_ANSWER)
    shots(page, "cycle-07-answers")


def committee_makes_v2(page, shots) -> None:  # noqa: ANN001
    page.goto(f"{page.base}/du-thao/{SLUG}/phien-ban-moi/")
    page.click("main button[name=copy]")
    page.wait_for_url(f"**/du-thao/{SLUG}/v2/")
    page.goto(page.base + article_link(page, 2))
    clause = page.locator("section.node-clause", has_text="ít nhất 30 ngày").first
    clause.locator(".node-actions a", has_text="Sửa").first.click()
    page.wait_for_url("**/sua/")
    page.fill("#id_text", V2_CLAUSE)
    shots(page, "cycle-08-edit-clause")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{page.base}/du-thao/{SLUG}/v2/cong-bo/")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/du-thao/{SLUG}/v2/")
    cells = [c.strip() for c in page.locator("main table.list tr", has_text="Điều 3").locator("td").all_inner_texts()]
    assert "3" in cells[1:], f"v2's Điều 3 should count the 3 comments made on v1: {cells!r}"
    page.goto(page.base + article_link(page, 2))
    main = page.locator("main").inner_text()
    assert "ít nhất 60 ngày" in main, "the edited clause is in v2"
    assert "3 ý kiến" in main and MINISTRY_COMMENT in main and CITIZEN_COMMENT in main, main[:800]
    shots(page, "cycle-09-v2-article")


def committee_freezes_and_downloads(page, shots) -> tuple[bytes, bytes]:  # noqa: ANN001
    page.goto(f"{page.base}/du-thao/{SLUG}/dot-1/")
    page.click("section.committee input[value=freeze] ~ p button")
    page.locator("main dl.facts", has_text="sha256").wait_for()
    assert "✓" in page.locator("main table tr", has_text="Bộ Công Thương").inner_text(), "BCT has answered"
    assert "✓" not in page.locator("main table tr", has_text="Bộ Tài chính").inner_text(), "BTC has not"
    shots(page, "cycle-10-frozen")
    files = []
    for fmt in ("docx", "pdf"):
        with page.expect_download() as download:
            page.click(f"main a[href$='/bao-cao/dot-1.{fmt}']")
        files.append(open(download.value.path(), "rb").read())
    return files[0], files[1]


def word_text(data: bytes) -> str:
    word = WordDocument(io.BytesIO(data))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in word.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    with fitz.open(stream=data, filetype="pdf") as pdf:
        return " ".join(pg.get_text() for pg in pdf)


def squeeze(text: str) -> str:
    """Lines wrapped in a PDF table cell come back with line breaks: compare with single spaces."""
    return re.sub(r"\s+", " ", text)


def test_the_whole_consultation_cycle_in_the_browser(page, demo, shots):
    person("bantoan", "BNG", "drafting_committee")
    person("congthuong", "BCT", "invited")
    sign_in(page, "bantoan")
    committee_creates_publishes_and_opens_a_round(page, shots)

    sign_out_and_in(page, "congthuong")
    ministry_comments_on_a_chosen_clause(page, shots)

    page.context.clear_cookies()  # the citizen has no account
    follow = citizen_comments_and_follows(page, shots, "Trần Thị Bình", CITIZEN_COMMENT, "binh@example.vn")
    citizen_comments_and_follows(page, shots, "Lê Văn Cường", NEAR_DUPLICATE, "cuong@example.vn")

    sign_in(page, "bantoan")
    committee_answers(page, shots)
    page.context.clear_cookies()
    page.goto(follow)
    assert GROUP_ANSWER in page.locator("main").inner_text(), "the citizen reads the answer by the private link"
    shots(page, "cycle-07-follow-answered")
    sign_in(page, "bantoan")
    committee_makes_v2(page, shots)
    word, pdf = committee_freezes_and_downloads(page, shots)

    for name, text in (("Word", squeeze(word_text(word))), ("PDF", squeeze(pdf_text(pdf)))):
        for expected in ("BẢN TỔNG HỢP", MINISTRY_COMMENT, CITIZEN_COMMENT, NEAR_DUPLICATE, SINGLE_ANSWER,
                         GROUP_ANSWER):
            assert expected in text, f"the {name} report lacks {expected!r}"
