"""Versions: import, publish (immutable), copy for editing, per-provision edits with conflicts."""

from __future__ import annotations

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, UnreadableInput
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import services
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import ProvisionEdit, Version

from .fixtures import V2


def test_import_numbers_versions_and_stores_every_provision(people, draft):
    v1 = draft.versions.get()
    assert v1.number == 1 and v1.status == "draft"
    assert [a.num for a in version_document(v1).articles()] == ["1", "2", "3", "4"]
    assert v1.provisions.filter(kind="article").count() == 4
    v2 = services.version_import(actor=people["drafter"], draft=draft, data=V2.encode(), filename="v2.txt")
    assert v2.number == 2
    assert AuditEntry.objects.filter(action="drafting.version.created").count() == 2


def test_unreadable_import_leaves_nothing(people, draft):
    with pytest.raises(UnreadableInput):
        services.version_import(actor=people["drafter"], draft=draft, data=b"PK\x03\x04broken", filename="v.docx")
    assert draft.versions.count() == 1


def test_only_the_drafting_committee_imports_or_edits(people, draft):
    with pytest.raises(PermissionDenied):
        services.version_import(actor=people["commenter"], draft=draft, data=V2.encode(), filename="v2.txt")
    provision = draft.versions.get().provisions.get(eid="chp_I__art_1")
    with pytest.raises(PermissionDenied):
        services.provision_edit(actor=people["outsider"], provision=provision, base_revision=1, text="x")
    with pytest.raises(PermissionDenied):
        services.provision_edit(actor=None, provision=provision, base_revision=1, text="x")


def test_two_drafters_on_different_provisions_both_succeed(people, draft):
    version = draft.versions.get()
    first = version.provisions.get(eid="chp_I__art_1")
    second = version.provisions.get(eid="chp_II__art_4")
    services.provision_edit(actor=people["drafter"], provision=first, base_revision=1, text="Phạm vi mới.")
    services.provision_edit(actor=people["other_drafter"], provision=second, base_revision=1, text="Quỹ mới.")
    document = version_document(version)
    assert document.find("chp_I__art_1").text == "Phạm vi mới."
    assert document.find("chp_II__art_4").text == "Quỹ mới."


def test_two_drafters_on_the_same_provision_get_a_conflict_and_nothing_is_lost(people, draft):
    provision = draft.versions.get().provisions.get(eid="chp_I__art_1")
    services.provision_edit(actor=people["drafter"], provision=provision, base_revision=1, text="Bản của A.")
    with pytest.raises(Conflict) as raised:
        services.provision_edit(actor=people["other_drafter"], provision=provision, base_revision=1, text="Bản của B.")
    assert raised.value.details["theirs"] == "Bản của A." and raised.value.details["yours"] == "Bản của B."
    assert raised.value.details["revision"] == 2
    assert version_document(provision.version).find("chp_I__art_1").text == "Bản của A."
    kept = ProvisionEdit.objects.get(outcome="conflict")
    assert kept.text == "Bản của B." and kept.actor == people["other_drafter"]
    assert AuditEntry.objects.filter(action="drafting.provision.conflict").exists()
    services.provision_edit(actor=people["other_drafter"], provision=provision, base_revision=2, text="Bản hợp nhất.")
    assert version_document(provision.version).find("chp_I__art_1").text == "Bản hợp nhất."


def test_published_versions_are_immutable_and_copies_are_editable(people, draft):
    version = services.version_publish(actor=people["drafter"], version=draft.versions.get())
    provision = version.provisions.get(eid="chp_I__art_1")
    with pytest.raises(Conflict):
        services.provision_edit(actor=people["drafter"], provision=provision, base_revision=1, text="x")
    with pytest.raises(Conflict):
        services.version_publish(actor=people["drafter"], version=version)
    copy = services.version_copy(actor=people["drafter"], draft=draft)
    assert copy.number == 2 and copy.status == Version.Status.DRAFT
    assert version_document(copy).to_dict() == version_document(version).to_dict()


def test_publishing_bakes_the_edits_into_the_tree(people, draft):
    version = draft.versions.get()
    provision = version.provisions.get(eid="chp_I__art_1")
    services.provision_edit(actor=people["drafter"], provision=provision, base_revision=1, text="Đã sửa.")
    version = services.version_publish(actor=people["drafter"], version=version)
    assert version.tree["body"] and "Đã sửa." in str(version.tree)
