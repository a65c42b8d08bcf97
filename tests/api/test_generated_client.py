"""A client generated from the OpenAPI document (openapi-python-client, as an integrator would) parses
every JSON read of the API into typed models (issue 17 item 7): every operation declares its response
schema, and every GET, called on the demo data through the generated client, answers 200 with a
parsed body. File downloads are the only operations without a JSON schema, and they are listed here.

The client is generated into a temporary folder and imported; its requests reach the app in the same
process and transaction through httpx's WSGI transport, authenticated by an API token."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

# Operations that answer a file (Word, PDF, XLSX, Akoma Ntoso), not JSON: no JSON schema to declare.
FILES = {"hoinhap_api_v1_export", "hoinhap_api_drafting_report", "hoinhap_api_jobs_job"}  # a job: its file when done
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


def _schema() -> dict:
    from hoinhap.api.v1 import api

    return api.get_openapi_schema()


def _operations(schema: dict, method: str | None = None):  # noqa: ANN202
    for path, ops in schema["paths"].items():
        for verb, operation in ops.items():
            if method is None or verb == method:
                yield path, verb, operation


def test_every_json_operation_declares_its_response_schema():
    undeclared = []
    for path, verb, operation in _operations(_schema()):
        ok = [r for code, r in operation["responses"].items() if str(code).startswith("2")]
        typed = any(r.get("content", {}).get("application/json", {}).get("schema") for r in ok)
        if not typed and operation["operationId"] not in FILES:
            undeclared.append(f"{verb.upper()} {path}")
    assert undeclared == [], "declare response=… (and a request schema) on these operations"


@pytest.fixture(scope="module")
def client_package(tmp_path_factory):
    if not GENERATOR.exists():
        pytest.skip("openapi-python-client is not installed (make install installs it)")
    folder = tmp_path_factory.mktemp("client")
    schema_file = folder / "openapi.json"
    schema_file.write_text(json.dumps(_schema()), encoding="utf-8")
    environment = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([str(GENERATOR), "generate", "--path", str(schema_file), "--output-path",
                    str(folder / "hoinhap_client"), "--meta", "none"], check=True, capture_output=True,
                   env=environment, timeout=300)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("hoinhap_client")
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == "hoinhap_client" or n.startswith("hoinhap_client.")]:
            del sys.modules[name]


@pytest.fixture
def values(demo):
    """A value for each path or required query parameter a GET of the API takes, from the demo data."""
    from hoinhap.core.services import system_actor
    from hoinhap.corpus.models import Provision, Work
    from hoinhap.drafting.models import Comment, ConsultationRound
    from hoinhap.implementation.detailing import programme_detailing
    from hoinhap.implementation.models import Programme, Task, TaskReport
    from hoinhap.jobs.models import Job
    from hoinhap.mechanisms.rules import RULES

    round_ = ConsultationRound.objects.select_related("draft").order_by("id").first()
    work = Work.objects.exclude(number="").order_by("id").first()
    task = Task.objects.order_by("id").first()
    report = TaskReport.objects.order_by("id").first()
    job = Job.objects.order_by("id").first()
    return {  # a document's number holds "/": the API takes its slug as well
        "reference": work.slug, "eid": Provision.objects.filter(expression__work=work).values_list("eid", flat=True)[0],
        "rule": next(iter(RULES)), "month": "2025-07",
        "q": "hội nhập", "draft_slug": round_.draft.slug, "number": round_.number,
        "programme_slug": Programme.objects.order_by("id").first().slug, "task_id": task.pk,
        "report_id": report.pk if report else None, "job_id": job.pk if job else None,
        "held_on": "2025-08-26", "as_of": date(2025, 11, 30),
        "token": _follow_token(),
        "detailing_task_id": programme_detailing(actor=system_actor(), slug="chi-tiet-client", work=Work.objects.get(
            number="250/2025/QH15")).tasks[0].pk,
        "comment_pk": Comment.objects.filter(response__isnull=False).order_by("id").values_list("pk", flat=True).first(),
    }


def _follow_token() -> str | None:
    """A follow link's token for a demo comment that has one (only its hash is stored: sign one)."""
    from hoinhap.drafting.models import Comment
    from hoinhap.drafting.public_services import signed_follow_token

    followed = Comment.objects.exclude(follow_token_hash="").order_by("id").first()
    return signed_follow_token(followed) if followed else None


def _argument(name: str, path: str, values: dict) -> object:
    if name == "pk" and "/comments/" in path:
        return values["comment_pk"]
    if name == "task_id" and "/detailing" in path:
        return values["detailing_task_id"]
    if name in ("ref", "doc"):
        return values["reference"]
    if name == "slug":
        return values["programme_slug"] if "/programmes/" in path else values["draft_slug"]
    if name in values:
        return values[name]
    raise AssertionError(f"{path}: give the parameter {name!r} a demo value in this test's `values`")


@pytest.fixture
def connections_kept():
    """Django's WSGI handler closes the database connection after each request; the test client
    detaches that, and so does this test (its requests run inside the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_generated_client_parses_every_get(client_package, values, django_user_model, connections_kept):
    import httpx
    from django.core.wsgi import get_wsgi_application

    from hoinhap.core.services import system_actor, token_create

    admin = django_user_model.objects.create_superuser("client-test", "client@example.vn", "x")
    _, token = token_create(actor=system_actor(), user=admin, name="generated client")
    client = client_package.AuthenticatedClient(
        base_url="http://testserver", token=token,
        httpx_args={"transport": httpx.WSGITransport(app=get_wsgi_application())})
    importlib.import_module(f"{client_package.__name__}.api")
    failures, checked, skipped = [], [], []
    for path, _, operation in _operations(_schema(), "get"):
        operation_id = operation["operationId"]
        if operation_id in FILES or "responses" not in operation:
            continue
        module = _module(client_package, operation)
        required = [p["name"] for p in operation.get("parameters", []) if p.get("required")]
        arguments = {name: _argument(name, path, values) for name in required}
        if any(value is None for value in arguments.values()):
            skipped.append(path)  # the demo has no such record
            continue
        response = module.sync_detailed(client=client, **arguments)
        checked.append(path)
        if response.status_code != 200 or response.parsed is None or isinstance(response.parsed, dict):
            failures.append(f"{path}: {response.status_code} {type(response.parsed).__name__}")
    assert failures == []
    assert skipped == [] and len(checked) >= 34  # every JSON read was tried (34 on 30 November 2026)


def _module(package, operation: dict):  # noqa: ANN001, ANN202 - the generated module of one operation
    # the generator names a module after its operation, in a folder named after its tag (normalised its own way)
    for info in pkgutil.walk_packages(package.api.__path__, f"{package.__name__}.api."):
        if info.name.rsplit(".", 1)[-1] == operation["operationId"]:
            return importlib.import_module(info.name)
    raise AssertionError(f"no generated module for {operation['operationId']}")


def test_schema_names_are_unique_across_the_api():
    """The OpenAPI document names its schemas by class name: two classes of one name in two routers
    would silently share one schema (a client would parse one endpoint's answer with the other's model)."""
    import inspect

    from ninja import Schema

    import hoinhap.api as package

    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(package.__path__, "hoinhap.api."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    clashes.append(f"{name}: {seen[name]} and {module.__name__}")
                seen.setdefault(name, module.__name__)
    assert clashes == []
