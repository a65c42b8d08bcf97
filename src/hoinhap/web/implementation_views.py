"""Implementation pages: the dashboard (counts per bucket as an SVG chart, the agencies, the task
list, all filtered from the URL), a task with its history and the forms to report, review and
extend, programmes with their lineage, the bottleneck register and the periodic report, a report's
evidence file. Tasks need a signed-in reader (the selectors decide, given ``request.user``): anonymous
readers are sent to the log-in page; what a reader may not read answers 404."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import PurePath
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from hoinhap.core.errors import DomainError, NotFound
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation, User
from hoinhap.implementation import buckets, report_services, selectors
from hoinhap.implementation import jobs as implementation_jobs
from hoinhap.implementation.cutoffs import KINDS
from hoinhap.implementation.models import DeadlineExtension, Task, TaskReport
from hoinhap.implementation.permissions import is_secretariat, reporter_agencies
from hoinhap.indicators.charts import bar_chart
from hoinhap.jobs.models import Job
from hoinhap.web.errors import Posted, refused_on
from hoinhap.web.implementation_forms import LABELS, DashboardForm, DecisionForm, ExtensionForm, ReportForm, ReviewForm
from hoinhap.web.job_views import job_queued
from hoinhap.web.shortcuts import attachment
from hoinhap.web.shortcuts import reading as _reading

PER_PAGE = 50
MAX_PAGES = 200  # the list pages by offset, which walks the skipped rows: 10,000 rows, then narrow the filters
SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
CSS = {buckets.COMPLETED_ON_TIME: "on-time", buckets.COMPLETED_LATE: "late", buckets.IN_PROGRESS: "in-progress",
       buckets.OVERDUE: "overdue", buckets.CONTINUOUS: "continuous"}




def _filters(request: HttpRequest) -> tuple[DashboardForm, dict[str, Any], date]:
    """The dashboard's filters from the URL (invalid ones are shown by the form and not applied) and the day."""
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data, data.get("as_of") or timezone.localdate()


@_reading
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data, as_of = _filters(request)
    reader = signed_in(request)
    scope = {"agency": data.get("agency"), "programme": data.get("programme")}
    agencies = selectors.agency_dashboard(as_of, reader=reader, programme=scope["programme"]) if not scope["agency"] else []
    if scope["agency"]:
        counts = selectors.status_counts(as_of, reader=reader, **scope)
    else:  # the agencies' rows hold the counts already: one pass over the tasks, not two
        counts = {b: sum(row.counts[b] for row in agencies) for b in buckets.BUCKETS}
    chart = bar_chart(_("Tasks by status"), [(str(LABELS[b]), counts[b], CSS[b]) for b in buckets.BUCKETS],
                      ident="buckets")
    bucket = data.get("bucket") or None
    tasks = selectors.task_list(as_of, reader=reader, bucket=bucket, **scope)
    total = counts[bucket] if bucket else sum(counts.values())
    # the paginator uses count() when there is one, so the known total saves a COUNT query
    page = _BoundedPaginator(cast(Sequence[Task], _Counted(tasks, total)), PER_PAGE).get_page(data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    agencies = agencies[:30]
    return render(request, "web/implementation/dashboard.html", {
        "form": form, "as_of": as_of, "counts": counts, "chart": chart, "page": page, "query": params.urlencode(),
        "agencies": agencies, "labels": LABELS, "buckets": buckets.BUCKETS, "as_of_query": urlencode({"as_of": as_of}),
        "hidden_classified": selectors.hidden_classified_count(reader)})  # "trong đó N nhiệm vụ mật"


class _BoundedPaginator(Paginator):
    """At most ``MAX_PAGES`` pages, whatever the count (which the heading still shows in full)."""

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)


class _Counted:
    """A queryset whose size is known already (from the counts), so the paginator does not count again."""

    def __init__(self, queryset: Any, count: int) -> None:
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:  # noqa: ANN401 - a task, or a slice of the queryset
        return self.queryset[index]


@_reading
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    task = selectors.task_get(pk, reader=user)
    today = timezone.localdate()
    posted = Posted()
    if request.method == "POST":
        posted = _run(request, task, today)
        if posted.done:
            messages.success(request, posted.done)
            return redirect("web:task", pk=pk)
    mine = _reporting_agencies(user, task)
    current = selectors.with_status(type(task).objects.filter(pk=task.pk), today).first() or task
    return render(request, "web/implementation/task.html", {
        "task": task, "current": current, "labels": LABELS, "today": today,
        "reports": task.reports.select_related("agency", "submitted_by", "reviewed_by"),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "escalations": task.escalations.all(), "history": selectors.task_history(task)[:50],
        "coordinators": task.coordinators.all(), "subtasks": task.subtasks.select_related("lead"),
        "secretariat": is_secretariat(user), "can_report": mine.exists(),
        "can_extend": mine.filter(pk=task.lead_id).exists(),
        "evidence": {r.pk for r in task.reports.exclude(evidence="").select_related("task")
                     if selectors.may_read_evidence(user, r)},
        "report_form": ReportForm(agencies=mine), "extension_form": ExtensionForm(),
        "review_form": ReviewForm(), "decision_form": DecisionForm(),
        **posted.forms, "error": posted.error,
    })


def _reporting_agencies(user: User | None, task: Task) -> QuerySet[Organisation]:
    """The agencies ``user`` reports for on ``task`` (the report form's choices): its lead and its
    coordinators, as ``report_submit`` allows; on another agency's task the forms are not shown."""
    if user is None:
        return Organisation.objects.none()
    on_task = {task.lead_id, *task.coordinators.values_list("pk", flat=True)}
    return Organisation.objects.filter(pk__in=reporter_agencies(user) & on_task)


def _run(request: HttpRequest, task: Task, today: date) -> Posted:
    """The posted action's handler; a service's refusal is shown above the forms, on the page."""
    handler = ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return Posted(error=_("Unknown action."))
    try:
        return handler(request, task, today)
    except DomainError as error:
        return Posted(error=error.message)


def _report(request: HttpRequest, task: Task, today: date) -> Posted:
    user = signed_in(request)
    form = ReportForm(request.POST, request.FILES, agencies=_reporting_agencies(user, task))
    if not form.is_valid():
        return Posted(forms={"report_form": form})
    data, evidence = form.cleaned_data, form.cleaned_data["evidence"]
    try:
        report_services.report_submit(
            actor=user, task=task, agency=data["agency"], kind=data["kind"], text=data["text"], today=today,
            output_number=data["output_number"], output_date=data["output_date"],
            evidence=evidence.read() if evidence else None, evidence_name=evidence.name if evidence else "",
            classified_reference=data["classified_reference"])
    except DomainError as error:
        return refused_on("report_form", form, error)
    return Posted(done=_("Your report is submitted; the secretariat will review it."))


def _review(request: HttpRequest, task: Task, today: date) -> Posted:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return Posted(error=_("Choose a decision: accept or return the report."))
    report_services.report_review(actor=signed_in(request), report=_report_of(task, form.cleaned_data["report"]),
                                  accept=form.cleaned_data["accept"], today=today, reason=form.cleaned_data["reason"])
    return Posted(done=_("The review is recorded."))


def _extension(request: HttpRequest, task: Task, today: date) -> Posted:
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return Posted(forms={"extension_form": form})
    try:
        report_services.extension_request(actor=signed_in(request), task=task, today=today, **form.cleaned_data)
    except DomainError as error:
        return refused_on("extension_form", form, error)
    return Posted(done=_("The extension request is sent."))


def _decision(request: HttpRequest, task: Task, today: date) -> Posted:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return Posted(error=_("Choose a decision: approve or refuse the extension."))
    extension = _extension_of(task, form.cleaned_data["extension"])
    report_services.extension_decide(actor=signed_in(request), extension=extension, today=today,
                                     approve=form.cleaned_data["approve"], reason=form.cleaned_data["reason"])
    return Posted(done=_("The decision on the extension is recorded."))


# One typed handler per form the task page posts (classification and expansion post to their own URLs).
ACTIONS: dict[str, Callable[[HttpRequest, Task, date], Posted]] = {
    "report": _report, "review": _review, "extension": _extension, "decision": _decision}


def _report_of(task: Task, pk: int) -> TaskReport:
    """The task's report ``pk`` (a report of another task is not found here)."""
    report = task.reports.filter(pk=pk).first()
    if report is None:
        raise NotFound(_("This task has no report %(pk)s.") % {"pk": pk})
    return report


def _extension_of(task: Task, pk: int) -> DeadlineExtension:
    extension = task.extensions.filter(pk=pk).first()
    if extension is None:
        raise NotFound(_("This task has no extension request %(pk)s.") % {"pk": pk})
    return extension


def programmes(request: HttpRequest) -> HttpResponse:
    """Public: the programmes' titles, with their counts unless counts are hidden from anonymous readers."""
    as_of = timezone.localdate()
    rows = selectors.programme_rows(as_of, reader=signed_in(request))
    return render(request, "web/implementation/programmes.html", {"rows": rows,
                                                                  "buckets": buckets.BUCKETS, "labels": LABELS})


@_reading
def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the programme, its document and plans (and its counts, as on the overview); its tasks
    for signed-in readers only."""
    programme = selectors.programme_get(slug)
    as_of, reader = timezone.localdate(), signed_in(request)
    tasks = selectors.task_list(as_of, reader=reader, programme=programme).filter(parent__isnull=True) if reader else None
    counts = selectors.status_counts(as_of, reader=reader, programme=programme) if selectors.counts_visible(reader) else None
    return render(request, "web/implementation/programme.html", {
        "programme": programme, "tasks": tasks, "labels": LABELS, "plans": programme.plans.all(), "buckets": buckets.BUCKETS,
        "counts": counts})


@_reading
def bottlenecks(request: HttpRequest) -> HttpResponse:
    return render(request, "web/implementation/bottlenecks.html", {"items": selectors.bottleneck_list(signed_in(request))})


@_reading
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's evidence file, as an attachment never rendered by the browser (nosniff)."""
    report = selectors.evidence_get(pk, reader=signed_in(request))
    with report.evidence.open("rb") as handle:
        response = attachment(handle.read(), _evidence_filename(report))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _evidence_filename(report: TaskReport) -> str:
    """An ASCII name that cannot break the header: the report's number and the file's own extension."""
    suffix = PurePath(report.evidence.name).suffix.lower()
    if not SAFE_SUFFIX.fullmatch(suffix):
        suffix = ""
    return f"minh-chung-{report.pk}{suffix}"


@_reading
def export_tasks(request: HttpRequest) -> HttpResponse:
    """The filtered tasks as CSV or XLSX, the columns ``hoinhap tasks import`` reads back."""
    from hoinhap.implementation.bulk_services import export_rows, to_csv, to_xlsx

    _, data, as_of = _filters(request)
    tasks = selectors.task_list(as_of, reader=signed_in(request), agency=data.get("agency"), programme=data.get("programme"),
                                bucket=data.get("bucket") or None).prefetch_related("coordinators")
    rows = export_rows(as_of, list(tasks))
    xlsx = request.GET.get("format") == "xlsx"
    return attachment(to_xlsx(rows) if xlsx else to_csv(rows), f"nhiem-vu-{as_of.isoformat()}.{'xlsx' if xlsx else 'csv'}")


@_reading
def periodic_report(request: HttpRequest) -> HttpResponse:
    selectors.require_reads_all(signed_in(request))  # the whole register, every agency
    kind = request.GET.get("period", "month")
    fmt = request.GET.get("format", "docx")
    if kind not in KINDS or fmt not in ("docx", "xlsx"):
        raise Http404("unknown period or format")
    _, data, as_of = _filters(request)
    # At once when small; more than HOINHAP_REPORT_INLINE_ROWS rows go to the worker and its page. The
    # report is dated the day chosen ("as of"), not the day it was downloaded.
    made = implementation_jobs.report_or_job(actor=signed_in(request), kind=kind, as_of=as_of,
                                             programme=data.get("programme"), fmt=fmt, on=as_of)
    if isinstance(made, Job):
        return job_queued(request, made)
    content, filename = made
    return attachment(content, filename)

