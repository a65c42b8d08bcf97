"""What follows adoption (issue 18, item 5), for the secretariat and staff: on an adopted text, the
provisions that assign detailing (preview, nothing stored) and one button that makes them a
programme of detailing tasks; on a detailing task, the corpus documents proposed to close it and the
confirmation of one. Anyone else gets the log-in page or a 404, and a refused POST changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hoinhap.core.errors import DomainError
from hoinhap.core.models import User
from hoinhap.corpus.selectors import work_get
from hoinhap.implementation import detailing
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.permissions import is_secretariat
from hoinhap.implementation.selectors import task_get


def may_plan_detailing(user: Any) -> bool:
    """The secretariat (or staff) reads these pages; the services decide who may write."""
    return bool(user.is_authenticated and (user.is_staff or is_secretariat(user)))


def _staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_plan_detailing(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@_staff_only
def work_detailing(request: HttpRequest, slug: str) -> HttpResponse:
    """The obligations of an adopted text, its detailing programmes, and the form that makes one."""
    work = work_get(slug, reader=request.user)
    if request.method == "POST":
        user: User = request.user  # type: ignore[assignment]
        try:
            result = detailing.programme_detailing(actor=user, slug=request.POST.get("slug", "").strip(), work=work,
                                                   title=request.POST.get("title", "").strip())
        except DomainError as failure:
            return _work_page(request, work, error=failure.message, status=422)
        return redirect("web:programme", result.programme.slug)
    return _work_page(request, work)


def _work_page(request: HttpRequest, work: Any, *, error: str = "", status: int = 200) -> HttpResponse:
    try:
        obligations = detailing.obligations_of(work)
    except DomainError as failure:
        obligations, error = [], error or failure.message
    programmes = Programme.objects.filter(work=work, kind=Programme.Kind.DETAILING).prefetch_related(
        "tasks__lead", "tasks__detailed_by")
    return render(request, "web/implementation/detailing.html", {
        "work": work, "obligations": obligations, "programmes": programmes, "error": error,
        "suggested_slug": f"chi-tiet-{work.slug}"[:120], "form": request.POST if request.method == "POST" else {}},
        status=status)


@require_http_methods(["GET", "POST"])
@_staff_only
def task_detailing(request: HttpRequest, pk: int) -> HttpResponse:
    """A detailing task: the documents proposed to close it, and the confirmation of one."""
    user: User = request.user  # type: ignore[assignment]  # signed in: checked by ``_staff_only``
    task = task_get(pk, reader=user)
    if request.method == "POST":
        try:
            document = work_get(request.POST.get("document", ""), reader=user)
            detailing.detailing_confirm(actor=user, task=task, document=document, today=timezone.localdate())
        except DomainError as failure:
            return _task_page(request, task, error=failure.message, status=422)
        return redirect("web:detailing_task", task.pk)
    return _task_page(request, task)


def _task_page(request: HttpRequest, task: Task, *, error: str = "", status: int = 200) -> HttpResponse:
    task.refresh_from_db()
    try:
        candidates = detailing.detailing_candidates(task)
    except DomainError as failure:
        candidates, error = [], error or failure.message
    return render(request, "web/implementation/detailing_task.html", {
        "task": task, "candidates": candidates, "error": error}, status=status)
