"""Accounts in the browser for administrators (issue 17 item 6): list, add, give and take back roles,
deactivate and reactivate; nobody else gets in; every write is audited."""

from __future__ import annotations

import pytest

from hoinhap.core.models import AuditEntry, Membership, User


@pytest.fixture
def admin(people):
    user = User.objects.create_user("chief", password="x-Long-enough-9")
    Membership.objects.create(user=user, organisation=people["mofa"], role=Membership.Role.ADMINISTRATOR)
    return user


def test_an_administrator_adds_a_person_with_roles(client, admin, people):
    client.force_login(admin)
    response = client.post("/quan-tri/nguoi-dung/", {
        "username": "lan.nguyen", "name": "Nguyễn Thị Lan", "email": "lan@bct.example", "organisation": "BCT",
        "roles": ["reporter", "invited"], "password": ""}, follow=True)
    assert response.status_code == 200
    lan = User.objects.get(username="lan.nguyen")
    assert sorted(lan.memberships.values_list("role", flat=True)) == ["invited", "reporter"]
    assert not lan.has_usable_password()
    assert "lan.nguyen" in response.content.decode()
    assert AuditEntry.objects.filter(action="core.user.created", actor=admin).exists()


def test_a_duplicate_name_is_refused_on_the_form_and_nothing_changes(client, admin, people):
    client.force_login(admin)
    before = User.objects.count()
    response = client.post("/quan-tri/nguoi-dung/", {
        "username": "DRAFTER", "name": "X", "organisation": "BNG", "roles": ["reviewer"]})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert User.objects.count() == before


def test_roles_are_given_and_taken_back_and_the_account_deactivated_then_reactivated(client, admin, people):
    client.force_login(admin)
    url = "/quan-tri/nguoi-dung/moit/"
    client.post(url, {"action": "grant", "organisation": "BCT", "roles": ["reporter"]})
    membership = Membership.objects.get(user=people["commenter"], role="reporter")
    client.post(url, {"action": "revoke", "membership": str(membership.pk)})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.post(url, {"action": "deactivate"})
    people["commenter"].refresh_from_db()
    assert not people["commenter"].is_active
    client.post(url, {"action": "reactivate"})
    people["commenter"].refresh_from_db()
    assert people["commenter"].is_active
    actions = set(AuditEntry.objects.filter(actor=admin).values_list("action", flat=True))
    assert {"core.membership.granted", "core.membership.revoked", "core.user.deactivated",
            "core.user.reactivated"} <= actions


@pytest.mark.parametrize("bad", ["abc", "", "999999", "1 OR 1=1"])
def test_a_bad_membership_reference_is_a_clear_404_not_a_crash(client, admin, people, bad):
    client.force_login(admin)
    assert client.post("/quan-tri/nguoi-dung/moit/", {"action": "revoke", "membership": bad}).status_code == 404


def test_nobody_but_an_administrator_sees_or_changes_accounts(client, people):
    assert client.get("/quan-tri/nguoi-dung/").status_code == 302  # to the log-in page
    client.force_login(people["drafter"])
    assert client.get("/quan-tri/nguoi-dung/").status_code == 403
    assert client.post("/quan-tri/nguoi-dung/moit/", {"action": "deactivate"}).status_code == 403
    people["commenter"].refresh_from_db()
    assert people["commenter"].is_active


def test_the_services_refuse_a_non_administrator(people):
    from hoinhap.core.errors import PermissionDenied
    from hoinhap.core.services import user_add

    with pytest.raises(PermissionDenied):
        user_add(actor=people["drafter"], username="x", name="X", email="", organisation_code="BNG",
                 roles=["reviewer"])
    assert not User.objects.filter(username="x").exists()


def test_the_footer_offers_accounts_only_to_administrators(client, admin, people):
    client.force_login(people["drafter"])
    assert "/quan-tri/nguoi-dung/" not in client.get("/tai-khoan/").content.decode()
    client.force_login(admin)
    assert "/quan-tri/nguoi-dung/" in client.get("/tai-khoan/").content.decode()
