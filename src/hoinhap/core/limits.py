"""Length limits of the texts people send, one set for every channel (pages, API, CLI).

The services call :func:`check_lengths` before they write anything, so a text over its limit is
refused whole (``TooLong``: 422, code ``too_long``) whichever way it came; the web forms take their
``max_length`` from the same functions so the browser stops the user first. The limits are settings:

- ``HOINHAP_MAX_TEXT_CHARS`` (20,000): a comment, a proposed wording, a quote, a response's
  explanation, a task report, a reason. 20,000 characters is about eight printed pages, the cap the
  comment form has had since the consultation pages were built.
- ``HOINHAP_MAX_PROVISION_CHARS`` (100,000): a provision's text in the editor. One node can be long:
  in the shared corpus (6,050 nodes of ../shared/data) the longest is an annex's task table of 44,144
  characters (the next is 12,275); the limit leaves room for twice the longest.
- :data:`NAME_CHARS` (255) and :data:`NUMBER_CHARS` (64) are the widths of the database columns
  (names, document numbers): not settings, since a larger value could not be stored.

Lengths are counted in characters (code points) after trimming the surrounding white space, as the
services store them and as Django's form fields count them."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from hoinhap.core.errors import TooLong

DEFAULT_TEXT_CHARS = 20_000
DEFAULT_PROVISION_CHARS = 100_000
NAME_CHARS = 255  # CharField(max_length=255): author names, eIds
NUMBER_CHARS = 64  # CharField(max_length=64): an output's document number


def text_chars() -> int:
    """The limit of a free text (comment, explanation, report, reason)."""
    return int(getattr(settings, "HOINHAP_MAX_TEXT_CHARS", DEFAULT_TEXT_CHARS))


def provision_chars() -> int:
    """The limit of one provision's text in the editor."""
    return int(getattr(settings, "HOINHAP_MAX_PROVISION_CHARS", DEFAULT_PROVISION_CHARS))


def check_lengths(limit: int, **fields: str | None) -> None:
    """Raise ``TooLong`` for the first field longer than ``limit`` characters (trimmed).
    Call it with the fields as the channel named them: ``check_lengths(text_chars(), text=text)``."""
    for field, value in fields.items():
        length = len(value.strip()) if value else 0
        if length > limit:
            raise TooLong(gettext("“%(field)s” is too long: %(length)s characters, at most %(limit)s.")
                          % {"field": field, "length": length, "limit": limit},
                          field=field, length=length, limit=limit)
