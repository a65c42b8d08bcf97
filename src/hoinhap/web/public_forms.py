"""The public comment form (choose the provision from a list, no words to paste) and the moderation
form. The lengths come from core.limits, as in the other drafting forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoinhap.web.drafting_forms import CommentForm


class PublicCommentForm(CommentForm):
    """The provision page's comment form, with the provision chosen from a list instead of a letter,
    and an optional address for the notice (given with consent)."""

    field_order = ["eid", "text", "quote", "proposed_text", "organisation", "author_name", "notify_email", "consent"]
    eid = forms.ChoiceField(label=_("Provision you comment on"), required=False)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))
    letter = None  # type: ignore[assignment]  # Django removes an inherited field set to None; letters come through the round's page
    notify_email = forms.EmailField(label=_("E-mail for a notice when it is answered (optional, never published)"),
                                    required=False, max_length=254)
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree to it."), required=False)

    def __init__(self, *args: object, choices: list[tuple[str, str]], organisations: object = None,
                 **kwargs: object) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["eid"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        """A name or an address is personal data: the public gives it with consent to the notice."""
        data = super().clean() or {}
        public = data.get("organisation") is None
        personal = data.get("notify_email") or (public and str(data.get("author_name", "")).strip())
        if personal and not data.get("consent"):
            self.add_error("consent", _("Please agree to the privacy notice: it says how your name and "
                                        "address are used."))
        return data


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the public)"), max_length=2000,
                             widget=forms.TextInput(attrs={"maxlength": "2000"}))
