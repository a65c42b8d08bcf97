import pytest
from lxml import html

pytestmark = pytest.mark.django_db

SPECIALIST = "/co-che/ho-tro-luong/?month=2026-01&coefficient=4.40&categories=specialist&recruited=on" \
             "&overlap=highest&part_month=full&salary_day=first"


def test_calculator_shows_amount_trace_and_a_json_link_that_agrees(client):
    page = html.fromstring(client.get(SPECIALIST, HTTP_ACCEPT_LANGUAGE="en").content)
    assert page.xpath("string(//section[@class='result']/h2)").strip() == "30,888,000 VND"
    rows = [r.xpath("string(./td[1])").strip() for r in page.xpath("//section[@class='result']//tbody/tr")]
    assert rows[0] == "base_salary" and rows[1].startswith("support_rate_specialist")
    link = page.xpath("//section[@class='result']//a[text()='JSON']/@href")[0]
    assert client.get(link).json()["amount"] == 30888000


def test_calculator_explains_when_not_applicable_and_refuses_bad_input(client):
    before = client.get(SPECIALIST.replace("2026-01", "2025-11")).content.decode()
    assert "2025-12-10" in before
    bad = client.get(SPECIALIST.replace("4.40", "40")).content.decode()
    assert 'role="alert"' in bad and "30.888.000" not in bad and "30,888,000" not in bad


def test_calculator_form_without_input(client):
    page = client.get("/co-che/ho-tro-luong/")
    assert page.status_code == 200 and b'class="result"' not in page.content
