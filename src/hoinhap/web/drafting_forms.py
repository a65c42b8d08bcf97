"""Forms of the drafting pages: a comment, a response (to one comment or a group), a provision edit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoinhap.core.models import Organisation
from hoinhap.drafting.models import Response

MAX_LETTER_BYTES = 20 * 1024 * 1024


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    quote = forms.CharField(label=_("Words you comment on (optional, copied from the text)"), required=False,
                            max_length=2000)
    proposed_text = forms.CharField(label=_("Proposed wording (optional)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}), max_length=20000)
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none(),
                                          required=False, empty_label=_("Myself (public comment)"))
    author_name = forms.CharField(label=_("Your name (public comments)"), required=False, max_length=255)
    letter = forms.FileField(label=_("Official letter (PDF, optional)"), required=False)

    def __init__(self, *args: object, organisations: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()  # type: ignore[attr-defined]

    def clean_letter(self) -> object:
        letter = self.cleaned_data.get("letter")
        if letter is not None and letter.size > MAX_LETTER_BYTES:
            raise forms.ValidationError(_("The letter is larger than 20 MB."))
        return letter


class ResponseForm(forms.Form):
    """The comments answered are the ticked ``pick`` boxes (outside the form, tied to it by ``form=``,
    so no script is needed) or a comma-separated ``comments`` list (for scripts and tests)."""

    comments = forms.CharField(widget=forms.HiddenInput, required=False)
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Response.Disposition.choices)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    change_eid = forms.CharField(label=_("Provision changed in the next version (eId, optional)"), required=False,
                                 max_length=255)

    def comment_ids(self) -> list[int]:
        picked = self.data.getlist("pick") if hasattr(self.data, "getlist") else []
        parts = [*picked, *self.cleaned_data["comments"].split(",")]
        return [int(part) for part in parts if part.strip().isdigit()]


class EditForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), required=False, max_length=2000)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=100000)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
