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
from hoinhap.indicators.services import partnerships_load

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


def load_demo() -> str:
    organisations = load_organisations()
    outcomes = []
    for name in DOCUMENTS:
        result = work_import(actor=None, data=(DATA / name).read_bytes(), filename=name,
                             status=Work.Status.IN_FORCE, illustrative=True)
        outcomes.append(f"{result.work.number} {result.outcome}")
    partnerships = partnerships_load(actor=None)
    return (f"demo: {organisations} organisations; {partnerships} partnership events; documents: "
            + ", ".join(outcomes))
