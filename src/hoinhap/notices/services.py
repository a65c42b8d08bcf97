"""Writing notices: ``notify`` is called by the domain services inside the transaction of the step it
announces (a rolled-back step leaves no notice and sends no mail); reading them marks them read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from hoinhap.core.models import User
from hoinhap.jobs.mail import mail_enqueue
from hoinhap.notices.kinds import words
from hoinhap.notices.models import Notice


def notify(*, recipients: Iterable[User], kind: str, params: dict[str, Any], url: str = "",
           about: models.Model | None = None, mail: bool = True) -> list[Notice]:
    """One notice for each active recipient (once each), and, with ``mail``, an e-mail in each
    recipient's language to those with an address, queued with ``about`` as its record."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    params = {key: str(value) for key, value in params.items()}
    notices = Notice.objects.bulk_create([Notice(recipient=user, kind=kind, params=params, url=url)
                                          for user in people.values()])
    if mail and about is not None:
        _mail(people.values(), kind, params, url, about)
    return notices


def _mail(people: Iterable[User], kind: str, params: dict[str, Any], url: str, about: models.Model) -> None:
    by_language: dict[str, list[str]] = defaultdict(list)
    for user in people:
        if user.email:
            by_language[user.preferred_language or "vi"].append(user.email)
    for language, addresses in by_language.items():
        with translation.override(language):
            sentence = words(kind, params)
            body = sentence + ("\n\n" + gettext("See it on hoinhap: %(url)s") % {"url": url} if url else "") + "\n"
            mail_enqueue(subject=f"[hoinhap] {sentence[:120]}", body=body, recipients=addresses, about=about)


@transaction.atomic
def notices_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notices read (``ids``: only those; none: all). Only one's own notices. Not
    audited: like opening a page, it changes nothing anyone else relies on."""
    unread = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
