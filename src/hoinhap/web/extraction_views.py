"""The extraction preview for the secretariat (issue 15): the tasks a programme's document would give
(lead, deadline as read, warnings, which heading was read as what in each table), nothing stored;
then one POST stores them all, or none.

The document is the programme's work in the corpus, or the plan as it was received, uploaded here
(.md, .txt, .docx, .pdf): both read the same tables (the corpus parser keeps cell-per-line tables and
broken pipe rows as table nodes), and an upload lets a plan be checked before it is imported. The
uploaded text is kept in the session between the preview and the confirmation, never stored otherwise.

Only the secretariat and staff see it: anyone else gets the log-in page or a 404, before any upload
is read, and a refused POST changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hoinhap import formatting
from hoinhap.core.errors import DomainError, UnreadableInput
from hoinhap.core.models import User
from hoinhap.implementation import services, task_table
from hoinhap.implementation.models import Programme
from hoinhap.implementation.permissions import is_secretariat
from hoinhap.implementation.selectors import programme_get

ROLES = {"number": gettext_lazy("number"), "title": gettext_lazy("task"), "lead": gettext_lazy("lead agency"),
         "coordinators": gettext_lazy("coordinating agencies"), "deadline": gettext_lazy("deadline"),
         "output": gettext_lazy("output"), "ignored": gettext_lazy("not read")}
SOURCES = {"table": gettext_lazy("from the task table"), "provisions": gettext_lazy("from provisions that assign work"),
           "none": gettext_lazy("nothing found")}
LAYOUTS = {"lone-pipe": gettext_lazy("one cell per line"), "pipe-rows": gettext_lazy("rows separated by |")}
MAX_KEPT_CHARS = 4_000_000  # the text kept in the session between the preview and the confirmation


def _allowed(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_staff or is_secretariat(user)))


def _session_key(programme: Programme) -> str:
    return f"hoinhap.extraction.{programme.pk}"


@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _allowed(request.user):
        raise Http404
    slug = (request.POST if request.method == "POST" else request.GET).get("programme", "")
    if not slug:
        waiting = Programme.objects.filter(tasks__isnull=True).select_related("work").distinct()
        return render(request, "web/implementation/extraction.html", {"waiting": waiting})
    programme = programme_get(slug)
    if request.method == "GET":
        request.session.pop(_session_key(programme), None)  # a new preview starts from the corpus document
        return _page(request, programme)
    if request.POST.get("action") == "read":
        return _read_upload(request, programme)
    return _store(request, programme)


def _read_upload(request: HttpRequest, programme: Programme) -> HttpResponse:
    """The plan as received: read as the import reads it, previewed, and kept for the confirmation."""
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, programme, error=_("Choose the plan's file."), status=422)
    try:
        text = _text_of(upload.read(), upload.name or "")
    except DomainError as failure:
        return _page(request, programme, error=failure.message, status=422)
    request.session[_session_key(programme)] = text
    return _page(request, programme, text=text, filename=upload.name or "")


def _text_of(data: bytes, filename: str) -> str:
    from hoinhap.corpus.reading import read_as_received

    document, received = read_as_received(data, filename)
    text = received if received is not None else task_table.document_text(document)
    if len(text) > MAX_KEPT_CHARS:
        raise UnreadableInput(_("a plan of more than %(limit)s characters: use `hoinhap programmes extract`")
                              % {"limit": formatting.number(MAX_KEPT_CHARS)})
    return text


def _page(request: HttpRequest, programme: Programme, *, text: str | None = None, filename: str = "",
          error: str = "", status: int = 200) -> HttpResponse:
    preview = None
    if text is not None or programme.work is not None:
        try:
            preview = services.extraction_preview(programme=programme, text=text)
        except DomainError as failure:
            error = error or failure.message
    if preview is not None:
        preview["source_label"] = SOURCES.get(preview["source"], preview["source"])
        for table in preview["tables"]:
            table["layout_label"] = LAYOUTS.get(table["layout"], table["layout"])
            for heading in table["headings"]:
                heading["label"] = ROLES.get(heading["read_as"], heading["read_as"])
    return render(request, "web/implementation/extraction.html", {
        "programme": programme, "preview": preview, "error": error, "filename": filename,
        "has_tasks": programme.tasks.exists()}, status=status)


def _store(request: HttpRequest, programme: Programme) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    text = request.session.get(_session_key(programme))
    try:
        services.programme_extract(actor=user, programme=programme, text=text)
    except DomainError as failure:
        return _page(request, programme, text=text, error=failure.message, status=422)
    request.session.pop(_session_key(programme), None)
    return redirect("web:programme", programme.slug)
