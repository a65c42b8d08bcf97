"""Parse throughput (MB/s) over the shared Vietnamese corpus, side by side with bluebell-akn
(Laws.Africa's text-to-Akoma-Ntoso parser) on the same documents in its own markup, generated from
our tree, so that both do the same structural work. Run: ``make bench`` (``--no-gc`` times with the
garbage collector off)."""

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


KEEP_GC = "--no-gc" not in sys.argv


def each(func, items: list[str]) -> None:  # noqa: ANN001
    """Call ``func`` on every item, keeping no result: a list of 31 parse trees kept alive makes the
    collector walk them again and again, which measures the benchmark, not the parser."""
    for item in items:
        func(item)


def timed(func) -> float:  # noqa: ANN001
    """Seconds for one call. Earlier garbage is collected first, so that neither parser pays for the
    other's; the collector then runs during the call as it does in use, or stays off with
    ``--no-gc`` as in ``timeit``. docs/performance.md gives both (bluebell's garbage costs it a
    quarter of its time, ours a few per cent)."""
    gc.collect()
    if not KEEP_GC:
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
        ours = min(timed(lambda: each(parse_text, texts)) for _ in range(OUR_RUNS))
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
        ours = min(ours, *(timed(lambda: each(parse_text, texts)) for _ in range(OUR_RUNS)))
        theirs = min(theirs, timed(lambda: each(lambda t: parser.parse_to_xml(t, "act"), ok)))
    ours_mbs = size / 1e6 / ours
    print(f"hoinhap: {len(texts)} documents, {size / 1e6:.2f} MB in {ours:.3f} s = {ours_mbs:.2f} MB/s"
          f" (best of {ROUNDS * OUR_RUNS})")
    bb_size = sum(len(t.encode()) for t in ok)
    bb_mbs = bb_size / 1e6 / theirs
    print(f"bluebell-akn: {len(ok)} documents ({failed} refused), {bb_size / 1e6:.2f} MB in {theirs:.3f} s"
          f" = {bb_mbs:.3f} MB/s (best of {ROUNDS})")
    print(f"ratio: hoinhap is {ours_mbs / bb_mbs:.1f}x bluebell-akn (garbage collector {'on' if KEEP_GC else 'off'})")
    other_views(texts, ours_mbs, ok, bb_mbs, parser)
    return 0


def other_views(texts: list[str], ours_mbs: float, marked: list[str], bb_mbs: float, parser) -> None:  # noqa: ANN001
    """The goal compares our parse with bluebell's text-to-Akoma-Ntoso run (``ours_mbs`` and
    ``bb_mbs``, measured above); these two put both sides on the same footing: text to tree
    (bluebell's parse tree, no XML) and text to Akoma Ntoso XML (our parse plus ``to_akn``)."""
    from hoinhap.legal.akn_export import to_akn

    size, marked_size = sum(len(t.encode()) for t in texts), sum(len(t.encode()) for t in marked)
    tree_mbs = marked_size / 1e6 / min(timed(lambda: each(lambda t: parser.parse(t, "act"), marked))
                                       for _ in range(ROUNDS))
    xml_mbs = size / 1e6 / min(timed(lambda: each(lambda t: to_akn(parse_text(t)), texts)) for _ in range(OUR_RUNS))
    print(f"text to tree: hoinhap {ours_mbs:.2f} MB/s, bluebell parse {tree_mbs:.3f} MB/s: {ours_mbs / tree_mbs:.1f}x")
    print(f"text to Akoma Ntoso XML: hoinhap {xml_mbs:.2f} MB/s, bluebell {bb_mbs:.3f} MB/s: {xml_mbs / bb_mbs:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
