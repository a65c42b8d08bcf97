"""The data-protection officer's page: find what hoinhap holds about a person by their e-mail address,
download it, or erase it (the same services as ``hoinhap personal-data …``, audited there)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.privacy.services import may_handle_personal_data, personal_data_erase, personal_data_export


class SubjectForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"), max_length=254)


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request)
    if not may_handle_personal_data(actor):
        raise DjangoPermissionDenied(gettext("Only a data-protection officer (an administrator) handles personal data."))
    form = SubjectForm(request.POST or request.GET or None)
    held = None
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            if request.method == "POST" and request.POST.get("action") == "erase":
                counts = personal_data_erase(actor=actor, email=email)
                messages.success(request, gettext("Erased: %(comments)d comment(s) and %(accounts)d account(s) "
                                                  "anonymised.") % counts)
                return redirect("web:personal_data")
            held = personal_data_export(actor=actor, email=email)
            if request.GET.get("format") == "json":
                response = HttpResponse(json.dumps(held, ensure_ascii=False, indent=2),
                                        content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
                response["Cache-Control"] = "no-store"
                return response
        except DomainError as failure:
            form.add_error(None, failure.message)
    response = render(request, "web/personal_data.html", {"form": form, "held": held})
    response["Cache-Control"] = "no-store"
    return response
