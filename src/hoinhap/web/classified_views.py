"""Marking a task as classified from its page (the secretariat): the form posts here, the service
clears the content and audits, and the reader goes back to the task (or, without the clearance to see
it any more, to the task list). Thin over ``implementation.classified``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hoinhap.core.classification import may_see
from hoinhap.core.errors import DomainError
from hoinhap.core.http import signed_in
from hoinhap.core.models import Classification
from hoinhap.implementation import classified, selectors
from hoinhap.web.shortcuts import reading


class ClassifyForm(forms.Form):
    level = forms.ChoiceField(label=_("Classification"), choices=Classification.choices, required=False)
    reference = forms.CharField(label=_("Reference of the document kept elsewhere"), max_length=255, required=False)


@require_POST
@reading
def task_classify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request)
    task = selectors.task_get(pk, reader=actor)
    form = ClassifyForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(gettext("Choose a classification level."))
        classified.task_classify(actor=actor, task=task, level=form.cleaned_data["level"],
                                 reference=form.cleaned_data["reference"])
        messages.success(request, gettext("The task's classification is recorded."))
    except DomainError as failure:
        messages.error(request, failure.message)
    if not may_see(actor, task.classification):
        return redirect("web:tasks")
    return redirect("web:task", pk=pk)
