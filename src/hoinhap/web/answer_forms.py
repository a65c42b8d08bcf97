"""Forms of the drafting committee's answers (answer, revise, withdraw), the unanswered queue's
filters, and the Vietnamese names of what happened to a provision between versions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hoinhap.core.limits import text_chars
from hoinhap.drafting.models import Response
from hoinhap.legal import redline
from hoinhap.web.drafting_forms import in_step

# The drafting terms a committee uses for what became of a provision (redline and comment states).
STATE_LABELS = {
    redline.KEPT: pgettext_lazy("provision state", "kept"),
    redline.UNCHANGED: pgettext_lazy("provision state", "kept"),
    redline.CHANGED: pgettext_lazy("provision state", "amended"),
    redline.RENUMBERED: pgettext_lazy("provision state", "renumbered"),
    redline.MOVED: pgettext_lazy("provision state", "moved"),
    redline.SPLIT: pgettext_lazy("provision state", "split"),
    redline.MERGED: pgettext_lazy("provision state", "merged"),
    redline.DELETED: pgettext_lazy("provision state", "deleted"),
    redline.INSERTED: pgettext_lazy("provision state", "added"),
    redline.WHOLE: pgettext_lazy("provision state", "whole draft"),
}


class AnswerForm(forms.Form):
    """The comments answered are the ticked ``pick`` boxes (outside the form, tied to it by ``form=``,
    so no script is needed) or a comma-separated ``comments`` list. The changed provision is chosen
    by its label among the provisions of the version that takes the change."""

    comments = forms.CharField(widget=forms.HiddenInput, required=False)
    # no disposition is preselected: the drafter chooses one
    disposition = forms.ChoiceField(label=_("Disposition"), choices=[("", _("— choose —")), *Response.Disposition.choices])
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}))
    change_eid = forms.ChoiceField(label=_("Provision changed"), required=False)

    def __init__(self, *args: object, changes: list[tuple[str, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["change_eid"].choices = [("", _("No change to the text")), *changes]  # type: ignore[attr-defined]
        in_step(self, {"explanation": text_chars()})

    def comment_ids(self) -> list[int]:
        picked = self.data.getlist("pick") if hasattr(self.data, "getlist") else []
        parts = [*picked, *self.cleaned_data["comments"].split(",")]
        return [int(part) for part in parts if part.strip().isdigit()]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why the answer is withdrawn"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        in_step(self, {"reason": text_chars()})


class QueueFilterForm(forms.Form):
    """The unanswered queue's filters (GET): a bad value is ignored, never an error page."""

    dieu = forms.ChoiceField(label=_("Provision"), required=False)
    to_chuc = forms.ChoiceField(label=_("Organisation"), required=False)
    loai = forms.ChoiceField(label=_("Commenters"), required=False, choices=[
        ("", _("All")), ("institutional", _("Agencies and organisations")), ("public", _("The public"))])
    dot = forms.ChoiceField(label=_("Consultation round"), required=False)

    def __init__(self, *args: object, articles: list[tuple[str, str]] = (),  # type: ignore[assignment]
                 organisations: list[tuple[str, str]] = (), rounds: list[int] = (),  # type: ignore[assignment]
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dieu"].choices = [("", _("All")), *articles]  # type: ignore[attr-defined]
        self.fields["to_chuc"].choices = [("", _("All")), *organisations]  # type: ignore[attr-defined]
        self.fields["dot"].choices = [("", _("All")), *((str(n), str(n)) for n in rounds)]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        self.is_valid()  # the valid fields are kept: one bad value drops only its own filter
        return str(self.cleaned_data.get(name, ""))
