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


# -- the framework-free cores' errors and the command line's own parser (issue 17 item 1, H5) ---------------

@pytest.mark.parametrize("make,vietnamese,english", [
    (lambda: __import__("hoinhap.indicators.periods", fromlist=["Period"]).Period.parse("2025-Q5"),
     "không phải kỳ số liệu: '2025-Q5'", "not a period: '2025-Q5' (2025, 2025-H1, 2025-Q3 or 2025-07)"),
    (lambda: __import__("hoinhap.indicators.measures", fromlist=["Target"]).Target.parse("tăng mạnh"),
     "không đọc được chỉ tiêu 'tăng mạnh'", "cannot read the target 'tăng mạnh'"),
    (lambda: __import__("hoinhap.implementation.cutoffs", fromlist=["period"]).period("week", 2025),
     "không có loại kỳ báo cáo 'week'", "unknown period kind 'week'; one of month, quarter, half, year"),
])
def test_the_cores_errors_are_said_in_the_readers_language(make, vietnamese, english):
    from hoinhap.mechanisms.messages import error_message

    with pytest.raises(ValueError) as raised:
        make()
    assert str(raised.value) == english  # logs and JSON keep the English sentence
    with translation.override("vi"):
        assert error_message(raised.value).startswith(vietnamese)
    with translation.override("en"):
        assert error_message(raised.value) == english


def test_a_calculator_reason_is_said_with_vietnamese_numbers():
    from hoinhap.mechanisms.messages import said
    from hoinhap.mechanisms.rules import RULES, Settings, evaluate

    result = evaluate(RULES["salary_support"], "2026-02", {"coefficient": "4.40", "days_worked": "12"},
                      Settings(part_month="prorate"))
    assert result.reason == "4.40 × 2,340,000 × 100% × 12/28 days"  # the JSON's, unchanged
    assert "reason_template" not in result.to_dict()
    with translation.override("vi"):
        assert said(result.reason_template, result.reason_params) == "4,40 × 2.340.000 × 100% × 12/28 ngày"
    early = evaluate(RULES["salary_support"], "2025-01", {"coefficient": "4.40"})
    with translation.override("vi"):
        assert said(early.reason_template, early.reason_params) == "quy định áp dụng từ 10/12/2025"


def test_a_calculator_input_error_on_the_page_is_in_vietnamese(client):
    page = client.get("/co-che/ho-tro-luong/", {"month": "2026-02", "coefficient": "4.40", "categories": "regular_staff",
                                                "days_worked": "31", "overlap": "highest", "part_month": "full",
                                                "salary_day": "first"}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200 and "số ngày làm việc phải từ 0 đến 28" in html
    assert "must be between" not in html


def test_the_calculator_page_says_its_rule_and_result_in_vietnamese(client):
    page = client.get("/co-che/ho-tro-luong/", {"month": "2026-01", "coefficient": "4.40", "categories": "regular_staff",
                                                "recruited": "on", "overlap": "highest", "part_month": "full",
                                                "salary_day": "first"}, HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "Mức hỗ trợ hằng tháng" in html and "4,40 × 2.340.000 × 100%" in html and "01/07/2024" in html
    assert "Monthly support" not in html


def _cli_error(argv, capsys):
    from hoinhap.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2  # argparse's exit code, whatever the language
    return capsys.readouterr().err


def test_the_command_lines_parser_speaks_vietnamese(capsys):
    import argparse

    saved = argparse._  # type: ignore[attr-defined]
    err = _cli_error(["mechanisms", "evaluate"], capsys)
    assert err.startswith("cách dùng: hoinhap mechanisms evaluate")
    assert "hoinhap mechanisms evaluate: lỗi: thiếu tham số bắt buộc: rule, --month" in err
    assert "usage:" not in err and "the following arguments are required" not in err
    err = _cli_error(["khong-co-lenh"], capsys)
    assert "lỗi: tham số command: lựa chọn không hợp lệ: 'khong-co-lenh'" in err
    err = _cli_error(["mechanisms", "list", "--thua"], capsys)
    assert "tham số không nhận ra: --thua" in err
    assert argparse._ is saved  # type: ignore[attr-defined] # put back: other parsers in the process keep theirs


def test_a_calculator_input_error_on_the_command_line_is_in_vietnamese(capsys):
    from hoinhap.cli import main

    assert main(["mechanisms", "evaluate", "salary_support", "--month", "2026-13", "--input", "coefficient=4.4"]) == 2
    assert capsys.readouterr().err == "hoinhap: lỗi: tháng phải viết theo dạng YYYY-MM: '2026-13'\n"
    assert main(["mechanisms", "evaluate", "salary_support", "--month", "2026-01", "--input", "coefficient"]) == 2
    assert "--input phải có dạng khóa=giá trị: 'coefficient'" in capsys.readouterr().err
