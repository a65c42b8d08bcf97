"""The stage schemes (which stages a dossier goes through, and what each requires), read from YAML."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed

SHIPPED = Path(__file__).with_name("data") / "stages.yaml"


@dataclass(frozen=True)
class StageSpec:
    code: str
    name_vi: str
    name_en: str
    requires: tuple[str, ...]

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_vi


@dataclass(frozen=True)
class Schemes:
    documents: dict[str, dict[str, str]]
    schemes: dict[str, tuple[StageSpec, ...]]

    def scheme(self, name: str) -> tuple[StageSpec, ...]:
        if name not in self.schemes:
            raise ValidationFailed(_("no stage scheme named %(name)r") % {"name": name}, known=sorted(self.schemes))
        return self.schemes[name]

    def document_name(self, kind: str, language: str) -> str:
        names = self.documents.get(kind, {})
        return names.get(language) or names.get("vi") or kind


def load(path: Path) -> Schemes:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schemes = {
        name: tuple(StageSpec(item["code"], item["vi"], item["en"], tuple(item.get("requires", []))) for item in items)
        for name, items in data["schemes"].items()
    }
    for name, specs in schemes.items():
        unknown = {kind for spec in specs for kind in spec.requires} - set(data["documents"])
        if unknown:
            raise ValueError(f"stage scheme {name} requires unknown documents: {sorted(unknown)}")
    return Schemes(data["documents"], schemes)


@cache
def configured() -> Schemes:
    return load(Path(os.environ.get("HOINHAP_DRAFTING_STAGES") or SHIPPED))
