"""Parse throughput (MB/s) over the shared Vietnamese corpus, side by side with bluebell-akn
(Laws.Africa's text-to-Akoma-Ntoso parser) on the same documents in its own markup, generated from
our tree, so that both do the same structural work. Run: ``make bench``."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from hoinhap.legal import tree
from hoinhap.legal.parser import parse_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-legal" / "txt"
ROUNDS = 3  # bluebell takes over a second per pass
OUR_RUNS = 8  # passes of ours per round
BLUEBELL_NAMES = {tree.PART: "PART", tree.CHAPTER: "CHAPTER", tree.SECTION: "SECTION", tree.SUBSECTION: "SUBSECTION",
                  tree.ARTICLE: "ARTICLE", tree.CLAUSE: "CLAUSE", tree.POINT: "POINT", tree.DIVISION: "DIVISION",
                  tree.ITEM: "PARAGRAPH"}


def to_bluebell(document: tree.Document) -> str:
    lines: list[str] = []

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("[", "\\[").replace("*", "\\*")

    def emit(node: tree.Node, depth: int) -> None:
        pad = "  " * depth
        name = BLUEBELL_NAMES.get(node.kind)
        if name is None:
            lines.extend(pad + esc(line) for line in node.text.split("\n") if line.strip())
            for child in node.children:
                emit(child, depth)
            return
        heading = f" - {esc(node.heading)}" if node.heading else ""
        lines.append(f"{pad}{name} {esc(node.num) or '0'}{heading}")
        body = [line for line in node.text.split("\n") if line.strip()]
        lines.extend(f"{pad}  {esc(line)}" for line in body)
        for child in node.children:
            emit(child, depth + 1)
        if not body and not node.children:
            lines.append(f"{pad}  .")

    for node in document.body:
        if node.kind not in (tree.PREFACE, tree.PREAMBLE, tree.SIGNATURE, tree.APPENDIX):
            emit(node, 0)
    return "\n".join(lines) + "\n"


def timed(func) -> float:  # noqa: ANN001
    """Seconds for one call, with the cyclic garbage collector off as ``timeit`` does (for both
    parsers): a collection triggered by the other parser's garbage is noise, not parsing."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start
    finally:
        gc.enable()


def main() -> int:
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    size = sum(len(t.encode()) for t in texts)
    for text in texts:
        parse_text(text)  # warm up (regex compilation)
    try:
        from bluebell.parser import AkomaNtosoParser
        from cobalt import FrbrUri
    except ImportError:
        print("bluebell-akn not installed: pip install bluebell-akn")
        ours = min(timed(lambda: [parse_text(t) for t in texts]) for _ in range(OUR_RUNS))
        print(f"hoinhap: {len(texts)} documents, {size / 1e6:.2f} MB = {size / 1e6 / ours:.2f} MB/s")
        return 0
    marked = [to_bluebell(parse_text(t)) for t in texts]
    parser = AkomaNtosoParser(FrbrUri.parse("/akn/vn/act/2025/1"))
    ok, failed = [], 0
    for text in marked:
        try:
            parser.parse_to_xml(text, "act")
            ok.append(text)
        except Exception:  # noqa: BLE001 - count the documents bluebell cannot take
            failed += 1
    # Rounds alternate the two parsers so that a slow spell of a shared machine hits both alike;
    # each keeps its best time.
    ours, theirs = float("inf"), float("inf")
    for _ in range(ROUNDS):
        ours = min(ours, *(timed(lambda: [parse_text(t) for t in texts]) for _ in range(OUR_RUNS)))
        theirs = min(theirs, timed(lambda: [parser.parse_to_xml(t, "act") for t in ok]))
    ours_mbs = size / 1e6 / ours
    print(f"hoinhap: {len(texts)} documents, {size / 1e6:.2f} MB in {ours:.3f} s = {ours_mbs:.2f} MB/s"
          f" (best of {ROUNDS * OUR_RUNS})")
    bb_size = sum(len(t.encode()) for t in ok)
    bb_mbs = bb_size / 1e6 / theirs
    print(f"bluebell-akn: {len(ok)} documents ({failed} refused), {bb_size / 1e6:.2f} MB in {theirs:.3f} s"
          f" = {bb_mbs:.3f} MB/s (best of {ROUNDS})")
    print(f"ratio: hoinhap is {ours_mbs / bb_mbs:.1f}x bluebell-akn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
