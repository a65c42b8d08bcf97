"""Real concurrent transactions on PostgreSQL (each thread its own connection, released together by a
barrier): simultaneous edits of one provision, reviews of one report, report submissions, version
imports and document imports never lose an update."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, connections

from hoinhap.core.errors import DomainError

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")]


def together(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at the same moment in threads; each result is a value or the DomainError raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except DomainError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_drafters_save_the_same_provision_at_once(people, draft):
    from hoinhap.drafting import services
    from hoinhap.drafting.models import ProvisionEdit

    provision = draft.versions.get().provisions.get(eid="chp_I__art_1")
    results = together(*[lambda who=who, text=text: services.provision_edit(
        actor=people[who], provision=provision, base_revision=1, text=text)
        for who, text in (("drafter", "Bản A."), ("other_drafter", "Bản B."))])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "VersionProvision"]
    provision.refresh_from_db()
    assert provision.revision == 2 and provision.text in ("Bản A.", "Bản B.")
    assert sorted(ProvisionEdit.objects.values_list("outcome", flat=True)) == ["conflict", "saved"]
    assert set(ProvisionEdit.objects.values_list("text", flat=True)) == {"Bản A.", "Bản B."}  # nothing lost


def test_two_versions_imported_at_once_get_two_numbers(people, draft):
    from hoinhap.drafting import services

    from ..drafting.fixtures import V2

    together(*[lambda: services.version_import(actor=people["drafter"], draft=draft, data=V2.encode(), filename="v.txt")
               for _ in range(3)])
    assert sorted(draft.versions.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_reports_filed_at_once_are_all_kept_and_a_report_is_reviewed_once(org, programme):
    from hoinhap.implementation import report_services
    from hoinhap.implementation.models import TaskReport

    task = programme.tasks.get(number="1")
    together(*[lambda i=i: report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                                         text=f"Báo cáo {i}", today=date(2025, 5, 1)) for i in range(4)])
    assert TaskReport.objects.filter(task=task).count() == 4
    report = TaskReport.objects.filter(task=task).first()
    results = together(*[lambda accept=accept: report_services.report_review(
        actor=org["secretariat"], report=report, accept=accept, reason="Chưa đạt.", today=date(2025, 5, 2))
        for accept in (True, False)])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "TaskReport"]
    report.refresh_from_db()
    assert report.review in ("accepted", "returned")


def test_the_same_document_imported_twice_at_once_is_stored_once(db):
    from hoinhap.corpus import services
    from hoinhap.corpus.models import Work

    from ..corpus.test_services import LAW

    results = together(*[lambda: services.work_import(actor=None, data=LAW, filename="luat.txt") for _ in range(2)])
    assert Work.objects.count() == 1
    outcomes = sorted(getattr(r, "outcome", type(r).__name__) for r in results)
    assert outcomes in (["created", "unchanged"], ["Conflict", "created"]), outcomes
