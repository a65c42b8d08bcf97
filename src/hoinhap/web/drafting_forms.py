"""Forms of the drafting pages: a comment, a response (to one comment or a group), a provision edit."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from hoinhap.core.limits import NAME_CHARS, provision_chars, text_chars
from hoinhap.core.models import Organisation

MAX_LETTER_BYTES = 20 * 1024 * 1024


def in_step(form: forms.Form, limits: dict[str, int]) -> None:
    """Give the form's text fields the services' limits (core.limits, read from the settings when the
    form is made): the browser's maxlength, and the form's own check."""
    for name, limit in limits.items():
        field = form.fields[name]
        field.max_length = limit  # type: ignore[attr-defined]
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)


class CommentForm(forms.Form):
    """The text fields' lengths are set by ``in_step`` (core.limits), as in the other forms here."""

    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))
    quote = forms.CharField(label=_("Words you comment on (optional, copied from the text)"), required=False)
    proposed_text = forms.CharField(label=_("Proposed wording (optional)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none(),
                                          required=False, empty_label=_("Myself (public comment)"))
    author_name = forms.CharField(label=_("Your name (public comments)"), required=False)
    letter = forms.FileField(label=_("Official letter (PDF, optional)"), required=False)

    def __init__(self, *args: object, organisations: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()  # type: ignore[attr-defined]
        in_step(self, {"text": text_chars(), "quote": text_chars(), "proposed_text": text_chars(),
                       "author_name": NAME_CHARS})

    def clean_letter(self) -> object:
        letter = self.cleaned_data.get("letter")
        if letter is not None and letter.size > MAX_LETTER_BYTES:
            raise forms.ValidationError(_("The letter is larger than 20 MB."))
        return letter


class EditForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        in_step(self, {"heading": text_chars(), "text": provision_chars()})
