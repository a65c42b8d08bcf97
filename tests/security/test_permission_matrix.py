"""The permission matrix, checked against every route the app serves.

Each URL name (web page or API operation) is declared with who may read it and who may write
through it; an API operation whose name a web page also uses is declared as ``api:NAME``. The test
walks the URL resolver and fails on any route not declared, so a new page or endpoint cannot ship
without its rule. Then, on the demo data, every write is tried anonymously and as a signed-in user
with no role: nothing may change (the audit log, which every service writes, stays as it was) and
nothing may fail with a 5xx; and tried as the intended role, which must succeed. Every read that is
not public is tried anonymously and as a signed-in user without the role (never a 200, never a 5xx:
the log-in page, 401, 403 or 404) and as the intended role (200)."""

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
    # implementation: programmes and counts are public (the programme page shows its tasks to signed-in readers)
    "tasks": (SIGNED_IN, NONE, None), "task": (SIGNED_IN, "reporter", "post"), "programmes": (PUBLIC, NONE, None),
    "programme": (PUBLIC, NONE, None), "bottlenecks": (SIGNED_IN, NONE, None), "task_report": (SIGNED_IN, NONE, None),
    "task_export": (SIGNED_IN, NONE, None), "task_evidence": ("lead_or_secretariat", NONE, None),
    "programme_extract": ("staff_or_secretariat", "secretariat", "post"),  # the extraction preview, then store
    "drafts": (PUBLIC, NONE, None), "my_comments": (SIGNED_IN, NONE, None), "draft": (PUBLIC, NONE, None),
    "draft_redline": (PUBLIC, NONE, None), "draft_synoptic": (PUBLIC, NONE, None), "draft_report": (PUBLIC, NONE, None),
    "draft_letter": ("sender_or_drafter", NONE, None), "draft_version": (PUBLIC, NONE, None),
    "draft_provision": (PUBLIC, "drafter", "post"), "draft_edit": ("drafter", "drafter", "post"),
    "draft_letter_comments": ("drafter", "drafter", "post"),  # an official letter into comments (issue 15)
    "account": (SIGNED_IN, SIGNED_IN, "post"),  # one's own roles and API tokens (tests/security/test_csrf_and_tokens.py)
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
    "api:tasks": (SIGNED_IN, NONE, None), "api:task": (SIGNED_IN, NONE, None),
    "agency_dashboard": (SIGNED_IN, NONE, None), "task_create": (NONE, "secretariat", "post"),
    "review": (NONE, "secretariat", "post"), "extension": (NONE, "reporter", "post"),
    "decision": (NONE, "secretariat", "post"),
    "job": ("requester", NONE, None),  # a queued report: who asked only (tests/jobs/test_reports.py)
    "job_page": ("requester", NONE, None),
    "job_download": ("requester", NONE, None),
}


def _routes(patterns, prefix=""):  # noqa: ANN001, ANN202
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and not (prefix + str(pattern.pattern)).startswith("admin/"):
            yield prefix + str(pattern.pattern), pattern.name


def _key(route, name):  # noqa: ANN001, ANN202 - the MATRIX key of a route: ``api:NAME`` if declared, else NAME
    return f"api:{name}" if route.startswith("api/") and f"api:{name}" in MATRIX else name


def test_every_route_has_a_declared_rule():
    undeclared = sorted({f"{route} ({name})" for route, name in _routes(get_resolver().url_patterns)
                         if _key(route, name) not in MATRIX})
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
        ("draft_letter_comments", "form", f"/du-thao/{slug}/dot-{world['round'].number}/cong-van/",
         _letter_to_confirm(world), "drafter"),
        ("programme_extract", "form", "/nhiem-vu/trich-xuat/", {"programme": _programme_to_extract(task)}, "secretariat"),
        ("task", "form", f"/nhiem-vu/{task.pk}/",
         {"action": "report", "agency": world["orgs"]["BNV"].pk, "kind": "progress", "text": "Tiến độ."}, "reporter"),
    ]


def _programme_to_extract(task):  # noqa: ANN001, ANN202 - a new programme on a document with a task table
    from hoinhap.core.services import system_actor
    from hoinhap.implementation import services

    return services.programme_create(actor=system_actor(), slug="trich-xuat", title="Trích xuất",
                                     work=task.programme.work).slug


def _letter_to_confirm(world):  # noqa: ANN001, ANN202 - a letter read by the drafter, its one proposal to store
    from hoinhap.web.letter_views import pending_letter

    token = pending_letter(world["people"]["drafter"], world["round"], "Tại Điều 1: đề nghị làm rõ.".encode(), "txt")
    return {"action": "save", "letter": token, "name": "cv.txt", "organisation": world["orgs"]["VCCI"].pk, "count": 1,
            "eid-0": "chp_I__art_1", "text-0": "Đề nghị làm rõ.", "choice-0": "keep"}


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


# who reads with each read rule (the intended role of a guarded read)
READER = {SIGNED_IN: "plain", "staff_or_secretariat": "secretariat", "sender_or_drafter": "drafter",
          "drafter": "drafter", "lead_or_secretariat": "reporter", "requester": "invited"}


def reads(world, settings, tmp_path):  # noqa: ANN001, ANN201 - a URL for each guarded read whose route has parameters
    from django.core.files.base import ContentFile

    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services

    settings.MEDIA_ROOT = tmp_path
    slug, task = world["draft"].slug, world["task"]
    report = task.reports.create(agency=world["orgs"]["BNV"], kind="progress", text="Kèm minh chứng.",
                                 submitted_on=date.today())
    report.evidence.save("minh-chung.pdf", ContentFile(b"%PDF-1.4 minh chung"))
    letter = consultation_services.comment_add(actor=system_actor(), round_=world["round"], text="Công văn.",
                                               organisation=world["orgs"]["VCCI"], letter=b"%PDF-1.4 cong van",
                                               letter_name="cv.pdf")
    return {"task": f"/nhiem-vu/{task.pk}/", "api:task": f"/api/v1/tasks/{task.pk}",
            "task_evidence": f"/nhiem-vu/bao-cao-tien-do/{report.pk}/minh-chung/",
            "draft_letter": f"/du-thao/{slug}/y-kien/{letter.pk}/cong-van.pdf",
            "draft_letter_comments": f"/du-thao/{slug}/dot-{world['round'].number}/cong-van/",
            "draft_edit": f"/du-thao/{slug}/v{world['editable'].number}/chp_I__art_2/sua/", **_job_urls(world)}


def _job_urls(world):  # noqa: ANN001, ANN202 - a finished report job that "invited" asked for (its requester)
    from django.core.files.base import ContentFile

    from hoinhap.jobs.models import Job

    job = Job(kind=Job.Kind.CONSULTATION_REPORT, requested_by=world["people"]["invited"], status=Job.Status.DONE,
              filename="bao-cao.docx", content_type="application/octet-stream")
    job.file.save("bao-cao.docx", ContentFile(b"PK report"))
    return {"job": f"/api/v1/jobs/{job.pk}", "job_page": f"/viec/{job.pk}/", "job_download": f"/viec/{job.pk}/tai-ve/"}


def _refused(response):  # noqa: ANN001, ANN202 - the log-in page, 401, 403 or 404: nothing read, nothing broken
    if response.status_code == 302:
        return response["Location"].startswith("/dang-nhap/")
    return response.status_code in (401, 403, 404)


def test_no_read_without_the_intended_role_and_every_read_with_it(client, world, settings, tmp_path):
    urls = reads(world, settings, tmp_path)
    guarded = {}
    for route, name in _routes(get_resolver().url_patterns):
        key = _key(route, name)
        rule = MATRIX.get(key, (PUBLIC,))[0]  # an undeclared route fails test_every_route_has_a_declared_rule
        if rule in (PUBLIC, NONE):
            continue
        assert "<" not in route or key in urls, f"give reads() a URL for {key} ({route})"
        guarded[key] = (urls.get(key) or "/" + route, rule)
    assert {"tasks", "api:tasks", "api:task", "task", "agency_dashboard", "task_evidence", "bottlenecks"} <= set(guarded)
    for key, (url, rule) in guarded.items():
        for who in (None, "plain") if rule != SIGNED_IN else (None,):
            client.logout()
            if who:
                client.force_login(world["people"][who])
            response = client.get(url)
            assert _refused(response), (key, who or "anonymous", response.status_code)
        client.force_login(world["people"][READER[rule]])
        response = client.get(url)
        assert response.status_code == 200, (key, READER[rule], response.status_code)
    client.logout()
