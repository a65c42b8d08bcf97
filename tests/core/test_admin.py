"""Django admin for everything, with edits written to the audit log."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hoinhap.core.models import AuditEntry, Organisation, User
from hoinhap.corpus.models import Provision
from hoinhap.demo.load import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
    client.force_login(user)
    return client


def test_every_registered_model_has_working_list_and_detail_pages(staff):
    load_demo()
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert staff.get(changelist).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert staff.get(change).status_code == 200, change


def test_admin_edit_writes_the_audit_log(staff):
    organisation = Organisation.objects.create(code="BNG", name="Bộ Ngoại giao", kind="ministry")
    url = reverse("admin:core_organisation_change", args=[organisation.pk])
    response = staff.post(url, {"code": "BNG", "name": "Bộ Ngoại giao", "name_en": "Ministry of Foreign Affairs",
                                "kind": "ministry"})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.core.organisation.changed")
    assert entry.actor.username == "admin"
    assert entry.target_id == str(organisation.pk)
    assert entry.data == {"fields": ["name_en"]}


def test_audit_log_and_provisions_are_read_only_in_admin(staff):
    load_demo()
    provision = Provision.objects.first()
    assert staff.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert staff.get(reverse("admin:corpus_provision_add")).status_code == 403
    page = staff.get(reverse("admin:corpus_provision_change", args=[provision.pk])).content.decode()
    assert 'name="_save"' not in page


def test_non_staff_cannot_reach_admin(client):
    client.force_login(User.objects.create_user("reporter", password="a-long-password-1"))
    assert client.get(reverse("admin:core_organisation_changelist")).status_code == 302
