"""The signed-in user's own page: their roles, and their API tokens (create one, shown once; revoke)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoinhap.core.account_selectors import memberships_of, tokens_of
from hoinhap.core.errors import DomainError
from hoinhap.core.services import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the new token"), max_length=100, required=False,
                           help_text=_("For example the program or server that will use it."))


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form, plaintext, error = TokenForm(), None, ""
    if request.method == "POST" and request.POST.get("action") == "revoke":
        return _revoke(request)
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _, plaintext = token_create(actor=request.user, user=request.user,  # type: ignore[arg-type]
                                            name=form.cleaned_data["name"])
                form = TokenForm()
            except DomainError as failure:
                error = failure.message
    response = render(request, "web/account.html", {
        "form": form, "plaintext": plaintext, "error": error,
        "memberships": memberships_of(request.user), "tokens": tokens_of(request.user)})  # type: ignore[arg-type]
    # The page with a new token must not stay in any cache, nor be shown again by "back".
    response["Cache-Control"] = "no-store"
    return response


def _revoke(request: HttpRequest) -> HttpResponse:
    token = tokens_of(request.user).filter(pk=request.POST.get("token", "")).first() if (  # type: ignore[arg-type]
        request.POST.get("token", "").isdigit()) else None
    if token is None:  # another person's token is no more visible than a missing one
        raise Http404("no such token")
    try:
        token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, gettext("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    except DomainError as failure:
        messages.error(request, failure.message)
    return redirect("web:account")
