"""Forms of the drafting committee's pages: a new draft, a version by upload, publication, a dossier
stage (bind, document, close), adoption, and inserting a provision. Lengths follow core.limits."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hoinhap.core.limits import NAME_CHARS, provision_chars, text_chars
from hoinhap.core.models import Membership, Organisation, User
from hoinhap.corpus.models import Work
from hoinhap.drafting import stages
from hoinhap.drafting.models import Stage, Version
from hoinhap.web.drafting_forms import in_step

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DOC_TYPES = ("Nghị quyết", "Luật", "Nghị định", "Quyết định", "Thông tư", "Pháp lệnh")


def drafting_agencies(user: User) -> object:
    """The organisations whose drafting committee (or administration) the user belongs to; all for a
    superuser."""
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=(Membership.Role.DRAFTING_COMMITTEE, Membership.Role.ADMINISTRATOR),
    ).distinct().order_by("name")


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    slug = forms.SlugField(label=_("Short name in the address (letters, digits, hyphens)"), max_length=120)
    doc_type = forms.ChoiceField(label=_("Document type"), choices=[(t, t) for t in DOC_TYPES])
    drafting_agency = forms.ModelChoiceField(label=_("Drafting agency"), queryset=Organisation.objects.none())
    amends = forms.ModelChoiceField(label=_("The law it amends (optional)"), required=False,
                                    queryset=Work.objects.none(), empty_label=_("None"))
    stage_scheme = forms.ChoiceField(label=_("Dossier stages"))

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["drafting_agency"].queryset = drafting_agencies(user)  # type: ignore[attr-defined]
        self.fields["amends"].queryset = Work.objects.order_by("-date", "number")  # type: ignore[attr-defined]
        self.fields["stage_scheme"].choices = [(name, name) for name in stages.configured().schemes]  # type: ignore[attr-defined]
        in_step(self, {"title": text_chars()})


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.txt, .md, .docx, .pdf or Akoma Ntoso .xml)"))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=255)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.HOINHAP_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB."), params={"mb": limit // (1024 * 1024)})
        return upload


class PublishForm(forms.Form):
    renumber = forms.BooleanField(label=_("Renumber articles, clauses and points in order"), required=False)


class BindForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Version of this stage"), queryset=Version.objects.none())

    def __init__(self, *args: object, stage: Stage, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["version"].queryset = stage.draft.versions.filter(  # type: ignore[attr-defined]
            status=Version.Status.PUBLISHED)
        self.fields["version"].label_from_instance = lambda v: _("Version %(n)d") % {"n": v.number}  # type: ignore[attr-defined]


class StageDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"))
    title = forms.CharField(label=_("Title (number and date of the document)"), max_length=255)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: object, kinds: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    number = forms.CharField(label=_("Number (for example 250/2025/QH15)"), max_length=64)
    adopted_on = forms.DateField(label=_("Date adopted (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    issuer = forms.CharField(label=_("Issuing body (for example Quốc hội)"), required=False, max_length=NAME_CHARS)


class InsertForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    base_structure_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        in_step(self, {"heading": text_chars(), "text": provision_chars()})

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (str(data.get("heading") or "").strip() or str(data.get("text") or "").strip()):
            raise forms.ValidationError(_("Write a heading or a text."))
        return data


class StructureForm(forms.Form):
    """Delete, or move up/down: only the revision the page was drawn from."""

    base_structure_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
