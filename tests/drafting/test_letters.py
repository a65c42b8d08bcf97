"""An official letter becomes comments (issue 15 item 4): one proposal per provision the letter cites, anchored in
the consulted version with the words it quotes; the drafter confirms, edits, merges or drops them; stored all or
none with the letter attached; in the browser and as ``hoinhap comments from-letter``. Short excerpts written in the
style of real ministry letters."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from hoinhap.drafting.anchoring import comment_place
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.letter_split import DROP, KEEP, MERGE, Proposal, apply_choices, letter_text, split_letter
from hoinhap.legal.parser import parse_text
from tests.drafting.fixtures import V1
from tests.legal.pdfs import digital_pdf, needs_font
from tests.legal.test_docx import make_docx

HEAD = """BỘ TƯ PHÁP
Số: 123/BTP-PLQT
V/v góp ý dự thảo Nghị quyết về cơ chế hội nhập
Hà Nội, ngày 05 tháng 9 năm 2025
Kính gửi: Bộ Ngoại giao
Trả lời Công văn số 567/BNG-LPQT ngày 01/9/2025 của Bộ Ngoại giao, Bộ Tư pháp có ý kiến như sau:
"""
TAIL = """Trên đây là ý kiến của Bộ Tư pháp, gửi Bộ Ngoại giao tổng hợp./.
Nơi nhận:
- Như trên;
- Lưu: VT, PLQT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn A
"""


def split(body: str) -> list[tuple[str, str, str]]:
    return [(p.eid, p.quote, p.text) for p in split_letter(HEAD + body + TAIL, parse_text(V1))]


def test_each_cited_provision_gets_its_anchor_quote_and_text():
    found = split("2. Ý kiến cụ thể\n"
                  "- Tại khoản 2 Điều 3: đề nghị thay cụm từ “300% mức lương” bằng “200% mức lương”.\n"
                  "- Đối với Điều 4, đề nghị làm rõ nguồn vốn hợp pháp, thống nhất với khoản 1 Điều 3.\n")
    assert found == [
        ("chp_II__art_3__cl_2", "300% mức lương", "đề nghị thay cụm từ “300% mức lương” bằng “200% mức lương”."),
        ("chp_II__art_4", "", "đề nghị làm rõ nguồn vốn hợp pháp, thống nhất với khoản 1 Điều 3."),
    ]


def test_lists_ranges_and_chapters_give_one_proposal_per_provision():
    found = split("- Điều 1, Điều 2: đề nghị viết gọn.\n"
                  "- Các Điều 2 đến 4: đề nghị rà soát.\n"
                  "- Khoản 1 và khoản 2 Điều 3: đề nghị tách.\n"
                  "- Tại Chương II: đề nghị đổi tên chương.\n")
    assert [eid for eid, _, _ in found] == [
        "chp_I__art_1", "chp_I__art_2", "chp_I__art_2", "chp_II__art_3", "chp_II__art_4",
        "chp_II__art_3__cl_1", "chp_II__art_3__cl_2", "chp_II"]


def test_commas_between_units_and_words_naming_the_draft_are_read():
    found = split("1. Tại khoản 2, Điều 3 của dự thảo: đề nghị giảm.\n"
                  "2. Điều 4 (Quỹ hỗ trợ doanh nghiệp): đề nghị bỏ “nguồn vốn hợp pháp”.\n"
                  "3. Tại Điều 1 dự thảo Nghị quyết, đề nghị viết lại.\n")
    assert found == [("chp_II__art_3__cl_2", "", "đề nghị giảm."),
                     ("chp_II__art_4", "nguồn vốn hợp pháp", "đề nghị bỏ “nguồn vốn hợp pháp”."),
                     ("chp_I__art_1", "", "đề nghị viết lại.")]


def test_a_bare_clause_under_an_article_line_belongs_to_that_article():
    found = split("Về Điều 2:\n- Khoản 1: đề nghị bổ sung “tổ chức chính trị - xã hội” vào đầu câu.\n"
                  "- Khoản 2: đề nghị bỏ.\nĐề nghị sửa đổi khoản 1 Điều 3 cho rõ đối tượng.\n")
    assert found == [("chp_I__art_2__cl_1", "tổ chức chính trị - xã hội",
                      "đề nghị bổ sung “tổ chức chính trị - xã hội” vào đầu câu."),
                     ("chp_I__art_2__cl_2", "", "đề nghị bỏ."),
                     ("chp_II__art_3__cl_1", "", "Đề nghị sửa đổi khoản 1 Điều 3 cho rõ đối tượng.")]


def test_general_opinions_are_on_the_whole_draft_and_letterhead_and_closing_are_not_opinions():
    found = split("1. Ý kiến chung\nCơ bản nhất trí với sự cần thiết ban hành Nghị quyết.\n"
                  "- Đối với hồ sơ, đề nghị bổ sung báo cáo đánh giá tác động\n"
                  "2. Ý kiến cụ thể\n- Tại Điều 1: đề nghị viết rõ phạm vi.\n"
                  "Ngoài ra, đề nghị rà soát lỗi chính tả.\n")
    assert found == [("", "", "Cơ bản nhất trí với sự cần thiết ban hành Nghị quyết."),
                     ("", "", "Đối với hồ sơ, đề nghị bổ sung báo cáo đánh giá tác động"),
                     ("chp_I__art_1", "", "đề nghị viết rõ phạm vi."),
                     ("", "", "Ngoài ra, đề nghị rà soát lỗi chính tả.")]


def test_another_documents_article_is_not_a_provision_of_the_draft():
    found = split("- Điều 5 Luật Đầu tư năm 2020 đã quy định về quỹ, đề nghị tham khảo.\n"
                  "- Khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP quy định thể thức, đề nghị áp dụng.\n")
    assert [eid for eid, _, _ in found] == ["", ""]


def test_a_provision_the_version_lacks_is_anchored_nearest_with_a_warning():
    proposals = split_letter(HEAD + "- Tại khoản 5 Điều 3: đề nghị bỏ.\n- Tại Điều 9: đề nghị bỏ.\n" + TAIL,
                             parse_text(V1))
    assert [(p.eid, p.warning) for p in proposals] == [
        ("chp_II__art_3", "Điều 3 has no khoản 5 in this version"), ("", "no Điều 9 in this version")]


def test_a_table_of_opinions_reads_row_by_row():
    found = split("| TT | Điều khoản | Nội dung góp ý |\n| 1 | Khoản 2 Điều 3 | Đề nghị giảm mức hỗ trợ. |\n"
                  "| 2 | Điều 4 | Đề nghị bỏ quỹ. |\n")
    assert found == [("chp_II__art_3__cl_2", "", "Đề nghị giảm mức hỗ trợ."), ("chp_II__art_4", "", "Đề nghị bỏ quỹ.")]


def test_choices_keep_merge_and_drop():
    proposals = [Proposal("a", "Điều 1", "Một."), Proposal("b", "Điều 2", "Hai."), Proposal("c", "Điều 3", "Ba.")]
    kept = apply_choices(proposals, [KEEP, MERGE, DROP])
    assert [(p.eid, p.text) for p in kept] == [("a", "Một.\nHai.")]
    assert [p.eid for p in apply_choices([Proposal("x", "", "X.")], [MERGE])] == ["x"]


def test_letters_are_read_from_text_word_and_pdf_and_nothing_else():
    body = "Kính gửi: Bộ Ngoại giao\n- Tại khoản 2 Điều 3: đề nghị giảm.\n"
    assert letter_text(body.encode(), "cv.txt") == ("txt", body)
    fmt, text = letter_text(make_docx(*body.splitlines()), "cv.docx")
    assert fmt == "docx" and "Tại khoản 2 Điều 3: đề nghị giảm." in text
    with pytest.raises(UnreadableDocument, match="PDF, Word"):
        letter_text(b"<akomaNtoso/>", "cv.xml")
    with pytest.raises(UnreadableDocument, match="empty"):
        letter_text(b"  ", "cv.txt")


@needs_font
def test_a_pdf_letter_is_read_by_its_text():
    fmt, text = letter_text(digital_pdf(["Kính gửi: Bộ Ngoại giao", "- Tại khoản 2 Điều 3: đề nghị giảm."]), "cv.pdf")
    assert fmt == "pdf" and [p.eid for p in split_letter(text, parse_text(V1))] == ["chp_II__art_3__cl_2"]


LETTER = (HEAD + "- Tại khoản 2 Điều 3: đề nghị thay “300% mức lương” bằng “200% mức lương”.\n"
          "- Đối với Điều 4, đề nghị bỏ.\n" + TAIL).encode()


@pytest.mark.django_db
def test_confirmed_proposals_are_stored_together_with_the_letter_and_audited(people, consultation, settings, tmp_path):
    from hoinhap.core.models import AuditEntry
    from hoinhap.drafting import letter_services

    settings.MEDIA_ROOT = tmp_path
    fmt, proposals = letter_services.letter_proposals(consultation, LETTER, "cv.txt")
    assert fmt == "txt" and [p.eid for p in proposals] == ["chp_II__art_3__cl_2", "chp_II__art_4"]
    comments = letter_services.letter_comments_save(actor=people["drafter"], round_=consultation,
                                                    organisation=people["moit"], letter_bytes=LETTER,
                                                    name="cv.txt", proposals=proposals)
    assert [(c.eid, c.quote, c.organisation.code, c.is_public) for c in comments] == [
        ("chp_II__art_3__cl_2", "300% mức lương", "BCT", False), ("chp_II__art_4", "", "BCT", False)]
    assert comments[0].letter.name == comments[1].letter.name and comments[0].letter.name.endswith(".txt")
    assert comments[0].letter.read() == LETTER
    assert all(comment_place(c, consultation.version).eid == c.eid for c in comments)
    assert consultation.invitations.get(organisation=people["moit"]).responded_at is not None
    assert AuditEntry.objects.filter(action="drafting.comment.added").count() == 2
    assert AuditEntry.objects.filter(action="drafting.letter.split").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "proposal", "error"), [
    ("commenter", Proposal("chp_I__art_1", "Điều 1", "Ý kiến."), "drafting committee"),
    ("drafter", Proposal("chp_I__art_9", "Điều 9", "Ý kiến."), "no provision"),
    ("drafter", Proposal("chp_I__art_1", "Điều 1", "Ý kiến.", quote="không có trong điều"), "quoted words"),
    ("drafter", Proposal("", "", "  "), "empty"),
])
def test_a_refused_letter_stores_nothing(people, consultation, settings, tmp_path, who, proposal, error):
    from hoinhap.core.errors import DomainError
    from hoinhap.core.models import AuditEntry
    from hoinhap.drafting import letter_services
    from hoinhap.drafting.models import Comment

    settings.MEDIA_ROOT = tmp_path
    before = AuditEntry.objects.count()
    good = Proposal("chp_II__art_4", "Điều 4", "Đề nghị bỏ.")
    with translation.override("en"), pytest.raises(DomainError, match=error):
        letter_services.letter_comments_save(actor=people[who], round_=consultation, organisation=people["moit"],
                                             letter_bytes=LETTER, name="cv.txt", proposals=[good, proposal])
    assert (Comment.objects.count(), AuditEntry.objects.count()) == (0, before)
    assert not list(tmp_path.rglob("*.txt"))


@pytest.mark.django_db
def test_a_letter_that_is_not_pdf_word_or_text_is_refused(consultation):
    from hoinhap.core.errors import UnreadableInput
    from hoinhap.drafting import letter_services

    for data, name in ((b"\x00\x01binary", "cv.bin"), (b"%PDF-1.4 broken", "cv.pdf"), (b"<akomaNtoso/>", "cv.xml")):
        with pytest.raises(UnreadableInput):
            letter_services.letter_proposals(consultation, data, name)


@pytest.mark.django_db
def test_in_the_browser_read_edit_merge_then_store(client, people, consultation, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoinhap.drafting.models import Comment

    settings.MEDIA_ROOT = tmp_path
    url = f"/du-thao/nq-hoi-nhap/dot-{consultation.number}/cong-van/"
    client.force_login(people["drafter"])
    assert url.encode() in client.get("/du-thao/nq-hoi-nhap/").content  # the link on the round's page
    page = client.post(url, {"action": "read", "organisation": people["moit"].pk,
                             "letter": SimpleUploadedFile("cv.docx", make_docx(*LETTER.decode().splitlines()))})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="chp_II__art_3__cl_2"' in html and "300% mức lương" in html and 'name="count" value="2"' in html
    assert "Các ý kiến đề xuất" in html and "gộp vào ý kiến trước" in html  # Vietnamese first
    token = page.context["token"]
    saved = client.post(url, {"action": "save", "letter": token, "name": "cv.docx", "organisation": people["moit"].pk,
                              "count": 2, "eid-0": "chp_II__art_3__cl_2", "quote-0": "300% mức lương",
                              "text-0": "Đề nghị giảm.", "choice-0": "keep", "eid-1": "chp_II__art_4",
                              "text-1": "Và bỏ quỹ.", "choice-1": "merge"})
    assert saved.status_code == 302
    comment = Comment.objects.get()
    assert (comment.eid, comment.text, comment.letter.name.endswith(".docx")) == (
        "chp_II__art_3__cl_2", "Đề nghị giảm.\nVà bỏ quỹ.", True)
    assert not list((tmp_path / "drafting" / "letters" / "pending").iterdir())
    letter = client.get(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/cong-van.pdf")
    assert letter["Content-Disposition"].endswith('.docx"') and "wordprocessingml" in letter["Content-Type"]


@pytest.mark.django_db
def test_in_the_browser_errors_are_clear_and_others_see_nothing(client, people, consultation, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from hoinhap.drafting.models import Comment

    settings.MEDIA_ROOT = tmp_path
    url = f"/du-thao/nq-hoi-nhap/dot-{consultation.number}/cong-van/"
    assert client.get(url).status_code == 302  # the log-in page
    client.force_login(people["commenter"])
    assert client.post(url, {"action": "read", "organisation": people["moit"].pk,
                             "letter": SimpleUploadedFile("cv.txt", LETTER)}).status_code == 404
    client.force_login(people["drafter"])
    bad = client.post(url, {"action": "read", "organisation": people["moit"].pk,
                            "letter": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 broken")})
    assert bad.status_code == 422 and b'role="alert"' in bad.content
    assert client.post(url, {"action": "save", "letter": "x" * 20, "organisation": people["moit"].pk,
                             "count": 0}).status_code == 422
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["drafter"])
    assert strict.post(url, {"action": "read"}).status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_cli_prints_the_proposals_and_stores_nothing(people, consultation, tmp_path, capsys):
    from hoinhap.cli import main
    from hoinhap.drafting.models import Comment

    path = tmp_path / "cv.txt"
    path.write_bytes(LETTER)
    assert main(["comments", "from-letter", "nq-hoi-nhap", "--round", str(consultation.number), str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["format"], data["version"]) == ("txt", 1)
    assert [(p["eid"], p["label"], p["quote"]) for p in data["proposals"]] == [
        ("chp_II__art_3__cl_2", "Điều 3, khoản 2", "300% mức lương"), ("chp_II__art_4", "Điều 4", "")]
    assert Comment.objects.count() == 0
    assert main(["comments", "from-letter", "nq-hoi-nhap", str(tmp_path / "absent.txt")]) != 0


@pytest.mark.django_db
def test_an_invited_organisations_member_enters_its_own_letter_while_the_round_is_open(client, people, open_round,
                                                                                        settings, tmp_path):
    """journeys.md, an invited organisation, step 2: its officer uploads the letter; the choices are the
    officer's own invited organisations only; a member of an organisation not invited sees nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoinhap.core.errors import PermissionDenied
    from hoinhap.drafting import letter_services
    from hoinhap.drafting.models import Comment

    settings.MEDIA_ROOT = tmp_path
    url = f"/du-thao/nq-hoi-nhap/dot-{open_round.number}/cong-van/"
    client.force_login(people["commenter"])
    form = client.get(url)
    assert form.status_code == 200 and [o.code for o in form.context["organisations"]] == ["BCT"]
    other = client.post(url, {"action": "read", "organisation": people["mof"].pk,
                              "letter": SimpleUploadedFile("cv.txt", LETTER)})
    assert other.status_code == 422  # not one of the officer's organisations: said, nothing read
    page = client.post(url, {"action": "read", "organisation": people["moit"].pk,
                             "letter": SimpleUploadedFile("cv.txt", LETTER)})
    token = page.context["token"]
    saved = client.post(url, {"action": "save", "letter": token, "name": "cv.txt", "organisation": people["moit"].pk,
                              "count": 1, "eid-0": "chp_II__art_4", "text-0": "Đề nghị bỏ.", "choice-0": "keep"})
    assert saved.status_code == 302
    comment = Comment.objects.get()
    assert (comment.organisation.code, comment.author, comment.eid) == ("BCT", people["commenter"], "chp_II__art_4")
    with pytest.raises(PermissionDenied):
        letter_services.letter_comments_save(actor=people["commenter"], round_=open_round, organisation=people["mof"],
                                             letter_bytes=LETTER, name="cv.txt",
                                             proposals=[Proposal("chp_II__art_4", "Điều 4", "Ý kiến.")])
    client.force_login(people["outsider"])  # the Ministry of Finance: not invited to this round
    assert client.get(url).status_code == 404
