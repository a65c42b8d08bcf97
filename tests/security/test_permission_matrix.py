"""The permission matrix, checked against every route the app serves.

Each URL name (web page or API operation) is declared with who may read it and who may write
through it. The test walks the URL resolver and fails on any route not declared, so a new page or
endpoint cannot ship without its rule. Then, on the demo data, every write is tried anonymously and
as a signed-in user with no role: nothing may change (the audit log, which every service writes,
stays as it was) and nothing may fail with a 5xx; and tried as the intended role, which must succeed."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hoinhap.core.models import AuditEntry, Membership, Organisation, User

PUBLIC, SIGNED_IN, NONE = "public", "signed_in", None
# name: (who may GET, who may write, the write's method)
MATRIX = {
    "home": (PUBLIC, NONE, None), "search": (PUBLIC, NONE, None), "partners": (PUBLIC, NONE, None),
    "indicators": (PUBLIC, NONE, None), "overview": (PUBLIC, NONE, None), "calculator": (PUBLIC, NONE, None),
    "document": (PUBLIC, NONE, None), "provision": (PUBLIC, NONE, None), "download": (PUBLIC, NONE, None),
    "login": (PUBLIC, NONE, None), "logout": (NONE, SIGNED_IN, "post"),
    "tasks": (PUBLIC, NONE, None), "task": (PUBLIC, "reporter", "post"), "programmes": (PUBLIC, NONE, None),
    "programme": (PUBLIC, NONE, None), "bottlenecks": (PUBLIC, NONE, None), "task_report": (PUBLIC, NONE, None),
    "task_export": (PUBLIC, NONE, None),
    "drafts": (PUBLIC, NONE, None), "my_comments": (SIGNED_IN, NONE, None), "draft": (PUBLIC, NONE, None),
    "draft_redline": (PUBLIC, NONE, None), "draft_synoptic": (PUBLIC, NONE, None), "draft_report": (PUBLIC, NONE, None),
    "draft_letter": ("sender_or_drafter", NONE, None), "draft_version": (PUBLIC, NONE, None),
    "draft_provision": (PUBLIC, "drafter", "post"), "draft_edit": ("drafter", "drafter", "post"),
    "audit": ("staff_or_secretariat", NONE, None), "set_language": (NONE, PUBLIC, "post"),
    "api-root": (PUBLIC, NONE, None), "openapi-json": (PUBLIC, NONE, None),
    "openapi-view": (PUBLIC, NONE, None),
    # API
    "documents": (PUBLIC, NONE, None), "document_tree": (PUBLIC, NONE, None), "relations": (PUBLIC, NONE, None),
    "export": (PUBLIC, NONE, None), "partners_count": (PUBLIC, NONE, None), "mechanism_evaluate": (PUBLIC, NONE, None),
    "overview_json": (PUBLIC, NONE, None), "version_tree": (PUBLIC, NONE, None),
    "provision_comments": (PUBLIC, NONE, None), "comment": (NONE, "invited", "post"), "respond": (NONE, "drafter", "post"),
    "edit": (NONE, "drafter", "put"),
    "version_upload": (NONE, "drafter", "upload"), "redline": (PUBLIC, NONE, None), "report": (PUBLIC, "reporter", "post"),
    "agency_dashboard": (PUBLIC, NONE, None), "task_create": (NONE, "secretariat", "post"),
    "review": (NONE, "secretariat", "post"), "extension": (NONE, "reporter", "post"),
    "decision": (NONE, "secretariat", "post"),
}


def _routes(patterns, prefix=""):  # noqa: ANN001, ANN202
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and not (prefix + str(pattern.pattern)).startswith("admin/"):
            yield prefix + str(pattern.pattern), pattern.name


def test_every_route_has_a_declared_rule():
    undeclared = sorted({f"{route} ({name})" for route, name in _routes(get_resolver().url_patterns)
                         if name not in MATRIX})
    assert undeclared == [], "declare who may use these in MATRIX"


@pytest.fixture
def world(demo):
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services, services
    from hoinhap.drafting.models import Draft
    from hoinhap.implementation.models import Task

    orgs = {o.code: o for o in Organisation.objects.all()}
    people = {name: User.objects.create_user(name) for name in ("plain", "drafter", "secretariat", "reporter", "invited")}
    for name, code, role in (("drafter", "BNG", "drafting_committee"), ("secretariat", "BCĐHNQT", "secretariat"),
                             ("reporter", "BNV", "reporter"), ("invited", "VCCI", "invited")):
        Membership.objects.create(user=people[name], organisation=orgs[code], role=role)
    draft = Draft.objects.get(slug="nq-co-che-hoi-nhap")
    actor = system_actor()
    version = services.version_publish(actor=actor, version=services.version_copy(actor=actor, draft=draft))
    round_ = consultation_services.round_open(actor=actor, version=version, opens_on=date.today(),
                                              deadline=date.today() + timedelta(days=10), organisations=[orgs["VCCI"]])
    comment = consultation_services.comment_add(actor=actor, round_=round_, text="Ý kiến.", organisation=orgs["VCCI"])
    editable = services.version_copy(actor=actor, draft=draft)
    task = Task.objects.get(programme__slug="ctrhd-153", number="3")  # led by the Ministry of Home Affairs (BNV)
    return {"people": people, "draft": draft, "round": round_, "comment": comment, "editable": editable, "task": task,
            "report": task.reports.filter(review="submitted").first(), "orgs": orgs}


def writes(world):  # noqa: ANN001, ANN201 - (name, method, url, payload as JSON or form, role allowed)
    slug, task = world["draft"].slug, world["task"]
    article = "chp_I__art_1"
    from hoinhap.implementation.models import DeadlineExtension

    extension = DeadlineExtension.objects.create(task=task, new_deadline=date(2027, 6, 30), reason="x",
                                                 requested_on=date.today())
    return [
        ("comment", "post", f"/api/v1/drafts/{slug}/rounds/{world['round'].number}/comments",
         {"text": "Góp ý.", "organisation": "VCCI"}, "invited"),
        ("respond", "post", f"/api/v1/drafts/{slug}/responses",
         {"comments": [world["comment"].pk], "disposition": "accepted", "explanation": "Tiếp thu."}, "drafter"),
        ("edit", "put", f"/api/v1/drafts/{slug}/versions/{world['editable'].number}/provisions/{article}",
         {"text": "Nội dung mới.", "base_revision": 1}, "drafter"),
        ("report", "post", f"/api/v1/tasks/{task.pk}/reports", {"agency": "BNV", "kind": "progress", "text": "Tiến độ."},
         "reporter"),
        ("task_create", "post", "/api/v1/programmes/ctrhd-153/tasks", {"title": "Mới", "lead": "BNG"}, "secretariat"),
        ("review", "post", f"/api/v1/reports/{world['report'].pk}/review", {"accept": True}, "secretariat"),
        ("extension", "post", f"/api/v1/tasks/{task.pk}/extensions",
         {"new_deadline": "2027-12-31", "reason": "Cần thêm thời gian."}, "reporter"),
        ("decision", "post", f"/api/v1/extensions/{extension.pk}/decision", {"approve": False, "reason": "Không."},
         "secretariat"),
        ("version_upload", "upload", f"/api/v1/drafts/{slug}/versions",
         "Điều 1. Phạm vi điều chỉnh\nNội dung dự thảo mới.\n", "drafter"),
        ("draft_provision", "form", f"/du-thao/{slug}/v{world['round'].version.number}/{article}/",
         {"comments": str(world["comment"].pk), "disposition": "explained", "explanation": "Giải trình."}, "drafter"),
        ("draft_edit", "form", f"/du-thao/{slug}/v{world['editable'].number}/chp_I__art_2/sua/",
         {"text": "Sửa.", "heading": "Phạm vi", "base_revision": 1}, "drafter"),
        ("task", "form", f"/nhiem-vu/{task.pk}/",
         {"action": "report", "agency": world["orgs"]["BNV"].pk, "kind": "progress", "text": "Tiến độ."}, "reporter"),
    ]


def _send(client, method, url, payload):  # noqa: ANN001, ANN202
    if method == "form":
        return client.post(url, payload)
    if method == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"file": SimpleUploadedFile("du-thao.txt", payload.encode())})
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def test_no_write_without_the_intended_role_and_every_write_with_it(client, world):
    declared = {name for name, (_, write, _) in MATRIX.items() if write not in (NONE, PUBLIC, SIGNED_IN)}
    cases = writes(world)
    assert {name for name, *_ in cases} == declared, "every guarded write is exercised"
    for name, method, url, payload, role in cases:
        for who in (None, "plain", *[r for r in ("drafter", "secretariat", "reporter", "invited") if r != role]):
            client.logout()
            if who:
                client.force_login(world["people"][who])
            before = AuditEntry.objects.count()
            response = _send(client, method, url, payload)
            assert response.status_code < 500, (name, who, response.status_code)
            assert AuditEntry.objects.count() == before, f"{name} changed something for {who or 'anonymous'}"
        client.force_login(world["people"][role])
        before = AuditEntry.objects.count()
        response = _send(client, method, url, payload)
        assert response.status_code < 400, (name, role, response.status_code, response.content[:300])
        assert AuditEntry.objects.count() > before, f"{name} did nothing for {role}"
    client.logout()


def test_reads_that_need_a_sign_in_or_a_role(client, world):
    assert client.get("/du-thao/y-kien-cua-toi/").status_code == 302
    editable = f"/du-thao/{world['draft'].slug}/v{world['editable'].number}/"
    assert client.get(editable).status_code == 404  # an unpublished version is not public
    client.force_login(world["people"]["plain"])
    assert client.get("/du-thao/y-kien-cua-toi/").status_code == 200
    assert client.get(editable).status_code == 404
    client.force_login(world["people"]["drafter"])
    assert client.get(editable).status_code == 200
