"""Implementation pages: the dashboard (counts per bucket as an SVG chart, the agencies, the task
list, all filtered from the URL), a task with its history and the forms to report, review and
extend, programmes with their lineage, the bottleneck register and the periodic report."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import DomainError
from hoinhap.core.models import Organisation
from hoinhap.implementation import buckets, periodic, report_services, selectors
from hoinhap.implementation.cutoffs import KINDS, period_holding
from hoinhap.implementation.models import Bottleneck, DeadlineExtension, TaskReport
from hoinhap.implementation.permissions import is_secretariat, reporter_agencies
from hoinhap.indicators.charts import bar_chart
from hoinhap.web.implementation_forms import LABELS, DashboardForm, DecisionForm, ExtensionForm, ReportForm, ReviewForm
from hoinhap.web.shortcuts import attachment, or_404

PER_PAGE = 50
CSS = {buckets.COMPLETED_ON_TIME: "on-time", buckets.COMPLETED_LATE: "late", buckets.IN_PROGRESS: "in-progress",
       buckets.OVERDUE: "overdue", buckets.CONTINUOUS: "continuous"}


def _filters(request: HttpRequest) -> tuple[DashboardForm, dict[str, Any], date]:
    """The dashboard's filters from the URL (invalid ones are shown by the form and not applied) and the day."""
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data, data.get("as_of") or timezone.localdate()


def dashboard(request: HttpRequest) -> HttpResponse:
    form, data, as_of = _filters(request)
    scope = {"agency": data.get("agency"), "programme": data.get("programme")}
    agencies = selectors.agency_dashboard(as_of, programme=scope["programme"]) if not scope["agency"] else []
    if scope["agency"]:
        counts = selectors.status_counts(as_of, **scope)
    else:  # the agencies' rows hold the counts already: one pass over the tasks, not two
        counts = {b: sum(row.counts[b] for row in agencies) for b in buckets.BUCKETS}
    chart = bar_chart(_("Tasks by status"), [(str(LABELS[b]), counts[b], CSS[b]) for b in buckets.BUCKETS],
                      ident="buckets")
    bucket = data.get("bucket") or None
    tasks = selectors.task_list(as_of, bucket=bucket, **scope)
    total = counts[bucket] if bucket else sum(counts.values())
    page = Paginator(_Counted(tasks, total), PER_PAGE).get_page(data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    agencies = agencies[:30]
    return render(request, "web/implementation/dashboard.html", {
        "form": form, "as_of": as_of, "counts": counts, "chart": chart, "page": page, "query": params.urlencode(),
        "agencies": agencies, "labels": LABELS, "buckets": buckets.BUCKETS, "as_of_query": urlencode({"as_of": as_of})})


class _Counted:
    """A queryset whose size is known already (from the counts), so the paginator does not count again."""

    def __init__(self, queryset: Any, count: int) -> None:
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        return self.queryset[index]


def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = or_404(selectors.task_get, pk)
    today = timezone.localdate()
    forms: dict[str, object] = {}
    if request.method == "POST":
        failed = _post(request, task, today)
        if failed is None:
            return redirect("web:task", pk=pk)
        forms.update(failed)
    user = request.user if request.user.is_authenticated else None
    mine = Organisation.objects.filter(pk__in=reporter_agencies(user)) if user else Organisation.objects.none()
    current = selectors.with_status(type(task).objects.filter(pk=task.pk), today).first() or task
    return render(request, "web/implementation/task.html", {
        "task": task, "current": current, "labels": LABELS, "today": today,
        "reports": task.reports.select_related("agency", "submitted_by", "reviewed_by"),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "escalations": task.escalations.all(), "history": selectors.task_history(task)[:50],
        "coordinators": task.coordinators.all(), "subtasks": task.subtasks.select_related("lead"),
        "secretariat": is_secretariat(user), "can_report": mine.exists(),
        "report_form": forms.get("report_form") or ReportForm(agencies=mine),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "review_form": ReviewForm(), "decision_form": DecisionForm(), "error": forms.get("error"),
    })


def _post(request: HttpRequest, task: object, today: object) -> dict[str, object] | None:  # noqa: C901
    user = request.user if request.user.is_authenticated else None
    action = request.POST.get("action")
    try:
        if action == "report":
            mine = Organisation.objects.filter(pk__in=reporter_agencies(user))
            form = ReportForm(request.POST, request.FILES, agencies=mine)
            if not form.is_valid():
                return {"report_form": form}
            evidence = form.cleaned_data["evidence"]
            report_services.report_submit(
                actor=user, task=task, agency=form.cleaned_data["agency"], kind=form.cleaned_data["kind"],  # type: ignore[arg-type]
                text=form.cleaned_data["text"], today=today, output_number=form.cleaned_data["output_number"],  # type: ignore[arg-type]
                output_date=form.cleaned_data["output_date"], evidence=evidence.read() if evidence else None,
                evidence_name=evidence.name if evidence else "")
        elif action == "review":
            review = ReviewForm(request.POST)
            if review.is_valid():
                report = TaskReport.objects.get(pk=review.cleaned_data["report"], task=task)
                report_services.report_review(actor=user, report=report, accept=review.cleaned_data["accept"],
                                              today=today, reason=review.cleaned_data["reason"])  # type: ignore[arg-type]
        elif action == "extension":
            form = ExtensionForm(request.POST)
            if not form.is_valid():
                return {"extension_form": form}
            report_services.extension_request(actor=user, task=task, today=today, **form.cleaned_data)  # type: ignore[arg-type]
        elif action == "decision":
            decision = DecisionForm(request.POST)
            if decision.is_valid():
                extension = DeadlineExtension.objects.get(pk=decision.cleaned_data["extension"], task=task)
                report_services.extension_decide(actor=user, extension=extension, approve=decision.cleaned_data["approve"],
                                                 today=today, reason=decision.cleaned_data["reason"])  # type: ignore[arg-type]
    except (DomainError, TaskReport.DoesNotExist, DeadlineExtension.DoesNotExist) as error:
        return {"error": getattr(error, "message", str(error))}
    return None


def programmes(request: HttpRequest) -> HttpResponse:
    as_of = timezone.localdate()
    return render(request, "web/implementation/programmes.html", {"rows": selectors.programme_rows(as_of),
                                                                  "buckets": buckets.BUCKETS, "labels": LABELS})


def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    programme = or_404(selectors.programme_get, slug)
    as_of = timezone.localdate()
    tasks = selectors.task_list(as_of, programme=programme).filter(parent__isnull=True)
    return render(request, "web/implementation/programme.html", {
        "programme": programme, "tasks": tasks, "labels": LABELS, "plans": programme.plans.all(), "buckets": buckets.BUCKETS,
        "counts": selectors.status_counts(as_of, programme=programme)})


def bottlenecks(request: HttpRequest) -> HttpResponse:
    items = Bottleneck.objects.select_related("work", "responsible").prefetch_related("tasks")
    return render(request, "web/implementation/bottlenecks.html", {"items": items})


def export_tasks(request: HttpRequest) -> HttpResponse:
    """The filtered tasks as CSV or XLSX, the columns ``hoinhap tasks import`` reads back."""
    from hoinhap.implementation.bulk_services import export_rows, to_csv, to_xlsx

    _, data, as_of = _filters(request)
    tasks = selectors.task_list(as_of, agency=data.get("agency"), programme=data.get("programme"),
                                bucket=data.get("bucket") or None).prefetch_related("coordinators")
    rows = export_rows(as_of, list(tasks))
    xlsx = request.GET.get("format") == "xlsx"
    return attachment(to_xlsx(rows) if xlsx else to_csv(rows), f"nhiem-vu-{as_of.isoformat()}.{'xlsx' if xlsx else 'csv'}")


def periodic_report(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("period", "month")
    fmt = request.GET.get("format", "docx")
    if kind not in KINDS or fmt not in ("docx", "xlsx"):
        raise Http404("unknown period or format")
    _, data, as_of = _filters(request)
    period = period_holding(kind, as_of)
    report = periodic.build(period, data.get("programme"))
    content = (periodic.to_docx if fmt == "docx" else periodic.to_xlsx)(report, on=timezone.localdate())
    return attachment(content, f"bao-cao-nhiem-vu-{period.end.isoformat()}.{fmt}")

