"""Partnerships as dated events: date notation, counts at boundary dates, loading, CLI and API."""

import json
from datetime import date

import pytest
from django.utils import translation

from hoinhap.cli import main
from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.indicators.models import PartnershipEvent, Precision
from hoinhap.indicators.selectors import partner_counts, partner_standings
from hoinhap.indicators.services import parse_when, partnership_record, partnerships_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    partnerships_load(actor=None)


def level_of(code, as_of):
    return next((s.level for s in partner_standings(as_of) if s.event.partner.code == code), None)


@pytest.mark.parametrize("text,expected", [
    ("2024-10-07", (date(2024, 10, 7), Precision.DAY)), ("2008-05", (date(2008, 5, 1), Precision.MONTH)),
    ("2016", (date(2016, 1, 1), Precision.YEAR)), ("<=2025-08-22", (date(2025, 8, 22), Precision.BY)),
])
def test_dates_as_precise_as_the_sources(text, expected):
    assert parse_when(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "05/2008", "<=2025", "", "năm 2016"])
def test_bad_dates_are_refused_clearly(text):
    with translation.override("en"), pytest.raises(ValidationFailed, match="not a date|whole date"):
        parse_when(text)


def test_counts_at_22_august_2025(loaded):
    # domain.md §7 names 13 comprehensive strategic, 10 strategic and 14 comprehensive partners at
    # that date; the reported total is 38 with 15 comprehensive, one of which §7 does not name.
    assert partner_counts(date(2025, 8, 22)) == {"comprehensive_strategic": 13, "strategic": 10,
                                                 "comprehensive": 14, "total": 37}


def test_after_october_2025_the_uk_moves_up_and_finland_and_bulgaria_join(loaded):
    counts = partner_counts(date(2025, 10, 31))
    assert counts["comprehensive_strategic"] == 14 and counts["strategic"] == 11  # as §7 says


def test_an_event_counts_from_the_day_it_certainly_existed(loaded):
    # A day: Switzerland, 21 Jan 2025.
    assert level_of("CH", date(2025, 1, 20)) is None
    assert level_of("CH", date(2025, 1, 21)) == "comprehensive"
    # A month: Thailand, 5/2025, certain from 31 May.
    assert level_of("TH", date(2025, 5, 30)) is None
    assert level_of("TH", date(2025, 5, 31)) == "comprehensive_strategic"
    # A later, higher event replaces the earlier one: Brazil, comprehensive 2007 then strategic 11/2024.
    assert level_of("BR", date(2024, 11, 29)) == "comprehensive"
    assert level_of("BR", date(2024, 11, 30)) == "strategic"
    # The day before and the day of the UK's upgrade (29 Oct 2025, flagged uncertain).
    assert level_of("GB", date(2025, 10, 28)) == "strategic"
    assert level_of("GB", date(2025, 10, 29)) == "comprehensive_strategic"
    assert PartnershipEvent.objects.get(partner__code="GB", level="comprehensive_strategic").uncertain


def test_loading_twice_changes_nothing_and_is_audited(loaded):
    events = PartnershipEvent.objects.count()
    partnerships_load(actor=None)
    assert PartnershipEvent.objects.count() == events == 41
    assert AuditEntry.objects.filter(action="indicators.partnership.recorded").count() == 41
    assert AuditEntry.objects.filter(action="indicators.partnership.updated").count() == 41


def test_a_bad_row_refuses_the_whole_file(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("code\tname\tname_en\tlevel\twhen\tuncertain\tsource\tnote\n"
                    "CH\tThụy Sĩ\tSwitzerland\tcomprehensive\t2025-01-21\t\t\t\n"
                    "XX\tX\tX\tfriendly\t2025\t\t\t\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(ValidationFailed, match="row 3.*unknown level"):
        partnerships_load(actor=None, path=path)
    assert not PartnershipEvent.objects.exists()


def test_recording_checks_the_level():
    with pytest.raises(ValidationFailed):
        partnership_record(actor=None, code="XX", name="X", name_en="X", level="special", when="2025")


def test_cli_count_json_and_text(loaded, capsys):
    assert main(["partners", "count", "--as-of", "2025-08-22", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"comprehensive_strategic": 13, "strategic": 10,
                                                   "comprehensive": 14, "total": 37}
    assert main(["partners", "count", "--as-of", "2008-06-01"]) == 0
    assert "Đối tác chiến lược toàn diện     1" in capsys.readouterr().out  # China alone
    assert main(["partners", "list", "--as-of", "2025-08-22", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 37 and rows[0]["level"] == "comprehensive_strategic" and rows[0]["code"] == "CN"  # first, 2008
    assert {r["code"]: r["when"] for r in rows}["CN"] == "2008-05"


def test_cli_refuses_a_bad_date(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["partners", "count", "--as-of", "22/08/2025"])
    assert stop.value.code == 2 and "không phải ngày (YYYY-MM-DD): '22/08/2025'" in capsys.readouterr().err


def test_api_counts_and_list(client, loaded):
    assert client.get("/api/v1/partners/count?as_of=2025-08-22").json()["total"] == 37
    listed = client.get("/api/v1/partners?as_of=2025-08-22").json()
    assert {r["code"] for r in listed if r["uncertain"]} == {"HU", "NL", "AE", "MN"}
    assert client.get("/api/v1/partners/count?as_of=not-a-date").status_code in (400, 422)
