"""Dated parameters: a value holds from its date until the next one, and a null value ends it.
Framework-free; the table is read from ``data/parameters.yaml`` (mechanisms as code, reviewed like code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from hoinhap.legal.errors import N_

PARAMETERS = Path(__file__).parent / "data" / "parameters.yaml"


class ParameterError(ValueError):
    """The parameter file is malformed (a bad date, values out of order)."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template  # marked with N_; translated where a person reads it
        self.params = params
        super().__init__(template % params if params else template)


@dataclass(frozen=True)
class ParameterValue:
    name: str
    value: Decimal | None
    valid_from: date
    source: str
    verified: date | None
    uncertain: bool = False
    note: str = ""

    def trace(self) -> dict[str, Any]:
        """What an evaluation reports of this value: enough to check it against the law."""
        return {"parameter": self.name, "value": None if self.value is None else str(self.value),
                "from": self.valid_from.isoformat(), "source": self.source,
                "verified": self.verified.isoformat() if self.verified else None,
                "uncertain": self.uncertain, "note": self.note}


class ParameterTable:
    def __init__(self, values: dict[str, list[ParameterValue]]) -> None:
        self._values = values

    @classmethod
    def load(cls, path: Path = PARAMETERS) -> ParameterTable:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls({name: _values(name, spec.get("values", [])) for name, spec in raw.items()})

    @classmethod
    @functools.cache
    def shipped(cls) -> ParameterTable:
        """The table shipped with hoinhap, read once per process (it changes only with a release)."""
        return cls.load()

    def names(self) -> list[str]:
        return sorted(self._values)

    def history(self, name: str) -> list[ParameterValue]:
        return list(self._values.get(name, []))

    def at(self, name: str, day: date) -> ParameterValue | None:
        """The value in force on ``day``; None before the first one, after a null one, or for an unknown name."""
        current = None
        for value in self._values.get(name, []):
            if value.valid_from > day:
                break
            current = value
        return current if current is not None and current.value is not None else None


def _values(name: str, rows: list[dict[str, Any]]) -> list[ParameterValue]:
    values = []
    for row in rows:
        valid_from, verified = row.get("from"), row.get("verified")
        if not isinstance(valid_from, date) or (verified is not None and not isinstance(verified, date)):
            raise ParameterError(N_("%(name)s: 'from' and 'verified' must be dates (YYYY-MM-DD): %(row)s"), name=name,
                                 row=row)
        raw = row.get("value")
        values.append(ParameterValue(name, None if raw is None else Decimal(str(raw)), valid_from,
                                     str(row.get("source", "")), verified, bool(row.get("uncertain", False)),
                                     str(row.get("note", ""))))
    if any(a.valid_from >= b.valid_from for a, b in zip(values, values[1:], strict=False)):
        raise ParameterError(N_("%(name)s: values must be in date order, one per date"), name=name)
    return values
