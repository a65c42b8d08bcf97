"""docs/privacy.md is the register of processing; this test keeps it true. It walks every model of the
installed apps, finds the fields that hold personal data (a person's name, e-mail, address, session, a
link to an account...), and fails on any that the register does not declare, or on a declared field
that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

REGISTER = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
LOOKS_PERSONAL = re.compile(r"(^|_)(name|username|email|e_mail|phone|address|ip_address|author|actor|person|signer|"
                            r"recipient|contact|user_agent|session_data|args_kwargs|drafter|chaired_by)($|_)"
                            r"|_by$|^user$", re.I)
# Fields whose names look personal but are not, with the reason.
NOT_PERSONAL = {
    "core.Organisation.name": "an organisation", "core.Organisation.name_en": "an organisation",
    "indicators.Partner.name": "a country", "indicators.Partner.name_en": "a country",
    "indicators.Indicator.name": "an indicator", "indicators.Indicator.name_en": "an indicator",
    "auth.Permission.name": "a permission", "auth.Group.name": "a group of permissions",
    "corpus.Expression.source_name": "the file a text came from",
    "jobs.Job.filename": "a report's file name",
    "django_tasks_database.DBTaskResult.queue_name": "a queue",
    "django_tasks_database.DBTaskResult.backend_name": "a backend",
    "steering.HostedEvent.name": "an event the country hosts",
    "implementation.Task.detailed_by": "the document that details a provision",
}


def personal_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False):
                continue
            label = f"{model._meta.label}.{field.name}"
            to_account = field.is_relation and field.related_model is not None and (
                field.related_model._meta.label == settings.AUTH_USER_MODEL)
            if (to_account or LOOKS_PERSONAL.search(field.name)) and label not in NOT_PERSONAL:
                found.add(label)
    return found


def declared() -> set[str]:
    return set(re.findall(r"^\| `([A-Za-z_]+\.[A-Za-z]+\.[a-z_]+)` \|", REGISTER.read_text(encoding="utf-8"), re.M))


def test_every_personal_field_is_in_the_register():
    undeclared = sorted(personal_fields() - declared())
    assert undeclared == [], f"declare these in docs/privacy.md: {undeclared}"


def test_the_register_names_only_fields_that_exist():
    existing = {f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
                if getattr(f, "concrete", False)}
    assert sorted(declared() - existing) == []
    assert len(declared()) > 30
