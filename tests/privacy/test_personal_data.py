"""The data subject's rights and retention (issue 19): export what is held about a person, erase it
(opinions stay, unnamed; an official's trail stays under a pseudonym), expire what passed retention;
only an officer may; every run is audited under a hash of the address, never the address."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, User
from hoinhap.drafting.models import Comment
from hoinhap.privacy.services import personal_data_erase, personal_data_expire, personal_data_export, subject_key

EMAIL = "Lan.Nguyen@example.vn"


@pytest.fixture
def officer(people):
    user = User.objects.create_user("dpo")
    Membership.objects.create(user=user, organisation=people["mofa"], role=Membership.Role.ADMINISTRATOR)
    return user


@pytest.fixture
def citizen_comments(consultation):
    make = dict(round=consultation, version=consultation.version, is_public=True)
    return [Comment.objects.create(**make, text="Đề nghị làm rõ khoản 1.", author_name="Nguyễn Thị Lan",
                                   notify_email="lan.nguyen@example.vn", receipt="GY-1-AAAAAA"),
            Comment.objects.create(**make, text="Ý kiến thứ hai.", author_name="Nguyễn Thị Lan",
                                   notify_email="LAN.NGUYEN@example.vn"),
            Comment.objects.create(**make, text="Ý kiến của người khác.", author_name="Trần Văn Bình",
                                   notify_email="binh@example.vn")]


def test_the_export_finds_comments_and_accounts_by_address_whatever_the_case(officer, people, citizen_comments):
    people["commenter"].email = "lan.nguyen@example.vn"
    people["commenter"].save()
    held = personal_data_export(actor=officer, email=EMAIL)
    assert [c["text"] for c in held["comments"]] == ["Đề nghị làm rõ khoản 1.", "Ý kiến thứ hai."]
    assert held["comments"][0]["receipt"] == "GY-1-AAAAAA"
    assert [a["username"] for a in held["accounts"]] == ["moit"]
    assert held["accounts"][0]["roles"] == [{"organisation": "BCT", "role": "invited"}]
    entry = AuditEntry.objects.get(action="privacy.personal_data.exported")
    assert entry.data["subject"] == subject_key("lan.nguyen@example.vn") and "example.vn" not in json.dumps(entry.data)


def test_erasure_keeps_the_opinions_unnamed_and_the_officials_trail_under_a_pseudonym(officer, people,
                                                                                       citizen_comments):
    people["commenter"].email = "lan.nguyen@example.vn"
    people["commenter"].save()
    counts = personal_data_erase(actor=officer, email=EMAIL)
    assert counts == {"comments": 2, "accounts": 1}
    first, second, other = (Comment.objects.get(pk=c.pk) for c in citizen_comments)
    assert (first.author_name, first.notify_email, first.text) == ("", "", "Đề nghị làm rõ khoản 1.")
    assert second.author_name == "" and other.author_name == "Trần Văn Bình"  # nobody else is touched
    account = User.objects.get(pk=people["commenter"].pk)
    assert account.username == f"an-danh-{account.pk}" and account.email == "" and not account.is_active
    assert not account.has_usable_password()
    assert personal_data_export(actor=officer, email=EMAIL) == {"email": "lan.nguyen@example.vn", "accounts": [],
                                                                  "comments": []}
    assert AuditEntry.objects.filter(action="privacy.personal_data.erased", actor=officer).count() == 1


def test_only_an_officer_reads_or_erases_and_bad_addresses_are_refused(people, officer, citizen_comments):
    for service in (personal_data_export, personal_data_erase):
        with pytest.raises(PermissionDenied):
            service(actor=people["drafter"], email=EMAIL)
        with pytest.raises(ValidationFailed):
            service(actor=officer, email="not-an-address")
    assert Comment.objects.filter(author_name="Nguyễn Thị Lan").count() == 2
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_retention_expires_contacts_then_names_but_never_organisations(officer, people, citizen_comments,
                                                                      settings):
    settings.HOINHAP_RETENTION_CONTACT_DAYS = 30
    settings.HOINHAP_RETENTION_NAME_DAYS = 400
    institutional = Comment.objects.create(round=citizen_comments[0].round, version=citizen_comments[0].version,
                                           text="Ý kiến của Bộ.", organisation=people["moit"],
                                           author_name="Vụ Pháp chế")
    assert personal_data_expire(actor=None, today=date(2025, 10, 15)) == {"contacts": 0, "names": 0}  # 15 days after
    assert personal_data_expire(actor=None, today=date(2025, 11, 15)) == {"contacts": 3, "names": 0}
    assert not Comment.objects.exclude(notify_email="").exists()
    assert personal_data_expire(actor=None, today=date(2026, 11, 15)) == {"contacts": 0, "names": 3}
    assert Comment.objects.get(pk=institutional.pk).author_name == "Vụ Pháp chế"
    assert Comment.objects.filter(text="Ý kiến thứ hai.", author_name="").exists()
    assert AuditEntry.objects.filter(action="privacy.personal_data.expired").count() == 2


def test_the_cli_exports_and_erases_as_json(people, citizen_comments, capsys):
    from hoinhap.cli import main

    assert main(["personal-data", "export", "--email", EMAIL, "--json"]) == 0
    held = json.loads(capsys.readouterr().out)
    assert len(held["comments"]) == 2
    assert main(["personal-data", "erase", "--email", EMAIL, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"comments": 2, "accounts": 0}
    assert main(["personal-data", "expire", "--date", "2031-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"contacts": 1, "names": 1}


def test_the_officer_finds_downloads_and_erases_in_the_browser(client, officer, people, citizen_comments):
    client.force_login(officer)
    page = client.get("/quan-tri/du-lieu-ca-nhan/", {"email": EMAIL}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đề nghị làm rõ khoản 1." in page and "Xóa dữ liệu của người này" in page
    download = client.get("/quan-tri/du-lieu-ca-nhan/", {"email": EMAIL, "format": "json"})
    assert download["Content-Disposition"].startswith("attachment") and download["Cache-Control"] == "no-store"
    assert len(json.loads(download.content)["comments"]) == 2
    done = client.post("/quan-tri/du-lieu-ca-nhan/", {"email": EMAIL, "action": "erase"}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="vi")
    assert "Đã xóa: ẩn danh 2 ý kiến" in done.content.decode()
    assert not Comment.objects.filter(author_name="Nguyễn Thị Lan").exists()
    client.force_login(people["drafter"])
    assert client.get("/quan-tri/du-lieu-ca-nhan/", {"email": EMAIL}).status_code == 403


def test_opening_a_persons_account_page_is_logged(client, officer, people):
    client.force_login(officer)
    client.get("/quan-tri/nguoi-dung/moit/")
    entry = AuditEntry.objects.get(action="privacy.personal_data.viewed")
    assert entry.actor == officer and entry.target_id == str(people["commenter"].pk)
