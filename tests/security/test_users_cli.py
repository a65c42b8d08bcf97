"""Issue 14, item 3: accounts, roles and API tokens from the shell (`hoinhap users …`, `hoinhap tokens …`),
audited as the hoinhap-system actor; errors are one line and an exit code; nobody is ever deleted."""

from __future__ import annotations

import io
import json

import pytest

from hoinhap.cli import main
from hoinhap.core.models import ApiToken, AuditEntry, Membership, Organisation, User

pytestmark = pytest.mark.django_db(transaction=True)  # the commands migrate first, as in production


@pytest.fixture
def vcci():
    return Organisation.objects.create(code="VCCI", name="Liên đoàn Thương mại và Công nghiệp Việt Nam")


def _add(*extra: str) -> int:
    return main(["users", "add", "lan", "--name", "Nguyễn Thị Lan", "--email", "lan@vcci.example", "--org", "VCCI",
                 *extra])


def test_users_add_gives_roles_without_a_python_shell(vcci, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("một mật khẩu đủ dài 2026\n"))
    assert _add("--role", "invited", "--role", "intake", "--password-stdin", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"username": "lan", "organisation": "VCCI",
                                                   "roles": ["invited", "intake"], "password": True}
    lan = User.objects.get(username="lan")
    assert lan.get_full_name() == "Nguyễn Thị Lan" and lan.email == "lan@vcci.example"
    assert lan.check_password("một mật khẩu đủ dài 2026")
    assert sorted(lan.memberships.values_list("role", flat=True)) == ["intake", "invited"]
    created = AuditEntry.objects.get(action="core.user.created")
    assert created.actor.username == "hoinhap-system" and created.data["roles"] == ["invited", "intake"]
    assert "mật khẩu" not in json.dumps(list(AuditEntry.objects.values_list("data", flat=True)))
    assert AuditEntry.objects.filter(action="core.membership.granted").count() == 2


def test_without_a_password_the_account_cannot_sign_in_with_one(vcci):
    assert _add("--role", "reporter") == 0
    assert not User.objects.get(username="lan").has_usable_password()


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--org", "KHONG-CO", "--role", "invited"], 3, "KHONG-CO"),
    (["--role", "emperor"], 1, "emperor"),
    (["--role", "invited", "--email", "not-an-address"], 1, "email"),
])
def test_users_add_refuses_bad_input_in_one_line(vcci, capsys, args, code, words):
    base = {"--name": "Lan", "--email": "lan@vcci.example", "--org": "VCCI"}
    pairs = dict(zip(args[::2], args[1::2], strict=True))
    argv = ["users", "add", "lan"] + [item for key, value in {**base, **pairs}.items() for item in (key, value)]
    if "--role" not in pairs:
        argv += ["--role", "invited"]
    assert main(argv) == code
    err = capsys.readouterr().err.strip()
    assert err.startswith("hoinhap: lỗi:") and "\n" not in err and words.lower() in err.lower()
    assert not User.objects.filter(username="lan").exists() and not AuditEntry.objects.exists()


def test_users_add_refuses_an_existing_user_and_an_empty_password(vcci, monkeypatch, capsys):
    assert _add("--role", "invited") == 0
    assert _add("--role", "reporter") == 5
    assert "lan" in capsys.readouterr().err
    assert list(Membership.objects.values_list("role", flat=True)) == ["invited"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["users", "add", "minh", "--name", "Minh", "--email", "m@x.vn", "--org", "VCCI", "--role", "invited",
                 "--password-stdin"]) == 1
    assert not User.objects.filter(username="minh").exists()


def test_users_list(vcci, capsys):
    assert _add("--role", "invited") == 0
    capsys.readouterr()
    assert main(["users", "list", "--json"]) == 0
    rows = {row["username"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["lan"]["roles"] == [{"organisation": "VCCI", "role": "invited"}] and rows["lan"]["active"]
    assert main(["users", "list"]) == 0
    assert "invited@VCCI" in capsys.readouterr().out


def test_users_deactivate_keeps_the_account_and_revokes_its_tokens(vcci, capsys):
    assert _add("--role", "invited") == 0
    capsys.readouterr()
    assert main(["tokens", "create", "lan"]) == 0
    plaintext = capsys.readouterr().out.strip()
    assert main(["users", "deactivate", "lan"]) == 0
    lan = User.objects.get(username="lan")  # never deleted: the audit log keeps naming who did what
    assert not lan.is_active and ApiToken.objects.get().revoked_at is not None
    entry = AuditEntry.objects.get(action="core.user.deactivated")
    assert entry.actor.username == "hoinhap-system" and entry.data["tokens_revoked"] == [plaintext[:11]]
    from django.test import Client

    assert Client().get("/api/v1/drafts", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401
    assert main(["users", "deactivate", "lan"]) == 5
    assert main(["users", "deactivate", "nobody"]) == 3
    assert "nobody" in capsys.readouterr().err


def test_tokens_create_list_revoke(vcci, capsys):
    assert _add("--role", "invited") == 0
    capsys.readouterr()
    assert main(["tokens", "create", "lan", "--name", "máy chủ", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["token"].startswith("hn_") and made["prefix"] == made["token"][:11] and made["name"] == "máy chủ"
    assert main(["tokens", "create", "lan"]) == 0
    out = capsys.readouterr()
    second = out.out.strip()
    assert second.startswith("hn_") and "không được hiển thị lại" in out.err
    assert main(["tokens", "list", "lan", "--json"]) == 0
    listed = capsys.readouterr().out
    assert made["token"] not in listed and second not in listed  # the token itself is never listed
    assert {row["prefix"] for row in json.loads(listed)} == {made["prefix"], second[:11]}
    assert main(["tokens", "revoke", made["prefix"]]) == 0
    assert capsys.readouterr().out == f"đã thu hồi khóa API {made['id']} ({made['prefix']}…) của lan\n"
    assert main(["tokens", "revoke", str(made["id"])]) == 5  # already revoked
    assert main(["tokens", "revoke", "hn_nothing"]) == 3
    assert ApiToken.objects.get(pk=made["id"]).revoked_at is not None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
    capsys.readouterr()
    assert main(["tokens", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("đã thu hồi ") == 1 and listed.count("đang hoạt động") == 1  # one of each, in words
    assert main(["tokens", "create", "nobody"]) == 3
    actions = list(AuditEntry.objects.filter(action__startswith="core.token").values_list("action", "actor__username"))
    assert sorted(actions) == [("core.token.created", "hoinhap-system")] * 2 + [("core.token.revoked", "hoinhap-system")]


def test_the_cli_knows_every_role():
    from hoinhap.core.cli import ROLES

    assert set(ROLES) == set(Membership.Role.values) and "intake" in ROLES


def test_users_grant_adds_roles_to_an_existing_account(vcci, capsys):
    Organisation.objects.create(code="BNG", name="Bộ Ngoại giao")
    User.objects.create_user("oidc-user")  # as OpenID Connect creates it at the first sign-in, with no role
    assert main(["users", "grant", "oidc-user", "--org", "BNG", "--role", "drafting_committee"]) == 0
    assert list(Membership.objects.values_list("organisation__code", "role")) == [("BNG", "drafting_committee")]
    entry = AuditEntry.objects.get(action="core.membership.granted")
    assert entry.actor.username == "hoinhap-system" and entry.data == {"role": "drafting_committee"}
    assert main(["users", "grant", "oidc-user", "--org", "BNG", "--role", "king"]) == 1
    assert main(["users", "grant", "nobody", "--org", "BNG", "--role", "reporter"]) == 3
    assert Membership.objects.count() == 1
