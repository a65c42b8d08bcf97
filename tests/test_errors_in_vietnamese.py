"""Domain errors reach people in Vietnamese (issue 17, item 1): on a page, in the API's ``message``
(English on ``Accept-Language: en``, the ``error`` code unchanged) and on the command line, including
the reasons the Django-free legal core gives for an unreadable file."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from hoinhap.core.errors import UnreadableInput
from hoinhap.core.services import token_create
from hoinhap.corpus.reading import read_document
from hoinhap.implementation.models import TaskReport

pytestmark = pytest.mark.django_db


def _post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_page_shows_the_refusal_in_vietnamese(client, org, programme):
    task = programme.tasks.get(number="1")
    client.force_login(org["btc"])
    client.post(f"/nhiem-vu/{task.pk}/", {"action": "report", "agency": org["BTC"].pk, "kind": "progress",
                                          "text": "Đang soạn thảo."})
    report = TaskReport.objects.get()
    client.force_login(org["secretariat"])
    page = client.post(f"/nhiem-vu/{task.pk}/", {"action": "review", "report": report.pk, "accept": "no", "reason": ""})
    html = page.content.decode()
    assert page.status_code == 200 and "nêu lý do trả lại báo cáo" in html
    assert "say why the report is returned" not in html
    report.refresh_from_db()
    assert report.review == TaskReport.Review.SUBMITTED


@pytest.mark.parametrize("language,expected", [(None, "không báo cáo thay cho BTC"), ("vi", "không báo cáo thay cho BTC"),
                                               ("en", "you do not report for BTC")])
def test_the_api_message_follows_accept_language_and_the_code_stays(client, org, programme, language, expected):
    task = programme.tasks.get(number="1")
    client.force_login(org["bng"])
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    answer = _post_json(client, f"/api/v1/tasks/{task.pk}/reports", {"agency": "BTC", "kind": "progress", "text": "x"},
                        **headers)
    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden" and expected in answer.json()["message"]


@pytest.mark.parametrize("language,expected", [("vi", "không có nhiệm vụ số 999999"), ("en", "no task 999999")])
def test_a_token_authenticated_call_speaks_the_callers_language(client, org, language, expected):
    _, plaintext = token_create(actor=org["btc"], user=org["btc"])
    answer = _post_json(client, "/api/v1/tasks/999999/reports", {"agency": "BTC", "kind": "progress", "text": "x"},
                        HTTP_AUTHORIZATION=f"Bearer {plaintext}", HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 404
    assert answer.json() == {"error": "not_found", "message": expected}


def test_the_cli_speaks_vietnamese(org, tmp_path, capsys):
    from hoinhap.cli import main

    plain = tmp_path / "plain.md"
    plain.write_text("Không có bảng nào ở đây.\n", encoding="utf-8")
    assert main(["programmes", "extract", "kh-2", str(plain)]) == 1
    assert "văn bản này không có bảng nhiệm vụ" in capsys.readouterr().err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text" * 20)
    assert main(["programmes", "extract", "kh-3", str(binary)]) == 2
    err = capsys.readouterr().err
    assert "tệp nhị phân" in err and "binary file" not in err


def test_the_legal_cores_reasons_are_translated_where_they_are_shown():
    with translation.override("vi"), pytest.raises(UnreadableInput) as refused:
        read_document(b"%PDF-1.7\nnot really", "scan.pdf")
    assert refused.value.code == "unreadable" and "tệp PDF" in refused.value.message
    with translation.override("en"), pytest.raises(UnreadableInput) as english:
        read_document(b"\x00\x01 binary" * 10, "x.txt")
    assert english.value.message == "binary file: not a text, Word or Akoma Ntoso document"
