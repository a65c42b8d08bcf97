"""The consultation cycle from the shell: each command with --json prints one JSON object on stdout;
the operator acts as hoinhap-system, or as a named account whose permissions then apply."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hoinhap.cli import main
from hoinhap.core.models import AuditEntry
from hoinhap.drafting.models import ConsultationRound, Draft

from .fixtures import V1


def run(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one object, one line
    return json.loads(out)


def test_the_cycle_from_the_shell(people, tmp_path, capsys):
    source = tmp_path / "v1.txt"
    source.write_text(V1, encoding="utf-8")
    assert run(capsys, "drafts", "create", "nd-thu", "--title", "Nghị định thử", "--agency", "BNG", "--type", "Nghị định",
               "--json") == {"slug": "nd-thu"}
    assert Draft.objects.get(slug="nd-thu").doc_type == "Nghị định"
    assert run(capsys, "drafts", "import", "nd-thu", str(source), "--json") == {"slug": "nd-thu", "version": 1}
    assert run(capsys, "drafts", "publish", "nd-thu", "1", "--json") == {"slug": "nd-thu", "version": 1}
    assert run(capsys, "drafts", "import", "nd-thu", str(source), "--publish", "--json") == {"slug": "nd-thu", "version": 2}

    deadline = date.today() + timedelta(days=20)
    opened = run(capsys, "drafts", "round", "open", "nd-thu", "--version", "2", "--deadline", f"{deadline:%d/%m/%Y}",
                 "--invite", "BCT", "--invite", "BTC", "--public", "--signer-name", "Trần Thị B",
                 "--signer-title", "Thứ trưởng", "--signer-capacity", "KT. BỘ TRƯỞNG", "--json")
    assert opened == {"slug": "nd-thu", "round": 1, "deadline": deadline.isoformat()}
    round_ = ConsultationRound.objects.get(draft__slug="nd-thu", number=1)
    assert (round_.version.number, round_.opens_on, round_.public, round_.signer_name) == (2, date.today(), True,
                                                                                           "Trần Thị B")
    assert round_.invitations.count() == 2

    later = deadline + timedelta(days=10)
    assert run(capsys, "drafts", "round", "extend", "nd-thu", "1", "--deadline", later.isoformat(), "--json") == {
        "slug": "nd-thu", "round": 1, "deadline": later.isoformat()}
    closed = run(capsys, "drafts", "round", "close", "nd-thu", "1", "--json")
    assert closed["round"] == 1 and closed["closed_at"]
    frozen = run(capsys, "drafts", "round", "freeze", "nd-thu", "1", "--json")
    round_.refresh_from_db()
    assert frozen == {"slug": "nd-thu", "round": 1, "report_sha256": round_.report_sha256} and round_.frozen_at
    system = AuditEntry.objects.filter(action="drafting.round.extended").get()
    assert system.actor.username == "hoinhap-system" and system.data["old"] == deadline.isoformat()


def test_without_json_a_line_for_a_person(people, draft, capsys):
    assert main(["drafts", "publish", draft.slug, "1"]) == 0
    assert capsys.readouterr().out.strip() == f"{draft.slug}: đã công bố dự thảo lần 1"


def test_acting_as_a_named_account_applies_its_permissions(people, draft, capsys):
    assert main(["drafts", "publish", draft.slug, "1", "--as", "moit"]) == 4  # PermissionDenied's exit code
    assert "ban soạn thảo" in capsys.readouterr().err  # the command line speaks Vietnamese
    assert not draft.versions.get(number=1).is_published
    assert run(capsys, "drafts", "publish", draft.slug, "1", "--as", "drafter", "--json")["version"] == 1
    entry = AuditEntry.objects.get(action="drafting.version.published")
    assert entry.actor.username == "drafter"


def test_refusals_are_one_line_and_a_nonzero_exit(people, open_round, capsys):
    slug = open_round.draft.slug
    assert main(["drafts", "round", "extend", slug, "1", "--deadline", "2000-01-01"]) == 1
    assert f"{open_round.deadline:%d/%m/%Y}" in capsys.readouterr().err  # the current deadline, as written in Vietnam
    assert main(["drafts", "round", "close", slug, "7"]) == 3  # no such round
    assert main(["drafts", "round", "open", slug, "--version", "1", "--deadline", "2099-01-01", "--invite",
                 "NOPE"]) == 3
    assert main(["drafts", "create", "nq-hoi-nhap", "--title", "X", "--agency", "BNG"]) == 5  # exists already
    assert main(["drafts", "round", "close", slug, "1"]) == 0
    assert main(["drafts", "round", "close", slug, "1"]) == 5  # closed already
    assert open_round.draft.rounds.count() == 1
