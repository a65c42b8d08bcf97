"""schemathesis against the OpenAPI schema: generated requests to every endpoint never get a 5xx and
always answer what the schema says, twice: anonymous (the public reads, and the refusals of all the
rest) and signed in with a bearer token of a user who reads and writes nearly everything (the
secretariat and the demo draft's drafting committee), so the reads that need a sign-in are fuzzed too."""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from hoinhap.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def data(demo):
    return demo


@pytest.fixture
def bearer(demo):
    """The ``Authorization`` header of a secretariat and drafting-committee member's API token."""
    from hoinhap.core.models import Membership, Organisation, User
    from hoinhap.core.services import token_create

    user = User.objects.create_user("fuzz-reader")
    for code, role in (("BCĐHNQT", Membership.Role.SECRETARIAT), ("BNG", Membership.Role.DRAFTING_COMMITTEE)):
        Membership.objects.create(user=user, organisation=Organisation.objects.get(code=code), role=role)
    _, plaintext = token_create(actor=user, user=user, name="fuzz")
    header = {"Authorization": f"Bearer {plaintext}"}
    assert Client().get("/api/v1/tasks?limit=1", headers=header).status_code == 200  # the token reads tasks
    return header


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db(transaction=True)
def test_no_endpoint_answers_5xx(case, demo):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db(transaction=True)
def test_no_endpoint_answers_5xx_signed_in(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
