"""The drafting pages through the browser's HTTP: comment, answer a group, edit with a conflict,
redline, report downloads, and who sees what."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from lxml import html

from hoinhap.drafting import consultation_services, services
from hoinhap.drafting.models import Comment, ProvisionEdit

from ..drafting.fixtures import V2

URL = "/du-thao/nq-hoi-nhap/v1/chp_I__art_1/"


def test_public_comment_then_drafter_answers_a_group(client, people, open_round):
    for text in ("Đề nghị bổ sung quy định về đặc phái viên.", "Đề nghị bổ sung quy định về đặc phái viên!"):
        response = client.post(URL, {"text": text, "author_name": "Nguyễn Văn A"})
        assert response.status_code == 302
    refused = client.post(URL, {"text": "", "author_name": "A"})
    assert refused.status_code == 200 and Comment.objects.count() == 2
    client.force_login(people["drafter"])
    page = client.get(URL)
    assert b"Suggested groups" in page.content or "Gợi ý".encode() in page.content
    ids = ",".join(str(pk) for pk in Comment.objects.values_list("pk", flat=True))
    answered = client.post(URL, {"comments": ids, "disposition": "accepted", "explanation": "Đã bổ sung."})
    assert answered.status_code == 302
    assert all(c.response.disposition == "accepted" for c in Comment.objects.all())


def test_invited_member_comments_for_the_organisation_outsider_cannot(client, people, open_round):
    client.force_login(people["commenter"])
    assert client.post(URL, {"text": "Ý kiến của Bộ.", "organisation": people["moit"].pk}).status_code == 302
    assert Comment.objects.get().organisation == people["moit"]
    client.force_login(people["outsider"])
    refused = client.post(URL, {"text": "Ý kiến.", "organisation": people["moit"].pk})
    assert refused.status_code == 200 and Comment.objects.count() == 1  # MOIT is not in the outsider's choices
    client.logout()
    assert client.post(URL, {"comments": "1", "disposition": "accepted", "explanation": "x"}).status_code == 200
    assert not Comment.objects.filter(response__isnull=False).exists()


def test_edit_conflict_shows_both_texts_and_keeps_mine(client, people, draft):
    url = "/du-thao/nq-hoi-nhap/v1/chp_I__art_1/sua/"
    client.force_login(people["drafter"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Bản của A.", "heading": "Phạm vi", "base_revision": 1}).status_code == 302
    client.force_login(people["other_drafter"])
    conflict = client.post(url, {"text": "Bản của B.", "heading": "Phạm vi", "base_revision": 1})
    assert conflict.status_code == 409
    page = html.fromstring(conflict.content)
    assert [pre.text for pre in page.iter("pre")] == ["Bản của A.", "Bản của B."]
    assert page.xpath("//input[@name='base_revision']/@value") == ["2"]
    assert ProvisionEdit.objects.filter(outcome="conflict", text="Bản của B.").exists()
    client.force_login(people["commenter"])
    assert client.post(url, {"text": "x", "heading": "", "base_revision": 2}).status_code == 404  # unpublished: unseen


def test_unpublished_versions_are_hidden_from_the_public(client, people, draft):
    assert client.get("/du-thao/nq-hoi-nhap/v1/").status_code == 404
    client.force_login(people["drafter"])
    assert client.get("/du-thao/nq-hoi-nhap/v1/").status_code == 200


def test_redline_and_report_downloads(client, people, open_round):
    consultation_services.comment_add(actor=None, round_=open_round, text="Ý kiến.", author_name="B")
    services.version_import(actor=people["drafter"], draft=open_round.draft, data=V2.encode(), filename="v2.txt")
    services.version_publish(actor=people["drafter"], version=open_round.draft.versions.get(number=2))
    page = client.get("/du-thao/nq-hoi-nhap/so-sanh/?from=1&to=2")
    tree = html.fromstring(page.content)
    assert "trực tiếp, thường xuyên" in " ".join(tree.xpath("//ins/text()"))
    assert any("Quỹ" in t for t in tree.xpath("//section[contains(@class,'deleted')]//text()"))
    word = WordDocument(io.BytesIO(client.get("/du-thao/nq-hoi-nhap/so-sanh/?from=1&to=2&format=docx").content))
    assert any(run.font.strike for p in word.paragraphs for run in p.runs)
    report = client.get("/du-thao/nq-hoi-nhap/bao-cao/dot-1.docx")
    assert report.status_code == 200 and report["Content-Disposition"].endswith('.docx"')
    assert client.get("/du-thao/nq-hoi-nhap/bao-cao/dot-1.odt").status_code == 404
    assert client.get("/du-thao/nq-hoi-nhap/bao-cao/dot-9.docx").status_code == 404
