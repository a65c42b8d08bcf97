"""Events Vietnam hosts (issue 18 item 6): dated as precisely as known, with a programme for their
preparatory tasks, listed until they are held; the two of the meeting of 26 August 2025."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.implementation import services as implementation
from hoinhap.steering import selectors, services
from hoinhap.steering.loading import load_real_meetings
from hoinhap.steering.models import HostedEvent


def test_the_real_meetings_events_are_listed_until_held(client, db):
    load_real_meetings()
    events = {e.date_text: e for e in HostedEvent.objects.select_related("directive")}
    assert set(events) == {"tháng 10/2025", "năm 2027"}
    assert events["tháng 10/2025"].place == "Hà Nội" and events["tháng 10/2025"].directive.position == 7
    assert events["năm 2027"].directive.position == 8 and not events["năm 2027"].is_illustrative
    assert [e["date_text"] for e in selectors.upcoming_events(date(2025, 9, 1))] == ["tháng 10/2025", "năm 2027"]
    assert [e["date_text"] for e in selectors.upcoming_events(date(2025, 11, 1))] == ["năm 2027"]
    assert selectors.upcoming_events(date(2028, 1, 1)) == []
    listed = client.get("/api/v1/steering/events?as_of=2025-09-01")  # public, as the events are announced
    assert listed.status_code == 200 and listed.json()[1]["name"].startswith("Năm APEC 2027")


def test_preparatory_tasks_are_counted_and_only_the_secretariat_creates(org):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=org["btc"], slug="e", name="Hội nghị", date_text="năm 2026",
                              starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    with pytest.raises(ValidationFailed):
        services.event_create(actor=org["secretariat"], slug="e", name="Hội nghị", date_text="năm 2026",
                              starts_on=date(2026, 12, 31), ends_on=date(2026, 1, 1))
    event = services.event_create(actor=org["secretariat"], slug="e", name="Hội nghị", date_text="tháng 6/2026",
                                  starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 30), place="Đà Nẵng",
                                  illustrative=True)
    programme = event.programme
    programme.effective_from = date(2026, 1, 1)
    programme.save()
    implementation.task_create(actor=org["secretariat"], programme=programme, title="Chuẩn bị hậu cần",
                               lead=org["BNG"], deadline_text="31/5/2026")
    (row,) = selectors.upcoming_events(date(2026, 6, 2))
    assert row["tasks"]["overdue"] == 1 and row["place"] == "Đà Nẵng" and row["illustrative"]
