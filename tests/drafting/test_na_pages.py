"""The National Assembly side of a draft in the browser, the API and the shell (issue 18 item 3): the
session page (public) with the committee's forms, an opinion read, confirmed and stored, the
explanation report as a page and as Word; the same through the API (dry run, then the edited items)
and ``hoinhap drafts opinion add|sessions|explanation``."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document as WordDocument

from hoinhap.cli import main
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import na_services
from hoinhap.drafting.models import Comment, SessionConclusion

from .test_na_review import VERIFICATION, reviewed  # noqa: F401 - the fixture

PAGE = "/du-thao/nq-hoi-nhap/quoc-hoi/"
API = "/api/v1/drafts/nq-hoi-nhap"


@pytest.fixture
def hearing(reviewed, people):  # noqa: F811
    return na_services.hearing_record(actor=people["drafter"], draft=reviewed, body="standing_committee", number=51,
                                      held_on=date(2025, 11, 6), title="Phiên họp thứ 51",
                                      summary="Cho ý kiến về dự thảo.")


def test_the_session_page_is_public_and_its_forms_are_the_committees(client, hearing, people):
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ủy ban Thường vụ Quốc hội, Phiên họp thứ 51" in html and "Cho ý kiến về dự thảo." in html
    assert 'name="action" value="hearing"' not in html  # no forms for the public
    before = AuditEntry.objects.count()
    assert client.post(PAGE, {"action": "hearing", "body": "na", "number": 10, "held_on": "2025-11-19"}).status_code == 302
    client.force_login(people["commenter"])
    assert client.post(PAGE, {"action": "hearing", "body": "na", "number": 10, "held_on": "2025-11-19"}).status_code == 404
    assert AuditEntry.objects.count() == before
    client.force_login(people["drafter"])
    assert client.post(PAGE, {"action": "hearing", "body": "na", "number": 10, "held_on": "2025-11-19"}).status_code == 302
    assert client.post(PAGE, {"action": "conclusion", "hearing": hearing.pk, "text": "Trình Quốc hội tại Kỳ họp thứ 10.",
                              "due_on": "2025-11-15"}).status_code == 302
    conclusion = SessionConclusion.objects.get()
    assert client.post(PAGE, {"action": "complete", "conclusion": conclusion.pk, "note": ""}).status_code == 422
    assert client.post(PAGE, {"action": "complete", "conclusion": conclusion.pk, "note": "Đã trình."}).status_code == 302
    conclusion.refresh_from_db()
    assert conclusion.done_note == "Đã trình."
    assert "Quốc hội, Kỳ họp thứ 10" in client.get(PAGE).content.decode()


def test_an_opinion_read_confirmed_and_stored_in_the_browser(client, hearing, people):
    url = f"{PAGE}y-kien/"
    assert client.get(url).status_code == 302  # the log-in page
    client.force_login(people["drafter"])
    read = client.post(url, {"action": "read", "kind": "verification", "text": VERIFICATION,
                             "author_name": "Ủy ban Quốc phòng, An ninh và Đối ngoại"})
    assert read.status_code == 200
    rows = read.context["rows"]
    assert [row["p"].eid for row in rows] == ["chp_II__art_3__cl_1", "chp_II__art_4", ""]
    form = {"action": "save", "kind": "verification", "session": "", "organisation": "",
            "author_name": "Ủy ban Quốc phòng, An ninh và Đối ngoại", "count": 3}
    for i, row in enumerate(rows):
        form |= {f"eid-{i}": row["p"].eid, f"text-{i}": row["p"].text, f"quote-{i}": row["p"].quote,
                 f"choice-{i}": "keep"}
    form["choice-1"] = "merge"  # into the first item
    assert client.post(url, form).status_code == 302
    stored = list(Comment.objects.filter(source_kind="verification"))
    assert [c.eid for c in stored] == ["chp_II__art_3__cl_1", ""]
    assert "ngân sách" in stored[0].text
    report = client.get(f"{PAGE}giai-trinh/")
    assert "Báo cáo thẩm tra" in report.content.decode()
    word = client.get(f"{PAGE}giai-trinh/?dinh-dang=docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert WordDocument(io.BytesIO(word.content)).tables[1].rows[1].cells[0].text == "Điều 3, khoản 1"
    draft_page = client.get("/du-thao/nq-hoi-nhap/").content.decode()
    assert PAGE in draft_page and "/cong-van/" not in draft_page  # the review round takes no letters
    client.force_login(people["commenter"])
    assert client.get(f"{PAGE}giai-trinh/").status_code == 404


def test_the_api_dry_run_then_the_edited_items(client, hearing, people):
    body = {"kind": "standing_committee", "text": "Tại Điều 2: đề nghị quy định tiêu chuẩn đặc phái viên.",
            "dry_run": True}
    client.force_login(people["drafter"])
    dry = client.post(f"{API}/opinions", json.dumps(body), content_type="application/json")
    assert dry.status_code == 200 and dry.json()["stored"] == [] and dry.json()["version"] == 2
    assert [p["eid"] for p in dry.json()["proposals"]] == ["chp_I__art_2"]
    body |= {"dry_run": False, "session_body": "standing_committee", "session_number": 51,
             "items": [{"eid": "chp_I__art_2", "text": "Đề nghị quy định tiêu chuẩn đặc phái viên (đã sửa)."}]}
    stored = client.post(f"{API}/opinions", json.dumps(body), content_type="application/json")
    assert stored.status_code == 201, stored.content
    comment = Comment.objects.get(pk=stored.json()["stored"][0])
    assert (comment.session, comment.text) == (hearing.session, "Đề nghị quy định tiêu chuẩn đặc phái viên (đã sửa).")
    answer = client.post(f"{API}/responses", json.dumps({"comments": [comment.pk], "disposition": "explained",
                                                        "explanation": "Đã quy định tại Điều 2."}),
                         content_type="application/json")
    assert answer.status_code < 300, answer.content
    report = client.get(f"{API}/explanation").json()
    assert report["answered"] == 1 and report["groups"][0]["items"][0]["answer"].startswith("Giải trình")
    client.logout()
    assert client.get(f"{API}/explanation").status_code == 404
    sessions = client.get(f"{API}/sessions").json()
    assert sessions[0]["number"] == 51 and sessions[0]["body"] == "standing_committee"
    assert client.post(f"{API}/opinions", json.dumps(body), content_type="application/json").status_code in (401, 403)


def test_the_shell(reviewed, tmp_path, capsys):  # noqa: F811
    source = tmp_path / "tham-tra.txt"
    source.write_text(VERIFICATION, encoding="utf-8")
    assert main(["drafts", "opinion", "add", "nq-hoi-nhap", str(source), "--kind", "verification", "--dry-run",
                 "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["stored"] == [] and len(dry["proposals"]) == 3 and not Comment.objects.exists()
    assert main(["drafts", "opinion", "add", "nq-hoi-nhap", str(source), "--kind", "verification", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["stored"]) == 3
    assert main(["drafts", "sessions", "nq-hoi-nhap", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    out = tmp_path / "giai-trinh.docx"
    assert main(["drafts", "explanation", "nq-hoi-nhap", "--docx", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 3 and report["counts"][3] == {"kind": "verification", "label": "Báo cáo thẩm tra",
                                                             "total": 3, "answered": 0, "unanswered": 3}
    assert WordDocument(str(out)).paragraphs[0].text  # a Word file
