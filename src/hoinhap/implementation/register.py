"""The register of member agencies: the ministries and ministry-level agencies and the provinces, with
the 2025 mergers as successions (``data/member-agencies.tsv``, sources in its header). It says who
"các bộ, ngành, địa phương" are on a given day (``collective.members``).

Loading is all or nothing and idempotent: a row equal to the stored organisation writes nothing and
logs nothing; a changed or new row goes through ``core.services.organisation_upsert`` and a new
succession through ``organisation_merge`` (each audited), and one summary entry records the load."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action, organisation_merge, organisation_upsert

REGISTER = Path(__file__).parent / "data" / "member-agencies.tsv"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    name_en: str
    kind: str
    parent: str
    active_from: date | None
    successor: str
    effective: date | None


@dataclass
class LoadResult:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def read_rows(path: Path = REGISTER) -> list[Row]:
    """The register's rows; lines starting with ``#`` are its source notes."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = []
    for raw in csv.DictReader(lines, delimiter="\t"):
        rows.append(Row(code=raw["code"].strip(), name=raw["name"].strip(), name_en=raw["name_en"].strip(),
                        kind=raw["kind"].strip(), parent=raw["parent"].strip(),
                        active_from=_day(raw["active_from"]), successor=raw["successor"].strip(),
                        effective=_day(raw["effective"])))
    return rows


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text.strip()) if text and text.strip() else None


@transaction.atomic
def register_load(*, actor: User | None, path: Path = REGISTER) -> LoadResult:
    """Create or update the register's organisations and record their successions."""
    rows = read_rows(path)
    result = LoadResult(rows=len(rows))
    stored = {org.code: org for org in Organisation.objects.filter(code__in=[r.code for r in rows] + ["CP"])}
    for row in rows:
        existing = stored.get(row.code)
        parent = stored.get(row.parent) if row.parent else None
        if existing is not None and _same(existing, row, parent):
            continue
        stored[row.code] = organisation_upsert(actor=actor, code=row.code, name=row.name, name_en=row.name_en,
                                               kind=row.kind, parent=parent, active_from=row.active_from)
        (result.updated if existing is not None else result.created).append(row.code)
    for row in rows:
        if row.successor and row.effective:
            predecessor, successor = stored[row.code], stored[row.successor]
            ends = row.effective - timedelta(days=1)
            if predecessor.successor_id != successor.pk or predecessor.active_until != ends:
                organisation_merge(actor=actor, predecessor=predecessor, successor=successor, effective=row.effective)
                result.merged.append(row.code)
    if result.created or result.updated or result.merged:
        log_action(actor, "implementation.register.imported", None,
                   {"file": path.name, "rows": len(rows), "created": len(result.created),
                    "updated": len(result.updated), "merged": len(result.merged)})
    return result


def _same(org: Organisation, row: Row, parent: Organisation | None) -> bool:
    return (org.name, org.name_en, org.kind, org.parent_id, org.active_from) == (
        row.name, row.name_en, row.kind, parent.pk if parent else None, row.active_from)
