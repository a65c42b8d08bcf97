"""What every API module needs from a request: the signed-in user (None for anonymous, as the
services expect), the day a query is about and bounded integer parameters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import Field

from hoinhap.core.errors import NotFound
from hoinhap.core.http import signed_in
from hoinhap.core.models import Organisation

actor = signed_in  # the API's name for it: the request's user acts through the services


def as_of_or_today(as_of: date | None) -> date:
    """``as_of``, or today in Vietnam."""
    return as_of or timezone.localdate()


# Every integer the API reads from a query or a path is bounded, so that a huge value answers 422
# instead of overflowing the database's integer (a 500 on SQLite and PostgreSQL alike).
MAX_INT = 2**31 - 1
Count = Annotated[int, Field(ge=0, le=MAX_INT)]  # an offset, a number of rows
PageNumber = Annotated[int, Field(ge=1, le=MAX_INT)]
Ident = Annotated[int, Field(ge=1, le=MAX_INT)]  # a primary key, a version or round number
Year = Annotated[int, Field(ge=1, le=9999)]


def organisation_or_none(code: str | None) -> Organisation | None:
    """The organisation an API parameter names by its code; none named: None; an unknown code: 404."""
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("no organisation %(code)r") % {"code": code})
    return found
