"""The demo's implementation data, all illustrative: the action programme 153/NQ-CP (illustrative
text) with its tasks extracted from its table; a Steering Committee meeting whose conclusion issued
directives that became tasks; a 2024 plan whose open task moved to the Ministry of Finance with the
merger; reports in every status (accepted, returned, late, on time after an approved extension,
contributions), the reminders and escalations of a daily run, and two legal bottlenecks."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from hoinhap.core.models import Organisation, User
from hoinhap.core.services import system_actor
from hoinhap.corpus.models import Work
from hoinhap.implementation import report_services as reports
from hoinhap.implementation import services
from hoinhap.implementation.models import Programme, Task

DATA = Path(__file__).parent / "data"
D = date


def load_implementation() -> bool:
    """Create the demo's programmes once; ``False`` when they exist already."""
    if Programme.objects.filter(slug="ctrhd-153").exists():
        return False
    with transaction.atomic():
        _load(system_actor())
    return True


def _load(actor: User) -> None:
    org = {o.code: o for o in Organisation.objects.all()}
    action = services.programme_create(actor=actor, slug="ctrhd-153", title="Chương trình hành động thực hiện Nghị "
                                       "quyết 59-NQ/TW (153/NQ-CP, minh họa)", work=Work.objects.get(number="153/NQ-CP"),
                                       effective_from=D(2025, 5, 31), illustrative=True)
    services.programme_extract(actor=actor, programme=action)
    conclusion = services.meeting_conclude(
        actor=actor, title="Phiên họp thứ nhất Ban Chỉ đạo quốc gia về hội nhập quốc tế (minh họa)",
        held_on=D(2025, 8, 15), slug="ket-luan-phien-1", conclusion_title="Thông báo kết luận Phiên họp thứ nhất "
        "(minh họa)", chaired_by="Thủ tướng Chính phủ", body=org.get("BCĐHNQT"), illustrative=True)
    plan = services.programme_create(actor=actor, slug="ke-hoach-2024", title="Kế hoạch năm 2024 về hội nhập kinh tế "
                                     "(minh họa)", effective_from=D(2024, 10, 1), illustrative=True)
    _tasks_from_tsv(actor, org, {"ket-luan-phien-1": conclusion, "ke-hoach-2024": plan})
    services.tasks_transfer(actor=actor, predecessor=org["BKHĐT"], successor=org["BTC"], effective=D(2025, 3, 1))
    _reports(actor, org, action, conclusion)
    for day in (D(2025, 10, 1), D(2025, 10, 16), D(2025, 11, 15), D(2025, 12, 1), D(2026, 1, 5)):
        reports.remind(actor=actor, today=day)
    _bottlenecks(actor, org, action)


def _tasks_from_tsv(actor: User, org: dict[str, Organisation], programmes: dict[str, Programme]) -> None:
    lines = [line for line in (DATA / "tasks.tsv").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    made: dict[tuple[str, str], Task] = {}
    fields = ["programme", "number", "parent", "kind", "lead", "coordinators", "title", "output", "deadline"]
    for row in csv.DictReader(lines, fieldnames=fields, delimiter="\t"):
        programme = programmes[row["programme"]]
        task = services.task_create(
            actor=actor, programme=programme, title=row["title"], lead=org[row["lead"]], deadline_text=row["deadline"],
            coordinators=[org[c] for c in row["coordinators"].split(";") if c], output=row["output"],
            parent=made.get((row["programme"], row["parent"])), kind=row["kind"], number=row["number"])
        made[(row["programme"], row["number"])] = task


def _reports(actor: User, org: dict[str, Organisation], action: Programme, conclusion: Programme) -> None:
    task = {t.number: t for t in action.tasks.all()}
    directive = {t.number: t for t in conclusion.tasks.all()}

    def done(t: Task, agency: str, number: str, on: date, accepted: date) -> None:
        report = reports.report_submit(actor=actor, task=t, agency=org[agency], kind="completion", today=on,
                                       text="Đã hoàn thành (minh họa).", output_number=number, output_date=on)
        reports.report_review(actor=actor, report=report, accept=True, today=accepted)

    done(task["1"], "BNG", "250/2025/QH15", D(2025, 12, 10), D(2025, 12, 12))  # on time
    extension = reports.extension_request(actor=actor, task=task["2"], new_deadline=D(2025, 12, 31), today=D(2025, 9, 10),
                                          reason="Chờ kết quả rà soát của các địa phương (minh họa).")
    reports.extension_decide(actor=actor, extension=extension, approve=True, today=D(2025, 9, 20))
    first = reports.report_submit(actor=actor, task=task["2"], agency=org["BTP"], kind="completion", today=D(2025, 12, 15),
                                  text="Đã trình báo cáo (minh họa).", output_number="", output_date=D(2025, 12, 15),
                                  evidence=b"%PDF-1.4 minh hoa", evidence_name="bao-cao.pdf")
    reports.report_review(actor=actor, report=first, accept=False, today=D(2025, 12, 16),
                          reason="Thiếu số, ký hiệu văn bản trình Chính phủ.")
    done(task["2"], "BTP", "321/BC-BTP", D(2025, 12, 20), D(2025, 12, 22))  # on time against the extension
    reports.report_submit(actor=actor, task=task["3"], agency=org["BNV"], kind="progress", today=D(2025, 11, 1),
                          text="Đã xây dựng dự thảo Đề án, đang lấy ý kiến các bộ (minh họa).")
    reports.report_submit(actor=actor, task=task["3"], agency=org["BNG"], kind="contribution", today=D(2025, 11, 5),
                          text="Đã góp ý dự thảo Đề án (minh họa).")
    done(directive["2.1"], "BTP", "12/BC-BTP", D(2025, 10, 20), D(2025, 10, 21))  # late: due 15/10
    done(directive["1.1"], "BNG", "45/TTr-BNG", D(2025, 11, 25), D(2025, 11, 27))  # on time


def _bottlenecks(actor: User, org: dict[str, Organisation], action: Programme) -> None:
    resolution = Work.objects.get(number="250/2025/QH15")
    review = action.tasks.get(number="2")
    services.bottleneck_add(actor=actor, work=resolution, eid="chp_III__art_8__cl_2", action="guide",
                            responsible=org["BNG"], target_date=D(2026, 6, 30), tasks=[review],
                            problem="Chưa có quy định về điều kiện, trình tự thành lập văn phòng đại diện của địa "
                                    "phương ở nước ngoài (minh họa).")
    services.bottleneck_add(actor=actor, work=resolution, eid="chp_III__art_9", action="guide",
                            responsible=org["BTC"], target_date=D(2026, 3, 31),
                            problem="Cần hướng dẫn nguồn kinh phí hội nhập của địa phương (minh họa).")
