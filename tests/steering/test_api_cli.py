"""The steering endpoints (401 anonymous, 403 for a reporter writing, schemas) and
``hoinhap meetings list|show --json`` on the real meeting of 26 August 2025."""

from __future__ import annotations

import json

import pytest

from hoinhap.cli import main
from hoinhap.core.models import Organisation
from hoinhap.steering import services
from hoinhap.steering.loading import load_real_meetings
from hoinhap.steering.models import SteeringMeeting

API = "/api/v1/steering/meetings"


def test_reads_need_a_sign_in_and_list_the_meetings(client, org):
    load_real_meetings()
    assert client.get(API).status_code == 401
    client.force_login(org["btc"])
    rows = client.get(API).json()
    assert [(r["held_on"], r["directive_count"], r["illustrative"]) for r in rows] == [("2025-08-26", 8, False)]
    detail = client.get(f"{API}/2025-08-26?as_of=2025-09-01").json()
    assert len(detail["directives"]) == 8 and {d["lead"] for d in detail["directives"]} == {None}
    assert {d["bucket"] for d in detail["directives"]} == {"in_progress"}  # no deadline: never overdue
    assert any(f["value"] == "7,52" for f in detail["figures"])
    assert client.get(f"{API}/2025-08-27").status_code == 404
    assert client.get(f"{API}/not-a-date").status_code == 422


def test_writes_are_the_secretariats(client, org):
    client.force_login(org["btc"])
    assert client.post(API, {"title": "X", "held_on": "2025-10-01"}, content_type="application/json").status_code == 403
    assert not SteeringMeeting.objects.exists()
    client.force_login(org["secretariat"])
    made = client.post(API, {"title": "Phiên họp", "held_on": "2025-10-01"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["held_on"] == "2025-10-01"
    body = {"title": "Thông báo kết luận", "directions": [{"text": "Trình Đề án", "lead": "BNG", "deadline": "quý IV/2025"},
                                                          {"text": "Rà soát văn bản"}]}
    concluded = client.post(f"{API}/2025-10-01/conclusion", body, content_type="application/json")
    assert concluded.status_code == 201
    rows = concluded.json()["directives"]
    assert [(r["lead"], r["due"]) for r in rows] == [("BNG", "2025-12-31"), (None, None)]
    unknown = client.post(f"{API}/2025-10-01/conclusion", {"title": "T", "directions": [{"text": "x", "lead": "NOPE"}]},
                          content_type="application/json")
    assert unknown.status_code == 404
    client.force_login(org["btc"])
    denied = client.post(f"{API}/2025-10-01/conclusion", body, content_type="application/json")
    assert denied.status_code == 403 and SteeringMeeting.objects.get().directives.count() == 2
    briefing = client.get(f"{API}/2025-10-01/briefing")
    assert briefing.status_code == 200 and briefing.json()["as_of"] == "2025-10-01"


def test_openapi_declares_the_schemas(client):
    schema = client.get("/api/openapi.json").json()
    declared = set(schema["components"]["schemas"])
    assert {"MeetingOut", "MeetingDetailOut", "MeetingIn", "ConclusionIn", "BriefingOut", "EventOut"} <= declared
    assert "/api/v1/steering/meetings/{held_on}/conclusion" in schema["paths"]


@pytest.mark.django_db(transaction=True)
def test_cli_meetings_list_and_show_json(capsys, django_db_blocker):
    load_real_meetings()
    assert main(["meetings", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["meetings"][0]["held_on"] == "2025-08-26"
    assert main(["meetings", "show", "2025-08-26", "--as-of", "2025-08-26", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown["directives"]) == 8 and all(d["task"] for d in shown["directives"])
    assert shown["directives"][3]["text"].startswith("Sớm xây dựng Kế hoạch công tác giai đoạn 2026–2030")
    assert main(["meetings", "show", "2026-01-01", "--json"]) == 3  # NotFound's exit code
    assert "không có phiên họp Ban Chỉ đạo" in capsys.readouterr().err  # the command line speaks Vietnamese
    assert Organisation.objects.filter(name=services.TO_BE_ASSIGNED_NAME).count() == 1  # one placeholder lead
