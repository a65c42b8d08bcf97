"""The consultation cycle through the API: draft, upload or copy a version, publish, open a round,
extend, close, freeze; a user outside the drafting committee gets 403 and changes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoinhap.core.models import AuditEntry
from hoinhap.drafting.models import ConsultationRound, Draft

from .fixtures import V1, V2

BASE = "/api/v1/drafts"


def post(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def test_a_whole_cycle_by_the_committee(client, people):
    client.force_login(people["drafter"])
    made = post(client, BASE, {"slug": "nd-moi", "title": "Nghị định mới", "agency": "BNG", "doc_type": "Nghị định"})
    assert made.status_code == 201 and made.json() == {"slug": "nd-moi"}
    draft = Draft.objects.get(slug="nd-moi")
    assert (draft.doc_type, draft.drafting_agency.code, draft.stages.count() > 0) == ("Nghị định", "BNG", True)

    upload = client.post(f"{BASE}/nd-moi/versions", {"file": SimpleUploadedFile("v1.txt", V1.encode()), "publish": "true"})
    assert upload.status_code == 201, upload.content
    assert upload.json() == {"slug": "nd-moi", "version": 1, "number": 1, "status": "published"}

    copied = post(client, f"{BASE}/nd-moi/versions", {"copy": True})
    assert copied.status_code == 201 and copied.json()["version"] == 2 and copied.json()["status"] == "draft"
    published = post(client, f"{BASE}/nd-moi/versions/2/publish")
    assert published.status_code == 200 and published.json()["version"] == 2
    assert post(client, f"{BASE}/nd-moi/versions/2/publish").status_code == 409

    today = date.today()
    opened = post(client, f"{BASE}/nd-moi/rounds", {
        "version": 2, "deadline": (today + timedelta(days=30)).isoformat(), "invite": ["BCT", "BTC"], "public": True,
        "signer_name": "Nguyễn Văn A", "signer_title": "Thứ trưởng", "signer_capacity": "KT. BỘ TRƯỞNG"})
    assert opened.status_code == 201, opened.content
    assert opened.json() == {"slug": "nd-moi", "round": 1, "deadline": (today + timedelta(days=30)).isoformat()}
    round_ = ConsultationRound.objects.get(draft=draft, number=1)
    assert round_.opens_on == today and round_.public and round_.signer_capacity == "KT. BỘ TRƯỞNG"
    assert sorted(round_.invitations.values_list("organisation__code", flat=True)) == ["BCT", "BTC"]

    later = (today + timedelta(days=45)).isoformat()
    extended = post(client, f"{BASE}/nd-moi/rounds/1/extend", {"deadline": later})
    assert extended.status_code == 200 and extended.json()["deadline"] == later
    assert post(client, f"{BASE}/nd-moi/rounds/1/extend", {"deadline": today.isoformat()}).status_code == 400

    closed = post(client, f"{BASE}/nd-moi/rounds/1/close")
    assert closed.status_code == 200 and closed.json()["round"] == 1 and closed.json()["closed_at"]
    assert post(client, f"{BASE}/nd-moi/rounds/1/close").status_code == 409
    assert post(client, f"{BASE}/nd-moi/rounds/1/extend", {"deadline": "2099-01-01"}).status_code == 409

    frozen = post(client, f"{BASE}/nd-moi/rounds/1/freeze")
    assert frozen.status_code == 200
    round_.refresh_from_db()
    assert frozen.json() == {"slug": "nd-moi", "round": 1, "report_sha256": round_.report_sha256}
    assert len(round_.report_sha256) == 64
    assert post(client, f"{BASE}/nd-moi/rounds/1/freeze").status_code == 409
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"drafting.draft.created", "drafting.version.published", "drafting.round.opened", "drafting.round.extended",
            "drafting.round.closed", "drafting.round.frozen"} <= actions


@pytest.mark.parametrize("who", ["commenter", "outsider", None])
def test_outside_the_committee_every_write_is_refused(client, people, draft, who):
    if who:
        client.force_login(people[who])
    before = (Draft.objects.count(), draft.versions.count(), AuditEntry.objects.count())
    assert post(client, BASE, {"slug": "x", "title": "X", "agency": "BNG"}).status_code == 403
    assert client.post(f"{BASE}/{draft.slug}/versions",
                       {"file": SimpleUploadedFile("v2.txt", V2.encode())}).status_code == 403
    assert post(client, f"{BASE}/{draft.slug}/versions", {"copy": True}).status_code == 403
    assert post(client, f"{BASE}/{draft.slug}/versions/1/publish").status_code == 403
    assert (Draft.objects.count(), draft.versions.count(), AuditEntry.objects.count()) == before


def test_round_writes_outside_the_committee_get_403(client, people, open_round):
    client.force_login(people["commenter"])
    slug = open_round.draft.slug
    assert post(client, f"{BASE}/{slug}/rounds", {"version": 1, "deadline": "2099-01-01"}).status_code == 403
    assert post(client, f"{BASE}/{slug}/rounds/1/extend", {"deadline": "2099-01-01"}).status_code == 403
    assert post(client, f"{BASE}/{slug}/rounds/1/close").status_code == 403
    assert post(client, f"{BASE}/{slug}/rounds/1/freeze").status_code == 403
    open_round.refresh_from_db()
    assert (open_round.closed_at, open_round.frozen_at, open_round.draft.rounds.count()) == (None, None, 1)


def test_a_committee_of_another_agency_cannot_start_a_draft_for_this_one(client, people):
    client.force_login(people["drafter"])  # drafting committee at BNG
    assert post(client, BASE, {"slug": "x", "title": "X", "agency": "BCT"}).status_code == 403


def test_bad_requests_are_4xx_and_store_nothing(client, people, draft):
    client.force_login(people["drafter"])
    assert post(client, BASE, {"slug": "nq-hoi-nhap", "title": "Trùng", "agency": "BNG"}).status_code == 409
    assert post(client, BASE, {"slug": "a b", "title": "X", "agency": "BNG"}).status_code == 422
    assert post(client, BASE, {"slug": "y", "title": "X", "agency": "NOPE"}).status_code == 400
    assert post(client, BASE, {"slug": "y", "title": "X", "agency": "BNG", "scheme": "nope"}).status_code == 400
    assert post(client, BASE, {"slug": "y", "title": "X", "agency": "BNG", "amends": "1/2099/QH99"}).status_code == 404
    url = f"{BASE}/{draft.slug}"
    assert post(client, f"{url}/versions", {}).status_code == 400  # neither a file nor copy
    # an unpublished version cannot be consulted on; a deadline before the opening is refused
    assert post(client, f"{url}/rounds", {"version": 1, "deadline": "2099-01-01"}).status_code == 400
    post(client, f"{url}/versions/1/publish")
    wrong = post(client, f"{url}/rounds", {"version": 1, "opens_on": "2099-02-01", "deadline": "2099-01-01"})
    assert wrong.status_code == 400
    assert post(client, f"{url}/rounds", {"version": 1, "deadline": "2099-01-01", "invite": ["NOPE"]}).status_code == 400
    assert post(client, f"{url}/rounds", {"version": 9, "deadline": "2099-01-01"}).status_code == 404
    assert post(client, f"{url}/rounds/4/close").status_code == 404
    assert draft.rounds.count() == 0


def test_the_operations_and_their_schemas_are_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/drafts", "/api/v1/drafts/{slug}/versions", "/api/v1/drafts/{slug}/versions/{number}/publish",
                 "/api/v1/drafts/{slug}/rounds", "/api/v1/drafts/{slug}/rounds/{number}/extend",
                 "/api/v1/drafts/{slug}/rounds/{number}/close", "/api/v1/drafts/{slug}/rounds/{number}/freeze"):
        assert "post" in paths[path], path
    upload = paths["/api/v1/drafts/{slug}/versions"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(upload)
    assert {"DraftIn", "DraftCreated", "RoundIn", "RoundOut", "ExtendIn", "RoundFrozen"} <= set(
        spec["components"]["schemas"])
