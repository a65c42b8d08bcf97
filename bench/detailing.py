"""Detailing obligations measured on the laws and National Assembly resolutions of the shared corpus
(issue 18, item 5), against the lines labelled by hand in ``bench/data/detailing-labels.tsv``:

    python bench/detailing.py [--data ../shared/data/vn-legal] [--labels bench/data/detailing-labels.tsv] [--json]
                              [--show-misses]

Each document is read as the import reads it (``legal.reading.read_bytes``) and
``legal.detailing.detailing_obligations`` runs on its tree. Each obligation is put back on its line
of the file (the first line, from the previous obligation's on, that holds the clause's first 60
characters). Per document and in total:

- provisions: recall (labelled lines found) and precision (obligations found on a labelled line);
- authority: labelled lines found with the same body as written (case and spacing aside);
- scope: labelled lines found whose scope as written holds the label's or is held by it
  (a passive subject is cut to its last words, a long object to its first).

Goal: >= 95% recall with the right authority over all the documents.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from hoinhap.legal.detailing import Obligation, detailing_obligations  # noqa: E402
from hoinhap.legal.reading import read_bytes  # noqa: E402

KEY_CHARS = 60  # enough of a clause to find its line, short enough to survive the crawl's escapes


@dataclass(frozen=True)
class Label:
    document: str
    line: int
    authority: str
    scope: str


def squash(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "").replace("\\", "").replace("uỷ", "ủy")
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", squash(text)))


def read_labels(path: Path) -> list[Label]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [Label(row["document"], int(row["line"]), row["authority"], row["scope"])
            for row in csv.DictReader(lines, delimiter="\t")]


def placed(obligations: list[Obligation], text: str) -> list[tuple[int, Obligation]]:
    """Each obligation with the (1-based) number of its line in ``text``, 0 when not found."""
    lines = [squash(line) for line in text.splitlines()]
    out: list[tuple[int, Obligation]] = []
    start = 0
    for obligation in obligations:
        key = squash(obligation.sentence)[:KEY_CHARS]
        found = next((i for i in range(start, len(lines)) if key in lines[i]), None)
        if found is None:
            found = next((i for i in range(len(lines)) if key in lines[i]), None)
        out.append((found + 1 if found is not None else 0, obligation))
        if found is not None:
            start = found + 1  # one obligation a line: the same clause further on is another one
    return out


def measure(document: str, text: str, labels: list[Label]) -> dict[str, Any]:
    _, tree = read_bytes(text.encode("utf-8"), f"{document}.txt")
    found = placed(detailing_obligations(tree), text)
    by_line: dict[int, list[Obligation]] = {}
    for line, obligation in found:
        by_line.setdefault(line, []).append(obligation)
    truth = {label.line: label for label in labels}
    hits = [label for label in labels if label.line in by_line]
    authority = [label for label in hits
                 if any(squash(o.authority) == squash(label.authority) for o in by_line[label.line])]
    scope = [label for label in hits if any(_scope_agrees(o.scope_text, label.scope) for o in by_line[label.line])]
    extra = [(line, o) for line, o in found if line not in truth]
    return {"document": document, "labels": len(labels), "found": len(found), "recall": len(hits),
            "correct": len(found) - len(extra), "authority": len(authority), "scope": len(scope),
            "missed": [label.line for label in labels if label.line not in by_line],
            "wrong_authority": [label.line for label in hits if label not in authority],
            "wrong_scope": [label.line for label in hits if label not in scope],
            "extra": [f"{line}: {o.sentence[:90]}" for line, o in extra]}


def _scope_agrees(found: str, label: str) -> bool:
    a, b = words(found), words(label)
    return bool(a and b) and (a in b or b in a)


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent.parent / "shared" / "data" / "vn-legal")
    parser.add_argument("--labels", type=Path, default=ROOT / "data" / "detailing-labels.tsv")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not (args.data / "txt").is_dir():
        print(f"no corpus at {args.data}: nothing measured", file=sys.stderr)
        return 0
    labels = read_labels(args.labels)
    documents = sorted({label.document for label in labels})
    results = [measure(doc, (args.data / "txt" / f"{doc}.txt").read_text(encoding="utf-8"),
                       [label for label in labels if label.document == doc]) for doc in documents]
    total = {key: sum(r[key] for r in results) for key in ("labels", "found", "recall", "correct", "authority", "scope")}
    if args.json:
        print(json.dumps({"documents": results, "total": total}, ensure_ascii=False, indent=1))
        return 0
    print(f"{'document':46} {'labels':>6} {'found':>6} {'recall':>7} {'precis.':>7} {'author.':>7} {'scope':>7}")
    for row in [*results, {"document": "total", **total}]:
        print(f"{row['document']:46} {row['labels']:>6} {row['found']:>6} {share(row['recall'], row['labels']):>7} "
              f"{share(row['correct'], row['found']):>7} {share(row['authority'], row['labels']):>7} "
              f"{share(row['scope'], row['labels']):>7}")
        if args.show_misses and row["document"] != "total":
            for key in ("missed", "wrong_authority", "wrong_scope", "extra"):
                if row[key]:
                    print(f"    {key}: {row[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
