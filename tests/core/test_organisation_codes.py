"""One organisation code table: the demo's codes are the issuer codes of document symbols (BCT is Bộ
Công Thương, as in "TT-BCT"); the Politburo is BCTTW; stored data is migrated to it (issue 17 item 6)."""

from __future__ import annotations

import csv
from importlib import import_module
from pathlib import Path

from django.apps import apps as django_apps

from hoinhap.legal.numbers import ISSUER_CODES

DEMO = Path(__file__).resolve().parents[2] / "src" / "hoinhap" / "demo" / "data" / "organisations.tsv"


def test_demo_codes_agree_with_the_issuer_codes_of_symbols():
    rows = list(csv.DictReader(DEMO.open(encoding="utf-8"), delimiter="\t"))
    by_name = {name: code for code, name in ISSUER_CODES.items()}
    disagree = [(r["code"], r["name"]) for r in rows if r["name"] in by_name and by_name[r["name"]] != r["code"]]
    assert disagree == []
    codes = {r["code"]: r["name"] for r in rows}
    assert codes["BCT"] == "Bộ Công Thương" and codes["BCTTW"] == "Bộ Chính trị"
    assert len(codes) == len(rows)  # each code once


def test_stored_codes_are_migrated(db):
    Organisation = django_apps.get_model("core", "Organisation")
    Organisation.objects.create(code="BCT", name="Bộ Chính trị", kind="party")
    Organisation.objects.create(code="BCT-BO", name="Bộ Công Thương", kind="ministry")
    import_module("hoinhap.core.migrations.0003_organisation_codes").rename(django_apps, None)
    assert dict(Organisation.objects.filter(code__startswith="BCT").values_list("code", "name")) == {
        "BCTTW": "Bộ Chính trị", "BCT": "Bộ Công Thương"}
