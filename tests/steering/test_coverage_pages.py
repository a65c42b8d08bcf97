"""Requirement coverage in the browser, the API and the CLI: the matrix page and its filters, the CSV
and XLSX exports (opened with openpyxl), the requirement page's decisions (the drafting committee on
its draft's provisions), the JSON matrix, ``hoinhap coverage``, and the overview's two tiles."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from hoinhap.cli import main
from hoinhap.core.models import Membership, Organisation, User
from hoinhap.steering.coverage_demo import demo_version
from hoinhap.steering.models import CoverageLink

PAGE, API = "/ban-chi-dao/yeu-cau/59-nq-tw/", "/api/v1/coverage/59-nq-tw"


@pytest.fixture
def people(demo):
    orgs = {o.code: o for o in Organisation.objects.all()}
    made = {name: User.objects.create_user(name) for name in ("plain", "secretariat", "drafter")}
    Membership.objects.create(user=made["secretariat"], organisation=orgs["BCĐHNQT"], role=Membership.Role.SECRETARIAT)
    Membership.objects.create(user=made["drafter"], organisation=orgs["BNG"], role=Membership.Role.DRAFTING_COMMITTEE)
    return made


def test_the_matrix_page_groups_by_field_and_filters(client, people):
    assert client.get(PAGE).status_code == 302  # sign in first
    client.force_login(people["plain"])
    page = client.get(PAGE).content.decode()
    assert "Đầu tư nước ngoài" in page and "Y tế" in page and "Chưa đáp ứng" in page
    assert "Thêm yêu cầu" not in page  # the forms are the secretariat's
    narrowed = client.get(PAGE, {"field": "healthcare"}).content.decode()
    assert "LV.4" in narrowed and "LV.1" not in narrowed
    assert client.post(PAGE, {"code": "X.1", "field": "culture", "text": "T."}).status_code == 403
    client.force_login(people["secretariat"])
    assert "Thêm yêu cầu" in client.get(PAGE).content.decode()


def test_exports_open_with_vietnamese_headers(client, people):
    client.force_login(people["plain"])
    book = load_workbook(io.BytesIO(client.get(f"{PAGE}tai-ve.xlsx").content))
    sheet = book.active
    assert [cell.value for cell in sheet[3]][:5] == ["Lĩnh vực", "Mã yêu cầu", "Yêu cầu", "Nguồn (điều khoản)", "Tình trạng"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["III.4"][4] == "Đã đáp ứng" and isinstance(rows["III.4"][5], int) and rows["LV.4"][4] == "Chưa đáp ứng"
    text = client.get(f"{PAGE}tai-ve.csv", {"state": "partly"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Lĩnh vực,Mã yêu cầu") and all("Đáp ứng một phần" in line for line in lines[1:])
    assert client.get(f"{PAGE}tai-ve.pdf").status_code == 404


def test_the_drafting_committee_confirms_a_proposal_on_the_requirement_page(client, people):
    link = CoverageLink.objects.filter(version=demo_version(), state="proposed").select_related("requirement").first()
    url = f"{PAGE}{link.requirement.code}/"
    client.force_login(people["plain"])
    assert client.get(url).status_code == 200
    assert client.post(f"{url}lien-ket/{link.pk}/", {"decision": "full"}).status_code == 403
    client.force_login(people["drafter"])
    assert "Ghi nhận" in client.get(url).content.decode()  # the decision form is shown to the committee
    assert client.post(f"{url}lien-ket/{link.pk}/", {"decision": "partial", "note": "Một phần."}).status_code == 302
    link.refresh_from_db()
    assert (link.state, link.extent, link.decided_by) == ("confirmed", "partial", people["drafter"])
    task_link = CoverageLink.objects.filter(task__isnull=False).first()
    assert client.post(f"{PAGE}{task_link.requirement.code}/lien-ket/{task_link.pk}/",
                       {"decision": "reject"}).status_code == 403  # tasks are the secretariat's


def test_the_json_matrix_and_a_decision(client, people):
    assert client.get(API).status_code == 401
    client.force_login(people["plain"])
    data = client.get(API, {"draft": "nq-co-che-hoi-nhap"}).json()
    assert data["document"] == "59-NQ/TW" and data["draft"] == "nq-co-che-hoi-nhap"
    assert data["totals"]["total"] == sum(f["totals"]["total"] for f in data["fields"])
    link = CoverageLink.objects.filter(task__isnull=False, state="confirmed").first()
    url = f"{API}/requirements/{link.requirement.code}/links/{link.pk}"
    body = json.dumps({"confirm": False})
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(people["secretariat"])
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 200 and {x["state"] for x in answer.json()["links"] if x["id"] == link.pk} == {"rejected"}


def test_the_cli_proposes_and_shows_the_matrix(demo, capsys):
    assert main(["coverage", "propose", "59-NQ/TW", "--draft", "nq-co-che-hoi-nhap", "--top", "3", "--json"]) == 0
    proposed = json.loads(capsys.readouterr().out)
    assert proposed["requirements_made"] == 0 and proposed["proposals"] > 0
    assert all(len([x for x in r["links"] if x["eid"]]) >= 1 for r in proposed["requirements"] if r["code"] == "III.4")
    assert main(["coverage", "confirm", "59-NQ/TW", "LV.4", "--draft", "nq-co-che-hoi-nhap", "--eid", "chp_I__art_1",
                 "--partly", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["extent"] == "partial"
    assert main(["coverage", "matrix", "59-NQ/TW", "--field", "healthcare", "--json"]) == 0
    matrix = json.loads(capsys.readouterr().out)
    assert [row["state"] for f in matrix["fields"] for row in f["rows"]] == ["partly"]
    assert main(["coverage", "matrix", "59-NQ/TW", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert main(["coverage", "matrix", "59-NQ/TW"]) == 0
    assert capsys.readouterr().out.startswith(f"59-NQ/TW: {totals['total']} yêu cầu, {totals['covered']} đã đáp ứng, "
                                              f"{totals['partly']} đáp ứng một phần")


def test_the_overview_shows_events_until_held_and_the_coverage_totals(client, demo):
    data = client.get("/api/v1/overview", {"as_of": "2025-09-01"}).json()
    days = {e["date_text"]: e["days_left"] for e in data["events"]}
    assert days == {"tháng 10/2025": (date(2025, 10, 1) - date(2025, 9, 1)).days, "năm 2027": 487}
    assert data["coverage"][0]["document"] == "59-NQ/TW" and data["coverage"][0]["totals"]["total"] >= 10
    later = client.get("/api/v1/overview", {"as_of": "2025-11-01"}).json()
    assert [e["date_text"] for e in later["events"]] == ["năm 2027"]  # the ceremony is held: gone
    page = client.get("/tong-quan/", {"as_of": "2025-09-01"}).content.decode()
    assert "tile-events" in page and "30 ngày" in page and "tile-coverage" in page
