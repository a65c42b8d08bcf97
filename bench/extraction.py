"""Task extraction measured on real plans (issue 15): ../shared/data/vn-plans/raw/*.md, each read
as the import reads text (``legal.reading.decode_text``), against the hand-made truth CSVs:

    python bench/extraction.py [--data ../shared/data/vn-plans] [--labels bench/data/deadline-labels.tsv]
                               [--json] [--show-misses DOC]

Per document and in total: truth rows, rows found (matched by the first 70 characters of the task
text, or by number for a row with no task text), lead right (the written lead matched to the same
organisation: the same first agency after ``agencies.split_agencies``), coordinators right (the
same set of agencies), deadline as written, output kept; "tree": rows found with the right lead
when the document is read through the corpus tree instead (``legal.reading.read_bytes``, what an
imported work keeps). Over the distinct deadline phrases of the truth: the share whose kind and
date (``deadlines.parse_deadline``) equal the labels written by hand in
``bench/data/deadline-labels.tsv``. Goals: >= 95% of rows found with the right lead on every
document, >= 95% of distinct deadline phrases right.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from hoinhap.implementation import agencies, task_table  # noqa: E402
from hoinhap.implementation.deadlines import parse_deadline  # noqa: E402
from hoinhap.legal.reading import decode_text, read_bytes  # noqa: E402


def squash(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def first_agency(text: str) -> str:
    refs = agencies.split_agencies(text.split("||")[0])
    return agencies.normal(refs[0].text.lstrip("-+• ")) if refs else ""


def agency_set(text: str) -> set[str]:
    return {agencies.normal(r.text.lstrip("-+• ")) for part in text.split("||") for r in agencies.split_agencies(part)}


def match_rows(truth: list[dict[str, str]], tasks: list[task_table.ExtractedTask]) -> list[task_table.ExtractedTask | None]:
    """Each truth row's extracted task, in order: the first unused task whose text starts the same."""
    used: set[int] = set()
    found: list[task_table.ExtractedTask | None] = []
    for row in truth:
        key = squash(row["task_title"])[:70]
        hit = None
        for i, task in enumerate(tasks):
            if i in used:
                continue
            title = squash(task.title)
            if (key and title[:70] == key) or (not key and not title and task.number == row["stt"]):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        found.append(tasks[hit] if hit is not None else None)
    return found


def measure(data: Path) -> tuple[list[dict[str, object]], dict[str, list[tuple[dict[str, str], object]]]]:
    results = []
    misses: dict[str, list[tuple[dict[str, str], object]]] = {}
    for truth_file in sorted((data / "truth").glob("*.csv")):
        name = truth_file.stem
        truth = list(csv.DictReader(truth_file.open(encoding="utf-8")))
        text = decode_text((data / "raw" / f"{name}.md").read_bytes())
        extraction = task_table.read(text=text)
        found = match_rows(truth, extraction.tasks)
        counts = {"truth": len(truth), "extracted": len(extraction.tasks), "found": 0, "lead": 0, "coordinators": 0,
                  "deadline": 0, "output": 0}
        misses[name] = []
        for row, task in zip(truth, found, strict=True):
            if task is None:
                misses[name].append((row, None))
                continue
            counts["found"] += 1
            lead_ok = first_agency(task.lead) == first_agency(row["lead_agency"])
            counts["lead"] += lead_ok
            counts["coordinators"] += agency_set(task.coordinators) == agency_set(row["coordinating_agencies"])
            counts["deadline"] += squash(task.deadline) == squash(row["deadline"])
            counts["output"] += squash(task.output) == squash(row["output"])
            if not lead_ok:
                misses[name].append((row, task))
        # the same document through the corpus tree (``read_bytes``), which is what an imported work keeps
        _, document = read_bytes((data / "raw" / f"{name}.md").read_bytes(), f"{name}.md")
        counts["tree_lead"] = sum(1 for row, task in zip(truth, match_rows(truth, task_table.read(document).tasks),
                                                         strict=True)
                                  if task is not None and first_agency(task.lead) == first_agency(row["lead_agency"]))
        results.append({"document": name, **counts, "tables": len(extraction.tables),
                        "headings": [[h["heading"] + " → " + h["read_as"] for h in t.headings] for t in extraction.tables]})
    return results, misses


def deadline_labels(path: Path) -> dict[str, object]:
    rows = list(csv.DictReader((line for line in path.open(encoding="utf-8") if not line.startswith("#")), delimiter="\t"))
    wrong = []
    for row in rows:
        deadline = parse_deadline(row["phrase"])
        got = (deadline.kind, deadline.due.isoformat() if deadline.due else "")
        if got != (row["kind"], row["due"]):
            wrong.append({"phrase": row["phrase"], "label": [row["kind"], row["due"]], "read": list(got)})
    return {"phrases": len(rows), "right": len(rows) - len(wrong), "wrong": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent.parent / "shared" / "data" / "vn-plans")
    parser.add_argument("--labels", type=Path, default=ROOT / "data" / "deadline-labels.tsv")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", metavar="DOC", help="print the rows missed or with a wrong lead")
    args = parser.parse_args()
    results, misses = measure(args.data)
    labels = deadline_labels(args.labels)
    if args.json:
        print(json.dumps({"documents": results, "deadlines": labels}, ensure_ascii=False, indent=1))
        return 0
    head = (f"{'document':<48} {'truth':>5} {'found':>6} {'lead':>6} {'coord':>6} {'deadl':>6} {'output':>6}"
            f" {'tree':>6}")
    print(head)
    total = {k: 0 for k in ("truth", "found", "lead", "coordinators", "deadline", "output", "tree_lead")}
    for r in results:
        for k in total:
            total[k] += int(r[k])  # type: ignore[call-overload]
        print(_line(str(r["document"])[:48], r))
    print(_line("total", total))
    worst = min(int(r["lead"]) / max(1, int(r["truth"])) for r in results)  # type: ignore[call-overload]
    print(f"rows found with the right lead: worst document {worst:.1%} (goal >= 95% on every one)")
    print(f"deadline phrases: {labels['right']}/{labels['phrases']} read as labelled "
          f"({int(labels['right']) / max(1, int(labels['phrases'])):.1%}, goal >= 95%)")  # type: ignore[call-overload]
    for wrong in labels["wrong"]:  # type: ignore[attr-defined]
        print(f"  deadline: {wrong['phrase']!r}: labelled {wrong['label']}, read {wrong['read']}")
    if args.show_misses:
        for row, task in misses.get(args.show_misses, []):
            print(f"- {row['stt']} {row['task_title'][:60]!r} lead {row['lead_agency']!r}"
                  + (f" → read lead {task.lead!r}" if task else " → not found"))  # type: ignore[attr-defined]
    return 0


def _line(name: str, r: dict[str, object]) -> str:
    n = max(1, int(r["truth"]))  # type: ignore[call-overload]
    keys = ("found", "lead", "coordinators", "deadline", "output", "tree_lead")
    cells = [f"{int(r[k]) / n:6.1%}" for k in keys]  # type: ignore[call-overload]
    return f"{name:<48} {r['truth']:>5} " + " ".join(cells)


if __name__ == "__main__":
    sys.exit(main())
