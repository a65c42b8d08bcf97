"""The demo data set: organisations (with the 2025 mergers), the partnerships of the shared domain
notes (real, sourced, uncertain ones flagged), and three illustrative documents written for the
demo, marked illustrative in the text and in the corpus. Loading twice changes nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from hoinhap.core.models import Organisation
from hoinhap.core.services import organisation_merge, organisation_upsert
from hoinhap.corpus.models import Work
from hoinhap.corpus.services import work_import
from hoinhap.demo.drafting import load_draft
from hoinhap.demo.implementation import load_implementation
from hoinhap.implementation.register import register_load
from hoinhap.indicators.indicator_services import indicator_upsert, observations_import
from hoinhap.indicators.services import partnerships_load
from hoinhap.steering.coverage_demo import load_demo_coverage
from hoinhap.steering.loading import load_real_meetings

DATA = Path(__file__).parent / "data"
DOCUMENTS = ("nq-59-minh-hoa.txt", "nq-153-minh-hoa.txt", "nq-250-minh-hoa.txt")


@transaction.atomic
def load_organisations() -> int:
    rows = list(csv.DictReader((DATA / "organisations.tsv").open(encoding="utf-8"), delimiter="\t"))
    for row in rows:
        parent = Organisation.objects.filter(code=row["parent"]).first() if row["parent"] else None
        organisation_upsert(actor=None, code=row["code"], name=row["name"], name_en=row["name_en"],
                            kind=row["kind"], parent=parent)
    for row in rows:
        if row["successor"]:
            predecessor = Organisation.objects.get(code=row["code"])
            if predecessor.successor_id is None:
                organisation_merge(actor=None, predecessor=predecessor,
                                   successor=Organisation.objects.get(code=row["successor"]),
                                   effective=date.fromisoformat(row["effective"]))
    return len(rows)


# Illustrative: the figures come from the project brief and the press; periods and release dates are
# assumed where the brief gives none (said in each observation's source).
INDICATORS = [
    {"code": "gdp-growth", "name": "Tăng trưởng GDP", "name_en": "GDP growth", "unit": "%", "kind": "rate",
     "source_agency": "Cục Thống kê", "target": "8% trở lên", "target_eid": "dvs_II__para_1", "target_doc": "59-NQ/TW"},
    {"code": "exports", "name": "Kim ngạch xuất khẩu", "name_en": "Exports", "unit": "tỷ USD", "kind": "amount",
     "source_agency": "Bộ Công Thương"},
    {"code": "fdi-registered", "name": "Vốn FDI đăng ký", "name_en": "FDI registered", "unit": "tỷ USD",
     "kind": "amount", "source_agency": "Bộ Tài chính"},
    {"code": "fdi-disbursed", "name": "Vốn FDI giải ngân", "name_en": "FDI disbursed", "unit": "tỷ USD",
     "kind": "amount", "source_agency": "Bộ Tài chính"},
]


def load_indicators() -> int:
    for spec in INDICATORS:
        fields = {k: v for k, v in spec.items() if k not in ("code", "target_doc")}
        work = Work.objects.filter(number=spec.get("target_doc", "")).first()
        indicator_upsert(actor=None, code=spec["code"], target_work=work, is_illustrative=True, **fields)
    return observations_import(actor=None, data=(DATA / "observations.csv").read_bytes(), filename="observations.csv")


def load_demo() -> str:
    organisations = load_organisations()
    register_load(actor=None)  # the real register of ministries and provinces (implementation/data), not illustrative
    outcomes: list[str] = []
    for name in DOCUMENTS:
        result = work_import(actor=None, data=(DATA / name).read_bytes(), filename=name,
                             status=Work.Status.IN_FORCE, illustrative=True)
        outcomes.append(f"{result.work.number} {result.outcome}")
    drafted = load_draft((DATA / "nq-250-minh-hoa.txt").read_text(encoding="utf-8"))
    implemented = load_implementation()
    meetings = load_real_meetings()  # real data (steering/data), not illustrative
    partnerships = partnerships_load(actor=None)
    observations = load_indicators()
    covered = load_demo_coverage()  # after the draft and the programmes it links to
    return (f"demo: {organisations} organisations; {partnerships} partnership events; {observations} "
            f"indicator releases; drafting history {'created' if drafted else 'unchanged'}; "
            f"programmes and tasks {'created' if implemented else 'unchanged'}; {meetings} real meetings; "
            f"requirement coverage {'created' if covered else 'unchanged'}; documents: "
            + ", ".join(outcomes))
