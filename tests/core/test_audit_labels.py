"""The audit log speaks to people: every action code used in the source has its words, in Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from hoinhap.core.audit_labels import OBJECTS, VERBS, action_label, detail_items

SRC = Path(__file__).resolve().parents[2] / "src" / "hoinhap"
LITERAL = re.compile(r"log_action\([^\n]*?[\"']([a-z_]+\.[a-z_]+\.[a-z_]+)[\"']")
# f-string codes: their variable last part takes these values (report reviews, extension states, imports)
DYNAMIC = {"implementation.report": ["submitted", "accepted", "returned"],
           "implementation.extension": ["requested", "approved", "refused"],
           "corpus.work": ["imported", "reimported"]}


def codes_in_source() -> set[str]:
    codes = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes.update(LITERAL.findall(text))
        codes.update(re.findall(r"log_action\(\s*\w+,\s*\"([a-z_]+\.[a-z_]+\.[a-z_]+)\"", text, re.S))
    for prefix, verbs in DYNAMIC.items():
        codes.update(f"{prefix}.{verb}" for verb in verbs)
    return codes


def test_every_action_code_in_the_source_has_words():
    codes = codes_in_source()
    assert len(codes) > 40  # the scan found the codes
    missing = sorted(code for code in codes if code.split(".")[-1] not in VERBS or code.split(".")[-2] not in OBJECTS)
    assert missing == []


def test_labels_are_vietnamese_and_unknown_codes_stay_visible():
    with translation.override("vi"):
        assert action_label("drafting.round.opened") == "Mở đợt lấy ý kiến"
        assert action_label("core.user.deactivated") == "Vô hiệu hóa tài khoản"
        assert action_label("something.new") == "something.new"
        assert detail_items({"roles": ["reporter", "invited"], "password": False}) == [
            ("vai trò", "reporter, invited"), ("đã đặt mật khẩu", "không")]


def test_the_audit_page_shows_words_not_codes(client, people):
    from hoinhap.core.models import Membership, User
    from hoinhap.core.services import membership_grant

    chief = User.objects.create_user("chief")
    Membership.objects.create(user=chief, organisation=people["mofa"], role=Membership.Role.ADMINISTRATOR)
    membership_grant(actor=chief, user=people["commenter"], organisation=people["moit"], role="reporter")
    client.force_login(chief)
    page = client.get("/nhat-ky/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Giao vai trò" in page
    assert "vai trò: reporter" in page
    assert "{&#x27;role&#x27;" not in page and "{'role'" not in page
