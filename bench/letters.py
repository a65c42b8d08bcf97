"""Official letters into comments (issue 15 item 4): the share of cited provisions proposed with the right anchor.

    python bench/letters.py [--letters 12] [--seed 15] [--json]

Goal: >= 90% of the provisions the letters cite are proposed anchored to the right eId.

The letters are written here, from templates with varied phrasing, on two consulted versions: the 2013
Constitution (``../shared/data/vn-amend/hien-phap-2013.txt``, real text) and the demo's illustrative resolution
(``src/hoinhap/demo/data/nq-250-minh-hoa.txt``). Each letter has a letterhead, "Kính gửi", an introduction, a
general opinion, specific opinions in one of several layouts (dashes, pluses, numbers, "a)", plain paragraphs, a
"Về Điều N:" line with bare "Khoản 2:" items under it, a table of opinions), lists and ranges ("Điều 5, Điều 6",
"khoản 1 và khoản 2 Điều 5", "các Điều 8 đến 10"), "Đề nghị sửa đổi khoản 2 Điều 5 …" sentences, words quoted from
the provision, cross-references inside an opinion ("cho thống nhất với khoản 1 Điều 3") and references to other
documents ("Điều 5 Luật Ban hành văn bản quy phạm pháp luật"), then the closing, "Nơi nhận" and the signature. The
truth is which provisions each opinion cites, recorded as it is written. The peer, measured on the same letters: every
internal citation ``citations.provision_citations`` finds in the letter, resolved against the version (what a
reader would link), which cannot tell an opinion's subject from a cross-reference.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hoinhap.legal import tree  # noqa: E402
from hoinhap.legal.citations import provision_citations  # noqa: E402
from hoinhap.legal.letter_split import split_letter  # noqa: E402
from hoinhap.legal.parser import parse_text  # noqa: E402

SOURCES = {"hien-phap-2013": ROOT.parent / "shared" / "data" / "vn-amend" / "hien-phap-2013.txt",
           "nq-250-minh-hoa": ROOT / "src" / "hoinhap" / "demo" / "data" / "nq-250-minh-hoa.txt"}
SENDERS = [("BỘ TƯ PHÁP", "Bộ Tư pháp", "BTP-PLHSHC"), ("BỘ TÀI CHÍNH", "Bộ Tài chính", "BTC-PC"),
           ("BỘ CÔNG THƯƠNG", "Bộ Công Thương", "BCT-PC"), ("BỘ NỘI VỤ", "Bộ Nội vụ", "BNV-PC"),
           ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND-NC"),
           ("LIÊN ĐOÀN THƯƠNG MẠI VÀ CÔNG NGHIỆP VIỆT NAM", "VCCI", "PTM-PC")]
INTROS = ["Trả lời Công văn số {n}/BNG-LPQT ngày 02/9/2025 của Bộ Ngoại giao về việc góp ý dự thảo, {who} có ý kiến "
          "như sau:", "Phúc đáp Công văn số {n}/BNG-LPQT của Bộ Ngoại giao, sau khi nghiên cứu, {who} tham gia góp ý "
          "như sau:", "Thực hiện đề nghị của Bộ Ngoại giao tại Công văn số {n}/BNG-LPQT, {who} xin góp ý cụ thể như sau:"]
GENERAL = ["Cơ bản nhất trí với sự cần thiết ban hành và bố cục của dự thảo.",
           "Đề nghị cơ quan chủ trì soạn thảo rà soát tổng thể dự thảo bảo đảm tính thống nhất của hệ thống pháp luật.",
           "Đề nghị bổ sung đánh giá tác động của chính sách đối với ngân sách nhà nước."]
ASKS = ["đề nghị nghiên cứu, chỉnh lý cho rõ phạm vi", "đề nghị làm rõ nội dung này",
        "đề nghị cân nhắc quy định cụ thể hơn về trình tự, thủ tục", "đề nghị bỏ nội dung này vì đã được quy định ở "
        "văn bản khác", "đề nghị bổ sung cơ chế giám sát"]
HEADS = ["Tại {c}: {ask}.", "Đối với {c}, {ask}.", "{C}: {ask}.", "Về {c}: {ask}.", "Tại quy định {c}, {ask}.",
         "{C} dự thảo quy định chưa rõ; {ask}.", "Đối với nội dung tại {c}: {ask}."]
SUBJECTS = ["Đề nghị sửa đổi {c} theo hướng quy định rõ thẩm quyền.", "Đề nghị xem xét bỏ {c}.",
            "Đề nghị nghiên cứu bổ sung vào {c} quy định về trách nhiệm báo cáo."]
CROSS = [" cho thống nhất với {x}", ", bảo đảm phù hợp với quy định tại {x}", ""]
OTHER_DOCS = [" Lưu ý Điều 5 Luật Ban hành văn bản quy phạm pháp luật đã quy định nội dung tương tự.",
              " Tham khảo khoản 2 Điều 7 Nghị định số 30/2020/NĐ-CP.", ""]
BULLETS = ["- ", "+ ", "{i}. ", "{a}) ", "", "2.{i}. "]


@dataclass
class Letter:
    source: str
    style: str
    text: str
    truth: list[str] = field(default_factory=list)
    quotes: dict[int, str] = field(default_factory=dict)  # opinion index → quoted words
    general: int = 1  # opinions on the whole draft ("Ngoài ra, …", and the general section's)


def label(node: tree.Node, article: tree.Node, clause: tree.Node | None) -> str:
    if node.kind == tree.POINT and clause is not None:
        return f"điểm {node.num} khoản {clause.num} Điều {article.num}"
    if node.kind == tree.CLAUSE:
        return f"khoản {node.num} Điều {article.num}"
    return f"Điều {article.num}"


def provisions(document: tree.Document) -> list[tuple[tree.Node, tree.Node, tree.Node | None]]:
    found = []
    for article in document.articles():
        found.append((article, article, None))
        for clause in (c for c in article.children if c.kind == tree.CLAUSE):
            found.append((clause, article, clause))
            found.extend((p, article, clause) for p in clause.children if p.kind == tree.POINT)
    return found


def quote_of(node: tree.Node, rng: random.Random) -> str:
    words = (node.text or node.heading).split()
    if len(words) < 6:
        return ""
    start = rng.randrange(0, len(words) - 4)
    return " ".join(words[start:start + rng.randint(3, 5)]).strip(",.;:")


def make_letter(index: int, source: str, document: tree.Document, rng: random.Random) -> Letter:  # noqa: C901
    sender, who, code = SENDERS[index % len(SENDERS)]
    style = ["dashes", "pluses", "numbers", "letters", "paragraphs", "nested", "table", "sub-numbers"][index % 8]
    pool = provisions(document)
    articles = [a for a in document.articles() if a.num.isdigit()]
    lines = [sender, f"Số: {100 + index}/{code}", "V/v góp ý dự thảo", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", f"Hà Nội, ngày {index + 3:02d} tháng 9 năm 2025", "",
             "Kính gửi: Bộ Ngoại giao", "", rng.choice(INTROS).format(n=500 + index, who=who), ""]
    if index % 3:
        lines += ["1. Ý kiến chung", rng.choice(GENERAL), "", "2. Ý kiến cụ thể"]
    letter = Letter(source, style, "", general=2 if index % 3 else 1)
    if style == "table":
        lines.append("| TT | Điều, khoản | Nội dung góp ý |")
    count = rng.randint(7, 12)
    for i in range(count):
        bullet = rng.choice(BULLETS) if style in ("paragraphs",) else {
            "dashes": "- ", "pluses": "+ ", "numbers": "{i}. ", "letters": "{a}) ", "nested": "- ",
            "sub-numbers": "2.{i}. ", "table": ""}[style]
        bullet = bullet.format(i=i + 1, a="abcdeghiklmnopqrstuvxy"[i % 22])
        ask = rng.choice(ASKS)
        if style == "nested":
            article = rng.choice([a for a in articles if any(c.kind == tree.CLAUSE for c in a.children)] or articles)
            clauses = [c for c in article.children if c.kind == tree.CLAUSE][:4]
            lines.append(f"Về Điều {article.num}:")
            for clause in rng.sample(clauses, min(len(clauses), rng.randint(1, 2))) if clauses else []:
                quote = quote_of(clause, rng)
                said = f" cụm từ “{quote}”" if quote and rng.random() < 0.5 else ""
                lines.append(f"- Khoản {clause.num}: {ask}{said}.")
                letter.truth.append(clause.eid)
            continue
        kind = rng.random()
        if kind < 0.15 and len(articles) > 3:  # a list or a range of articles
            start = rng.randrange(0, len(articles) - 3)
            chosen = articles[start:start + rng.randint(2, 3)]
            nums = [a.num for a in chosen]
            cited = (f"các Điều {nums[0]} đến {nums[-1]}" if len(nums) == 3 and rng.random() < 0.5
                     else ", ".join(f"Điều {n}" for n in nums[:-1]) + f" và Điều {nums[-1]}")
            letter.truth += [a.eid for a in chosen]
            quote = ""
        elif kind < 0.25:  # two clauses of one article
            article = rng.choice([a for a in articles if sum(c.kind == tree.CLAUSE for c in a.children) >= 2]
                                 or articles)
            clauses = [c for c in article.children if c.kind == tree.CLAUSE][:2]
            if len(clauses) == 2:
                cited = f"khoản {clauses[0].num} và khoản {clauses[1].num} Điều {article.num}"
                letter.truth += [c.eid for c in clauses]
            else:
                cited = f"Điều {article.num}"
                letter.truth.append(article.eid)
            quote = ""
        else:
            node, article, clause = rng.choice(pool)
            cited = label(node, article, clause)
            letter.truth.append(node.eid)
            quote = quote_of(node, rng) if rng.random() < 0.5 else ""
        other = rng.choice(articles)
        cross = rng.choice(CROSS).format(x=f"Điều {other.num}")
        said = f" Dự thảo quy định “{quote}” là chưa chính xác." if quote else ""
        if quote:
            letter.quotes[len(letter.truth) - 1] = quote
        if style == "table":
            lines.append(f"| {i + 1} | {cited[0].upper() + cited[1:]} | {ask[0].upper() + ask[1:]}{cross}.{said} |")
        elif rng.random() < 0.2:
            lines.append(bullet + rng.choice(SUBJECTS).format(c=cited) + said)
        else:
            head = rng.choice(HEADS).format(c=cited, C=cited[0].upper() + cited[1:], ask=ask + cross)
            lines.append(bullet + head + said + rng.choice(OTHER_DOCS))
        if rng.random() < 0.2:
            lines.append("Đề nghị cơ quan soạn thảo tiếp thu, chỉnh lý cho phù hợp.")
    lines += ["", "Ngoài ra, đề nghị rà soát lỗi chính tả, kỹ thuật trình bày trong toàn bộ dự thảo.", "",
              f"Trên đây là ý kiến của {who}, gửi Bộ Ngoại giao tổng hợp, hoàn thiện./.", "", "Nơi nhận:",
              "- Như trên;", f"- Lưu: VT, {code.split('-')[-1]}.", "", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "",
              "Nguyễn Văn An"]
    letter.text = "\n".join(lines) + "\n"
    return letter


def matched(truth: list[str], found: list[str]) -> tuple[int, int]:
    """(truth provisions found with the right eId, proposals anchored where the letter cites nothing)."""
    want, got = Counter(truth), Counter(eid for eid in found if eid)
    right = sum(min(n, got[eid]) for eid, n in want.items())
    return right, sum(max(0, n - want[eid]) for eid, n in got.items())


def peer(text: str, document: tree.Document) -> list[str]:
    return [c.target for c in provision_citations(text, document=document) if c.target]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=12)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, help="print letter N and its proposals")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    documents = {name: parse_text(path.read_text(encoding="utf-8")) for name, path in SOURCES.items() if path.exists()}
    rows = []
    totals = Counter()
    for index in range(args.letters):
        source = list(documents)[index % len(documents)]
        document = documents[source]
        letter = make_letter(index, source, document, rng)
        started = time.perf_counter()
        proposals = split_letter(letter.text, document)
        elapsed = time.perf_counter() - started
        right, extra = matched(letter.truth, [p.eid for p in proposals])
        peer_right, peer_extra = matched(letter.truth, peer(letter.text, document))
        quotes_right = sum(1 for quote in letter.quotes.values() if any(p.quote == quote for p in proposals))
        row = {"letter": index + 1, "source": source, "style": letter.style, "cited": len(letter.truth),
               "right": right, "extra": extra, "whole": sum(1 for p in proposals if not p.eid), "general": letter.general,
               "quotes": len(letter.quotes), "quotes_right": quotes_right, "peer_right": peer_right,
               "peer_extra": peer_extra, "ms": round(elapsed * 1000, 2)}
        rows.append(row)
        totals.update({k: v for k, v in row.items() if isinstance(v, int) and k != "letter"})
        if args.show == index + 1:
            print(letter.text)
            for p in proposals:
                print(p)
    share = totals["right"] / totals["cited"]
    peer_share = totals["peer_right"] / totals["cited"]
    if args.json:
        print(json.dumps({"letters": rows, "share_right": share, "peer_share_right": peer_share}, indent=1))
        return 0
    print(f"{'#':>2} {'source':16} {'style':12} {'cited':>5} {'right':>5} {'extra':>5} {'whole':>9} "
          f"{'quotes':>8} {'peer right':>10} {'peer extra':>10} {'ms':>6}")
    for r in rows:
        print(f"{r['letter']:>2} {r['source']:16} {r['style']:12} {r['cited']:>5} {r['right']:>5} {r['extra']:>5} "
              f"{r['whole']:>4}/{r['general']:<4} {r['quotes_right']:>3}/{r['quotes']:<4} {r['peer_right']:>10} "
              f"{r['peer_extra']:>10} "
              f"{r['ms']:>6}")
    print(f"\ncited provisions proposed with the right anchor: {totals['right']}/{totals['cited']} = {share:.1%} "
          f"(goal >= 90%); anchors the letters do not cite: {totals['extra']}; quoted words found: "
          f"{totals['quotes_right']}/{totals['quotes']}; whole-draft proposals {totals['whole']} for "
          f"{totals['general']} general opinions")
    print(f"peer (every internal citation, resolved): {totals['peer_right']}/{totals['cited']} = {peer_share:.1%}, "
          f"extra anchors {totals['peer_extra']}; ratio of right anchors, ours/peer: {share / peer_share:.2f}x")
    return 0 if share >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
