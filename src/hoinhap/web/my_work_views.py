""""Việc của tôi": each role's home (issue 17 item 3). What the signed-in person's roles have to do,
each list with its count, and their notices (marked read from here). The lists come from the
domain selectors (``implementation.my_work``, ``drafting.my_work``, ``notices.selectors``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hoinhap.core.http import signed_in
from hoinhap.core.models import User
from hoinhap.drafting.my_work import committee_work, invited_work
from hoinhap.implementation.my_work import reporter_work, secretariat_work
from hoinhap.notices.selectors import notice_rows, unread_count
from hoinhap.notices.services import notices_read


def _me(request: HttpRequest) -> User:
    user = signed_in(request)
    assert user is not None  # login_required
    return user


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    today = timezone.localdate()
    context = {"today": today, "reporter": reporter_work(user, today), "secretariat": secretariat_work(user),
               "committee": committee_work(user, today), "invited": invited_work(user, today),
               "notices": notice_rows(user),
               "unread": unread_count(user)}
    context["nothing"] = not any(context[role] for role in ("reporter", "secretariat", "committee", "invited"))
    return render(request, "web/my_work.html", context)


@login_required
@require_POST
def notices_mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("notice") if value.isdigit()]
    count = notices_read(actor=_me(request), ids=ids or None)
    messages.success(request, ngettext("%(n)s notice marked read.", "%(n)s notices marked read.", count)
                     % {"n": count})
    return redirect("web:my_work")
