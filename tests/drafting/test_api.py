"""The drafting API: list, comments page, commenting, answering, edits with 409, redline, report."""

from __future__ import annotations

import json

from hoinhap.drafting import consultation_services


def post(client, url, payload, method="post"):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def test_list_comment_page_and_answer(client, people, open_round):
    assert client.get("/api/v1/drafts").json() == [{"slug": "nq-hoi-nhap", "title": "Nghị quyết về cơ chế hội nhập",
                                                     "versions": 1, "comments": 0, "illustrative": False,
                                                     "adopted": None}]
    made = post(client, "/api/v1/drafts/nq-hoi-nhap/rounds/1/comments",
                {"text": "Làm rõ.", "eid": "chp_I__art_2__cl_1", "quote": "tổ chức", "author_name": "Dân"})
    assert made.status_code == 201 and made.json()["public"] is True
    refused = post(client, "/api/v1/drafts/nq-hoi-nhap/rounds/1/comments", {"text": "x", "eid": "chp_IX"})
    assert refused.status_code == 400
    page = client.get("/api/v1/drafts/nq-hoi-nhap/versions/1/comments?eid=chp_I__art_2__cl_1").json()
    assert page["count"] == 1 and page["comments"][0]["disposition"] is None
    answer = {"comments": [made.json()["id"]], "disposition": "explained", "explanation": "Đã rõ."}
    assert post(client, "/api/v1/drafts/nq-hoi-nhap/responses", answer).status_code == 403
    client.force_login(people["drafter"])
    assert post(client, "/api/v1/drafts/nq-hoi-nhap/responses", answer).json() == {"answered": [made.json()["id"]]}
    assert post(client, "/api/v1/drafts/nq-hoi-nhap/responses", {**answer, "comments": [999]}).status_code == 404


def test_edit_conflict_is_409_with_both_texts(client, people, draft):
    client.force_login(people["drafter"])
    url = "/api/v1/drafts/nq-hoi-nhap/versions/1/provisions/chp_I__art_1"
    assert post(client, url, {"text": "A", "base_revision": 1}, "put").json()["revision"] == 2
    conflict = post(client, url, {"text": "B", "base_revision": 1}, "put")
    assert conflict.status_code == 409
    assert {k: conflict.json()[k] for k in ("yours", "theirs", "revision")} == {"yours": "B", "theirs": "A", "revision": 2}


def test_unpublished_version_is_404_for_the_public_and_report_formats(client, people, draft):
    assert client.get("/api/v1/drafts/nq-hoi-nhap/versions/1/tree").status_code == 404
    assert client.get("/api/v1/drafts/nope/versions/1/tree").status_code == 404
    client.force_login(people["drafter"])
    assert client.get("/api/v1/drafts/nq-hoi-nhap/versions/1/tree").json()["status"] == "draft"


def test_report_json_and_a_round_that_does_not_exist(client, people, open_round):
    consultation_services.comment_add(actor=None, round_=open_round, text="Ý kiến.", author_name="B")
    data = client.get("/api/v1/drafts/nq-hoi-nhap/rounds/1/report.json").json()
    assert data["frozen"] is False and data["totals"]["comments"] == 1 and len(data["sha256"]) == 64
    assert client.get("/api/v1/drafts/nq-hoi-nhap/rounds/1/report.odt").status_code == 400
    assert client.get("/api/v1/drafts/nq-hoi-nhap/rounds/7/report.docx").status_code == 404
