"""The data subject's page behind the follow link of their comment: what is held about them, a JSON
download, the correction of the name and the address, and erasure. Thin over
``privacy.self_service``; public writes are counted by the rate limiter like the comment form."""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoinhap.core.errors import DomainError, ValidationFailed
from hoinhap.core.http import signed_in
from hoinhap.drafting.public_services import follow_get
from hoinhap.privacy import self_service
from hoinhap.throttle import guard


class CorrectionForm(forms.Form):
    name = forms.CharField(label=_("Name shown with your comment"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail address for the notice"), max_length=254, required=False)


def _private(response: HttpResponse) -> HttpResponse:
    """The token is in the URL: no cache, no referrer, no search engine."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def my_data(request: HttpRequest, token: str) -> HttpResponse:
    comment = follow_get(token)  # an unknown token: not found, the error page
    if request.method == "POST":
        return _act(request, token)
    if request.GET.get("format") == "json":
        held = self_service.self_export(token=token)
        response = HttpResponse(json.dumps(held, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.json"'
        return _private(response)
    form = CorrectionForm(initial={"name": comment.author_name, "email": comment.notify_email})
    return _private(render(request, "web/privacy/my_data.html", {
        "held": self_service.held(comment), "comment": comment, "form": form, "token": token}))


def _act(request: HttpRequest, token: str) -> HttpResponse:
    """The posted action's handler, then back to the page with its message. Every attempt counts for the
    rate limit first (over it: the error page, 429 with Retry-After)."""
    guard.public_write(request, signed_in(request))
    handler = SELF_ACTIONS.get(request.POST.get("action", ""))
    try:
        if handler is None:
            raise ValidationFailed(gettext("Unknown action."))
        messages.success(request, handler(request.POST, token))
    except DomainError as failure:
        messages.error(request, failure.message)
    return _private(redirect("web:comment_follow_data", token=token))


def _correct(data: QueryDict, token: str) -> str:
    form = CorrectionForm(data)
    if not form.is_valid():
        raise ValidationFailed(gettext("Enter a valid e-mail address, or leave it empty."))
    changed = self_service.self_correct(token=token, name=form.cleaned_data["name"], email=form.cleaned_data["email"])
    return gettext("Your data is corrected.") if changed else gettext("Nothing changed.")


def _erase(data: QueryDict, token: str) -> str:
    if data.get("confirm") != "yes":
        raise ValidationFailed(gettext("Tick the box to confirm the erasure."))
    self_service.self_erase(token=token)
    return gettext("Your name and e-mail address are erased. Your opinion stays, unnamed, in the consultation's "
                   "record.")


# One typed handler per form of the page; each returns the message that says what was done.
SELF_ACTIONS: dict[str, Callable[[QueryDict, str], str]] = {"correct": _correct, "erase": _erase}
