"""Mechanisms as code: dated parameters at their boundaries, rule evaluations with traces, the YAML
cases written from the law's examples, the CLI and the API."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from hoinhap.cli import main
from hoinhap.mechanisms.parameters import ParameterError, ParameterTable
from hoinhap.mechanisms.rules import RULES, InputError, Settings, evaluate

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def load_cases():
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("case", list(load_cases()))
def test_yaml_case(case):
    result = evaluate(RULES[case["rule"]], str(case["period"]), case["input"],
                      Settings.from_pairs(case.get("settings", {})))
    expected = case["expected"]
    assert result.applies is expected["applies"], result.reason
    if "amount" in expected:
        assert result.amount == expected["amount"]
    if "reason_contains" in expected:
        assert expected["reason_contains"] in result.reason
    assert case["source"]


@pytest.mark.parametrize("day,value", [
    (date(2019, 6, 30), None), (date(2019, 7, 1), 1490000), (date(2023, 6, 30), 1490000),
    (date(2023, 7, 1), 1800000), (date(2024, 6, 30), 1800000), (date(2024, 7, 1), 2340000), (date(2030, 1, 1), 2340000),
])
def test_base_salary_on_the_day_before_and_the_day_of_each_change(day, value):
    found = ParameterTable.load().at("base_salary", day)
    assert (found.value if found else None) == (Decimal(value) if value else None)


def test_a_null_value_ends_a_parameter_and_order_is_checked(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("x:\n  values:\n    - {from: 2020-01-01, value: 5, source: a}\n"
                    "    - {from: 2021-01-01, value: null, source: b}\n", encoding="utf-8")
    table = ParameterTable.load(path)
    assert table.at("x", date(2020, 12, 31)).value == 5 and table.at("x", date(2021, 1, 1)) is None
    path.write_text("x:\n  values:\n    - {from: 2021-01-01, value: 5}\n    - {from: 2020-01-01, value: 6}\n")
    with pytest.raises(ParameterError, match="date order"):
        ParameterTable.load(path)
    path.write_text("x:\n  values:\n    - {from: soon, value: 5}\n")
    with pytest.raises(ParameterError, match="must be dates"):
        ParameterTable.load(path)


def test_the_trace_names_every_parameter_with_its_date_source_and_doubt():
    result = evaluate(RULES["salary_support"], "2026-01", {"coefficient": "4.40"})
    assert result.version == "salary_support@2025-12-10"
    assert [(t["parameter"], t["value"], t["from"]) for t in result.trace] == [
        ("base_salary", "2340000", "2024-07-01"), ("support_rate_regular_staff", "100", "2025-12-10")]
    assert result.trace[1]["uncertain"] and result.trace[0]["verified"] == "2025-11-30"
    assert result.settings == {"overlap": "highest", "part_month": "full", "salary_day": "first"}


def test_sum_instead_of_highest_is_a_setting():
    both = {"coefficient": "4.40", "categories": "regular_staff,specialist"}
    assert evaluate(RULES["salary_support"], "2026-01", both, Settings(overlap="sum")).amount == 41184000


@pytest.mark.parametrize("inputs,message", [
    ({"coefficient": "abc"}, "must be a number"), ({}, "required"), ({"coefficient": "40"}, "between 1 and 12"),
    ({"coefficient": "4.4", "categories": "minister"}, "categories"),
    ({"coefficient": "4.4", "days_worked": "40"}, "days_worked"),
])
def test_bad_input_is_an_input_error(inputs, message):
    with pytest.raises(InputError, match=message):
        evaluate(RULES["salary_support"], "2026-01", inputs)


def test_bad_month_and_settings_are_input_errors():
    with pytest.raises(InputError, match="YYYY-MM"):
        evaluate(RULES["salary_support"], "2026-13", {"coefficient": "4.4"})
    with pytest.raises(InputError, match="unknown setting"):
        Settings.from_pairs({"rounding": "down"})
    with pytest.raises(InputError, match="overlap"):
        Settings(overlap="average")


def test_cli_evaluate_json_and_errors(capsys):
    assert main(["mechanisms", "evaluate", "salary_support", "--month", "2026-01", "--input", "coefficient=4.40",
                 "--input", "categories=specialist", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["amount"] == 30888000 and result["applies"] is True and len(result["trace"]) == 2
    assert main(["mechanisms", "evaluate", "salary_support", "--month", "2025-01", "--input", "coefficient=4.40"]) == 0
    assert "salary_support 2025-01: không áp dụng: quy định áp dụng từ 10/12/2025" in capsys.readouterr().out
    assert main(["mechanisms", "evaluate", "salary_support", "--month", "2026-01", "--input", "coefficient"]) == 2
    assert "--input phải có dạng khóa=giá trị: 'coefficient'" in capsys.readouterr().err  # in the CLI's language


@pytest.mark.django_db
def test_api_evaluate(client):
    ok = client.get("/api/v1/mechanisms/salary_support/evaluate?month=2026-01&coefficient=4.40&part_month=prorate")
    assert ok.status_code == 200 and ok.json()["amount"] == 10296000 and ok.json()["settings"]["part_month"] == "prorate"
    assert client.get("/api/v1/mechanisms/salary_support/evaluate?month=2026-01&coefficient=x").status_code == 400
    assert client.get("/api/v1/mechanisms/nothing/evaluate?month=2026-01").status_code == 404
