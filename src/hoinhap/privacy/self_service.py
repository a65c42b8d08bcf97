"""The data subject's rights without an account or an officer (issue 19, item 3): the private follow
link of a comment proves who sent it, so through it the person sees what hoinhap holds about them
(name, e-mail address, consent, the comment), downloads it, corrects the name or the address, and has
the name and the address erased.

What the link proves is this comment, not the e-mail address (a link can be forwarded; the address is
never verified), so these rights act on this comment only. The officer's ``hoinhap personal-data erase
--email`` reaches every comment and account under an address; erasing here has the same effect on this
comment (``services._anonymise_comment``: the opinion and its answer stay, unnamed, in the reports; a
frozen report keeps its hash and shows the row as "Người dân"). Each act is in the audit log, naming the
comment by its id, never the person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths
from hoinhap.core.services import log_action
from hoinhap.drafting.models import Comment
from hoinhap.drafting.public_services import follow_get
from hoinhap.privacy.services import _anonymise_comment, _comment_row


def _audit(action: str, comment: Comment, **data: Any) -> None:  # noqa: ANN401
    # no actor (the person has no account) and no target text: the comment's id says which record
    log_action(None, f"privacy.personal_data.{action}", None, {"comment": comment.pk, **data})


def held(comment: Comment) -> dict[str, Any]:
    """What hoinhap holds about the person who sent ``comment``: the officer's export's row for it."""
    return _comment_row(comment)


@transaction.atomic
def self_export(*, token: str) -> dict[str, Any]:
    """The held data as a download (the right of access); the read is in the audit log."""
    comment = follow_get(token)
    _audit("self_exported", comment)
    return held(comment)


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError as error:
            raise ValidationFailed(gettext("Enter a valid e-mail address, or leave it empty.")) from error
    return email


@transaction.atomic
def self_correct(*, token: str, name: str, email: str) -> list[str]:
    """Correct the name shown with the comment and the notice address (empty: remove them). Returns
    the fields changed (none: nothing written, nothing audited). An organisation's comment is shown
    under the organisation's name, which the person cannot change here."""
    comment = Comment.objects.select_for_update().get(pk=follow_get(token).pk)
    name, email = " ".join((name or "").split()), _clean_email(email)
    check_lengths(NAME_CHARS, name=name, email=email)
    wanted = {"author_name": name, "notify_email": email}
    changed = sorted(field for field, value in wanted.items() if getattr(comment, field) != value)
    if not changed:
        return []
    for field in changed:
        setattr(comment, field, wanted[field])
    comment.save(update_fields=changed)
    _audit("corrected", comment, fields=changed)  # which fields, never their values
    return changed


@transaction.atomic
def self_erase(*, token: str) -> Comment:
    """Erase the person's name, address and account link from this comment; the opinion stays, unnamed."""
    comment = Comment.objects.select_for_update().get(pk=follow_get(token).pk)
    _anonymise_comment(comment)
    _audit("self_erased", comment)
    return comment
