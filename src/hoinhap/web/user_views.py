"""Accounts for administrators, in the browser: the list with each person's roles, adding a person,
giving and taking back roles, deactivating and reactivating (never deleting). The same services as
``hoinhap users …``; each write is audited there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoinhap.core.classification import clearance_set
from hoinhap.core.errors import DomainError, NotFound
from hoinhap.core.http import signed_in
from hoinhap.core.models import Classification, Membership, Organisation, User
from hoinhap.core.services import is_administrator, membership_revoke, user_add, user_deactivate, user_grant, user_reactivate
from hoinhap.privacy.services import personal_data_viewed
from hoinhap.web.errors import Posted

PAGE_SIZE = 50


def _organisation_choices() -> list[tuple[str, str]]:
    rows = Organisation.objects.order_by("name").values_list("code", "name")
    return [("", "—")] + [(code, f"{name} ({code})") for code, name in rows]


class UserForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"))
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Membership.Role.choices,
                                      widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(label=_("Initial password"), required=False, widget=forms.PasswordInput,
                               help_text=_("Leave empty for an account that signs in through the single sign-on "
                                           "or uses API tokens only."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _organisation_choices()  # type: ignore[attr-defined]


class ClearanceForm(forms.Form):
    level = forms.ChoiceField(label=_("Security clearance"), choices=Classification.choices, required=False)


class GrantForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Membership.Role.choices,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _organisation_choices()  # type: ignore[attr-defined]


def _administrator(request: HttpRequest) -> User:
    user = signed_in(request)
    if not is_administrator(user):
        raise DjangoPermissionDenied(gettext("Only an administrator manages accounts."))
    assert user is not None
    return user


@login_required
def users(request: HttpRequest) -> HttpResponse:
    actor = _administrator(request)
    form = UserForm()
    if request.method == "POST":
        form = UserForm(request.POST)
        if form.is_valid():
            try:
                created = user_add(actor=actor, username=form.cleaned_data["username"], name=form.cleaned_data["name"],
                                   email=form.cleaned_data["email"],
                                   organisation_code=form.cleaned_data["organisation"],
                                   roles=form.cleaned_data["roles"], password=form.cleaned_data["password"] or None)
                messages.success(request, gettext("The account %(username)s is created.") % {"username": created.username})
                return redirect("web:user", username=created.username)
            except DomainError as failure:
                form.add_error(None, failure.message)
    query = request.GET.get("q", "").strip()[:100]
    people = User.objects.prefetch_related("memberships__organisation").order_by("username")
    if query:
        people = people.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                               | Q(last_name__icontains=query) | Q(email__icontains=query))
    return render(request, "web/users.html", {"people": people[:PAGE_SIZE], "form": form, "q": query,
                                              "more": people.count() > PAGE_SIZE})


@login_required
def user_page(request: HttpRequest, username: str) -> HttpResponse:
    actor = _administrator(request)
    person = User.objects.filter(username=username).first()
    if person is None:
        raise NotFound(gettext("No user %(username)s.") % {"username": username})
    posted = Posted()
    if request.method == "POST":
        posted = _run(request, actor, person)
        if posted.done or posted.error:  # the message says which, above the page it returns to
            if posted.done:
                messages.success(request, posted.done)
            else:
                messages.error(request, posted.error)
            return redirect("web:user", username=person.username)
    personal_data_viewed(actor=actor, subject=person)  # who read whose name and e-mail, and when
    memberships = person.memberships.select_related("organisation").order_by("organisation__name", "role")
    return render(request, "web/user.html", {"person": person, "memberships": memberships, "form": GrantForm(),
                                             **posted.forms,
                                             "clearance_form": ClearanceForm(initial={"level": person.clearance})})


def _run(request: HttpRequest, actor: User, person: User) -> Posted:
    """One write from the user's page; a service's refusal is the message shown after the redirect."""
    handler = USER_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return Posted(error=gettext("Unknown action."))
    try:
        return handler(actor, request.POST, person)
    except DomainError as failure:
        return Posted(error=failure.message)


def _grant(actor: User, data: QueryDict, person: User) -> Posted:
    form = GrantForm(data)
    if not form.is_valid():
        return Posted(forms={"form": form})
    user_grant(actor=actor, user=person, organisation_code=form.cleaned_data["organisation"],
               roles=form.cleaned_data["roles"])
    return Posted(done=gettext("The roles are given."))


def _revoke(actor: User, data: QueryDict, person: User) -> Posted:
    key = data.get("membership", "")
    membership = person.memberships.filter(pk=int(key)).first() if key.isdigit() else None
    if membership is None:
        raise Http404(gettext("No such role."))  # a tampered form: no page, not a message
    membership_revoke(actor=actor, membership=membership)
    return Posted(done=gettext("The role is taken back."))


def _clearance(actor: User, data: QueryDict, person: User) -> Posted:
    clearance_set(actor=actor, user=person, level=data.get("level", ""))
    return Posted(done=gettext("The security clearance is recorded."))


def _deactivate(actor: User, data: QueryDict, person: User) -> Posted:
    user_deactivate(actor=actor, user=person)
    return Posted(done=gettext("The account is deactivated and its API tokens revoked."))


def _reactivate(actor: User, data: QueryDict, person: User) -> Posted:
    user_reactivate(actor=actor, user=person)
    return Posted(done=gettext("The account is active again."))


# One typed handler per form of an account's page (the administrator's).
USER_ACTIONS: dict[str, Callable[[User, QueryDict, User], Posted]] = {
    "grant": _grant, "revoke": _revoke, "clearance": _clearance, "deactivate": _deactivate,
    "reactivate": _reactivate}
