"""Template tags for the signature includes, so a page shows them with one ``{% include %}`` and no
change to its view: whether report signing is configured, and a letter's checked signatures."""

from __future__ import annotations

from django import template

from hoinhap.drafting import signing
from hoinhap.drafting.letter_signatures import LetterSignatures, letter_signatures
from hoinhap.drafting.models import Comment

register = template.Library()


@register.simple_tag
def signing_configured() -> bool:
    return signing.is_configured()


@register.simple_tag
def letter_signature_checks(comment: Comment) -> LetterSignatures | None:
    return letter_signatures(comment)
