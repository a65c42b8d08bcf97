"""Response schemas shared by several routers, so that every JSON operation declares its shape and a
client generated from the OpenAPI document gets typed data (tests/api/test_generated_client.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field


class BucketCountsOut(Schema):
    completed_on_time: int
    completed_late: int
    in_progress: int
    overdue: int
    continuous: int


class TreeNodeOut(Schema):
    kind: str = Field(description="chapter, section, article, clause, point, …")
    num: str
    heading: str
    text: str
    eid: str = Field(description="Akoma Ntoso identifier, e.g. chp_I__art_5__cl_2.")
    children: list[TreeNodeOut]


class TreeMetaOut(Schema):
    number: str | None
    doc_type: str | None
    issuer: str | None
    issuer_code: str | None
    signer: str | None
    place: str | None
    date: str | None
    title: str | None
    language: str | None


class TreeWarningOut(Schema):
    line: int | None
    message: str


class DocumentTreeOut(Schema):
    meta: TreeMetaOut
    warnings: list[TreeWarningOut]
    body: list[TreeNodeOut]


class VersionTreeOut(DocumentTreeOut):
    number: int
    status: str


class EvaluationOut(Schema):
    rule: str
    version: str
    month: str
    applies: bool
    amount: int | None = Field(description="In đồng; null where the rule does not apply.")
    reason: str
    trace: list[dict[str, Any]] = Field(description="Every parameter used, with its value and source.")
    settings: dict[str, str]


class IndicatorLatestOut(Schema):
    period: str
    value: str
    status: str
    released: str


class IndicatorRowOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    target: str | None
    latest: IndicatorLatestOut | None
    on_track: bool | None
    explanation: str | None


class IndicatorsOut(Schema):
    as_of: str
    indicators: list[IndicatorRowOut]


class RedlineRowOut(Schema):
    old: str | None = Field(description="The provision's eid in the older version; null: inserted.")
    new: str | None = Field(description="Its eid in the newer version; null: deleted.")
    state: str
    changed: bool
    runs: list[list[str]] = Field(description="[operation, text] pairs, operation one of equal, insert, delete.")


class ProgrammeRowOut(Schema):
    slug: str
    title: str
    kind: str
    meeting: str | None
    document: str | None
    illustrative: bool
    counts: BucketCountsOut | None = Field(description="Null for anonymous readers when counts are not public.")


class AgencyCountsOut(Schema):
    code: str
    name: str
    counts: BucketCountsOut


class AgencyDashboardOut(Schema):
    as_of: str
    agencies: list[AgencyCountsOut]


class ReportRowOut(Schema):
    id: int
    agency: str
    kind: str
    text: str
    submitted_on: date
    review: str
    reason: str
    output_number: str


class ExtensionRowOut(Schema):
    id: int
    new_deadline: date
    state: str
    reason: str
    decided_on: date | None


class EscalationRowOut(Schema):
    step: str
    on: date
    due: date | None


class ReviewOut(Schema):
    id: int
    review: str


class DecisionOut(Schema):
    id: int
    state: str


class ClassifiedTaskOut(Schema):
    id: int
    classification: str
    classified_reference: str
    title: str


class AnsweredOut(Schema):
    answered: list[int] = Field(description="The ids of the comments answered.")


class EditedOut(Schema):
    eid: str
    revision: int
    text: str
    heading: str


class DetailingCandidateOut(Schema):
    slug: str
    number: str
    title: str
    date: date | None
    status: str
    why: str = Field(description="How it was found: a relation to the adopted text, or its title.")
    confirmed: bool


class DetailingConfirmedOut(Schema):
    task: int
    detailed_by: str
    completed_on: str | None


class OverdueAgencyOut(Schema):
    code: str
    name: str
    overdue: int
    longest_overdue_days: int = Field(description="Days the agency's most overdue task is past its deadline in force.")


class OverdueTaskOut(Schema):
    id: int
    title: str
    lead: str = Field(description="The lead agency's code.")
    lead_name: str
    due: str | None = Field(description="The deadline in force on as_of (ISO date).")
    days_overdue: int


class ConsultationRowOut(Schema):
    draft: str
    title: str
    round: int
    version: int
    deadline: str
    overdue: bool
    public: bool
    comments: int
    not_yet_responded: int
    illustrative: bool


class CoverageTotalsOut(Schema):
    covered: int
    partly: int
    not_covered: int
    total: int


class CoverageSummaryOut(Schema):
    document: str
    slug: str
    totals: CoverageTotalsOut


class CorpusTileOut(Schema):
    documents: int = Field(description="Documents dated on or before as_of (undated ones included).")
    in_force: int
    by_type: dict[str, int]


class ChangeOut(Schema):
    when: str
    on: str = Field(description="The day of the change in the site's time zone (ISO date).")
    actor: str | None
    action: str
    action_label: str = Field(description="The action in words, in the request's language.")
    target: str
    target_type: str
    target_id: str


class OverviewEventOut(Schema):
    name: str
    date_text: str
    starts_on: str
    ends_on: str
    place: str
    programme: str
    illustrative: bool
    source: str
    directive: dict[str, Any] | None
    tasks: dict[str, int] | None
    days_left: int


class OverviewOut(Schema):
    as_of: str
    partners: dict[str, int]
    tasks: BucketCountsOut | None = Field(description="Null when task counts are not public and nobody is signed in.")
    overdue_by_agency: list[OverdueAgencyOut]
    most_overdue: list[OverdueTaskOut] | None = Field(
        description="The tasks longest overdue on as_of that the reader may read; null for anonymous readers.")
    consultations: list[ConsultationRowOut]
    indicators: list[IndicatorRowOut]
    events: list[OverviewEventOut]
    coverage: list[CoverageSummaryOut]
    corpus: CorpusTileOut
    recent_changes: list[ChangeOut] | None = Field(None, description="Staff only: the latest audit entries.")
