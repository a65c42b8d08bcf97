"""Drafting speed, one run: the comment-response report for 2,000 comments, the redline of a
500-article law, a provision's comment page when it holds 500 comments, and the provision map
(computing it between consecutive versions; counting comments per article across versions).

    python bench/drafting.py [--articles 500] [--comments 2000] [--page-comments 500]
                             [--map-articles 300] [--count-comments 100000] [--only map] [--json]

Goals (issue 4): report under 2 s, redline under 1 s, comment page under 100 ms server time.
Peers for the redline, measured in the same run on the same two texts: Google's diff-match-patch
(diff_main + semantic clean-up, the engine behind many web redlines) and difflib's SequenceMatcher
on the word lists; both diff the whole text and do not align articles. The texts are synthetic,
built from the vocabulary of the demo's illustrative resolution; version B deletes, inserts, moves,
splits and rewords articles, so every kind of change is in it. The database is a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS_FROM = ROOT / "src" / "hoinhap" / "demo" / "data" / "nq-250-minh-hoa.txt"


def setup_django() -> None:
    folder = tempfile.mkdtemp(prefix="hoinhap-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["HOINHAP_SEARCH_INDEX_DIR"] = f"{folder}/index"
    os.environ["HOINHAP_MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoinhap.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def law_texts(articles: int, seed: int = 7) -> tuple[str, str]:
    """Two versions of a law: B deletes 1%, inserts 1%, moves 1%, splits 0.4% and rewords 10%."""
    rng = random.Random(seed)
    words = WORDS_FROM.read_text(encoding="utf-8").lower().split()

    vocabulary = sorted(set(words))

    def sentence(n: int) -> str:  # words drawn independently, so no two articles share long runs by chance
        return " ".join(rng.choice(vocabulary) for _ in range(n)).capitalize() + "."

    bodies = [(f"Quy định số {i}", [sentence(rng.randint(20, 40)) for _ in range(rng.randint(2, 4))])
              for i in range(articles)]
    later = [(heading, list(clauses)) for heading, clauses in bodies]
    for index in rng.sample(range(len(later)), articles // 10):
        clauses = later[index][1]
        clause = clauses[0].split()
        clause[rng.randrange(len(clause))] = "được"
        clauses[0] = " ".join(clause)
    for index in sorted(rng.sample(range(len(later)), articles // 100), reverse=True):
        del later[index]
    for _ in range(articles // 100):
        later.insert(rng.randrange(len(later)), ("Quy định mới", [sentence(30), sentence(25)]))
    for _ in range(articles // 100):
        later.insert(rng.randrange(len(later)), later.pop(rng.randrange(len(later))))
    for index in rng.sample(range(len(later)), max(1, articles // 250)):
        heading, clauses = later[index]
        if len(clauses) >= 2:
            later[index] = (heading, clauses[:1])
            later.insert(index + 1, (heading + " (tách)", clauses[1:]))
    return _render(bodies), _render(later)


def _render(articles: list[tuple[str, list[str]]]) -> str:
    lines = ["LUẬT", "Chương I", "QUY ĐỊNH CHUNG"]
    for number, (heading, clauses) in enumerate(articles, start=1):
        lines.append(f"Điều {number}. {heading}")
        lines += [f"{k}. {clause}" for k, clause in enumerate(clauses, start=1)]
    return "\n".join(lines) + "\n"


def timed(function, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_redline(articles: int) -> dict[str, object]:
    from diff_match_patch import diff_match_patch

    from hoinhap.legal import redline
    from hoinhap.legal.parser import parse_text

    old_text, new_text = law_texts(articles)
    old, new = parse_text(old_text), parse_text(new_text)

    def ours() -> list[object]:
        pairs = redline.align(old, new)
        return [redline.word_diff(p.old.text if p.old else "", p.new.text if p.new else "") for p in pairs if p.changed]

    def dmp() -> object:
        engine = diff_match_patch()
        engine.Diff_Timeout = 0
        diffs = engine.diff_main(old_text, new_text)
        engine.diff_cleanupSemantic(diffs)
        return diffs

    def sequence_matcher() -> object:
        return difflib.SequenceMatcher(None, old_text.split(), new_text.split(), autojunk=False).get_opcodes()

    ours_s, _ = timed(ours, 3)
    dmp_s, _ = timed(dmp, 3)
    sm_s, _ = timed(sequence_matcher, 3)
    states: dict[str, int] = {}
    for pair in redline.align(old, new):
        states[pair.state] = states.get(pair.state, 0) + 1
    with_parse_s, _ = timed(lambda: (parse_text(old_text), parse_text(new_text), ours()), 3)
    return {"articles": len(old.articles()), "chars": len(old_text), "hoinhap_s": ours_s,
            "hoinhap_with_parsing_s": with_parse_s, "diff_match_patch_s": dmp_s, "difflib_words_s": sm_s,
            "states": states}


def seed_draft(articles: int = 30) -> tuple[object, object, object]:
    from datetime import date

    from hoinhap.core.models import Organisation
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services, services

    actor = system_actor()
    agency = Organisation.objects.create(code="BNG", name="Bộ Ngoại giao", kind="ministry")
    text = _render([(f"Quy định {i}", [f"Nội dung khoản một của điều {i} về hội nhập quốc tế.",
                                        f"Nội dung khoản hai của điều {i}."]) for i in range(articles)])
    draft = services.draft_create(actor=actor, slug="bench", title="Nghị quyết (bench)", drafting_agency=agency)
    version = services.version_import(actor=actor, draft=draft, data=text.encode(), filename="bench.txt")
    version = services.version_publish(actor=actor, version=version)
    round_ = consultation_services.round_open(actor=actor, version=version, opens_on=date(2025, 1, 1),
                                              deadline=date(2099, 1, 1), public=True)
    return actor, version, round_


def add_comments(round_, version, count: int, eids: list[str], *, answered: bool) -> None:  # noqa: ANN001
    """Rows written straight through the ORM (the services' per-comment checks are not what is measured)."""
    from hoinhap.core.models import Organisation
    from hoinhap.drafting.models import Comment, Response

    organisations = [Organisation.objects.create(code=f"ORG{i}", name=f"Cơ quan {i}", kind="ministry")
                     for i in range(Organisation.objects.count(), Organisation.objects.count() + 40)]
    comments = Comment.objects.bulk_create([
        Comment(round=round_, version=version, eid=eids[i % len(eids)], text=f"Ý kiến số {i}: đề nghị làm rõ nội dung"
                f" {'quy định' if i % 3 else 'khoản'} này cho phù hợp với thực tiễn hội nhập.",
                organisation=organisations[i % 40] if i % 5 else None, author_name="" if i % 5 else f"Người dân {i}",
                is_public=not i % 5) for i in range(count)], batch_size=500)
    if answered:
        Response.objects.bulk_create([Response(comment=c, disposition=("accepted", "explained", "partly_accepted")[
            c.pk % 3], explanation="Đã tiếp thu và chỉnh lý tại dự thảo.") for c in comments], batch_size=500)


def bench_report(comments: int) -> dict[str, object]:
    from datetime import date

    from hoinhap.drafting.documents import version_document
    from hoinhap.drafting.report_data import build_report
    from hoinhap.drafting.report_render import render

    _, version, round_ = seed_draft()
    eids = [n.eid for n in version_document(version).walk() if n.kind in ("article", "clause")] + [""]
    add_comments(round_, version, comments, eids, answered=True)
    result: dict[str, object] = {"comments": comments}
    build_s, report = timed(lambda: build_report(round_), 3)
    result["rows_s"] = build_s
    for fmt in ("docx", "xlsx", "html", "pdf"):
        try:
            seconds, (data, _) = timed(lambda fmt=fmt: render(report, fmt, on=date(2025, 10, 1)), 3)
        except Exception as error:  # noqa: BLE001 - a missing font is reported, not fatal
            result[f"{fmt}_s"] = f"unavailable: {error}"
            continue
        result[f"{fmt}_s"], result[f"{fmt}_bytes"] = build_s + seconds, len(data)
    return result


def bench_comment_page(count: int) -> dict[str, object]:
    from django.conf import settings
    from django.test import Client

    from hoinhap.drafting.models import Draft

    settings.ALLOWED_HOSTS = ["*"]
    draft = Draft.objects.get(slug="bench")
    version = draft.versions.get()
    round_ = draft.rounds.get()
    eid = "chp_I__art_7"
    add_comments(round_, version, count, [eid], answered=False)
    client = Client()
    urls = {"page": f"/du-thao/bench/v1/{eid}/", "page_5": f"/du-thao/bench/v1/{eid}/?page=5",
            "api": f"/api/v1/drafts/bench/versions/1/comments?eid={eid}"}
    result: dict[str, object] = {"comments_on_provision": count}
    for name, url in urls.items():
        assert client.get(url).status_code == 200
        times = []
        for _ in range(20):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        result[f"{name}_p50_ms"] = statistics.median(times) * 1000
        result[f"{name}_max_ms"] = max(times) * 1000
    return result


def bench_map(articles: int, comments: int) -> dict[str, object]:
    """The provision map: computed between the demo resolution's versions and between two synthetic
    versions of ``articles`` articles; then ``comments`` comments made on version 1 of a synthetic
    draft counted per article of version 2 (first read computes and stores the map; later reads
    load it)."""
    from hoinhap.demo.drafting import versions
    from hoinhap.drafting import provision_map, selectors
    from hoinhap.legal import redline
    from hoinhap.legal.parser import parse_text

    demo = [parse_text(text) for text in versions((WORDS_FROM).read_text(encoding="utf-8"))]
    demo_s = [timed(lambda a=a, b=b: provision_map.compute(a, b), 5)[0] for a, b in zip(demo, demo[1:], strict=False)]
    old_text, new_text = law_texts(articles)
    old, new = parse_text(old_text), parse_text(new_text)
    synthetic_s, steps = timed(lambda: provision_map.compute(old, new), 3)
    result: dict[str, object] = {
        "demo_articles": [len(d.articles()) for d in demo], "demo_steps_ms": [t * 1000 for t in demo_s],
        "synthetic_articles": len(old.articles()), "synthetic_provisions": len(steps),  # type: ignore[arg-type]
        "synthetic_ms": synthetic_s * 1000}
    v1, v2, round_ = _two_published_versions(old_text, new_text)
    eids = [n.eid for n in old.walk() if n.kind in ("article", "clause")] + [""]
    start = time.perf_counter()
    add_comments(round_, v1, comments, eids, answered=False)
    result["comments"], result["seeding_s"] = comments, time.perf_counter() - start
    from hoinhap.drafting.models import Version

    first_s, tallies = timed(lambda: selectors.comment_tallies(Version.objects.get(pk=v2.pk)), 1)
    later_s, _ = timed(lambda: selectors.comment_tallies(Version.objects.get(pk=v2.pk)), 5)
    on_articles = sum(tally.total for eid, tally in tallies.items()  # type: ignore[attr-defined]
                      if eid and redline.article_of(eid) == eid)
    result.update({"count_first_ms": first_s * 1000, "count_ms": later_s * 1000, "counted_on_articles": on_articles,
                   "counted_on_whole_draft": tallies.get("", None) and tallies[""].total})  # type: ignore[union-attr,index]
    return result


def _two_published_versions(old_text: str, new_text: str) -> tuple[object, object, object]:
    from datetime import date

    from hoinhap.core.models import Organisation
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services, services

    actor = system_actor()
    agency = Organisation.objects.get_or_create(code="BNG", defaults={"name": "Bộ Ngoại giao", "kind": "ministry"})[0]
    draft = services.draft_create(actor=actor, slug="bench-map", title="Luật (bench map)", drafting_agency=agency)
    made = []
    for number, text in enumerate((old_text, new_text), start=1):
        version = services.version_import(actor=actor, draft=draft, data=text.encode(), filename=f"v{number}.txt")
        made.append(services.version_publish(actor=actor, version=version))
    round_ = consultation_services.round_open(actor=actor, version=made[0], opens_on=date(2025, 1, 1),
                                              deadline=date(2099, 1, 1), public=True)
    return made[0], made[1], round_


def print_map(m: dict[str, object]) -> None:
    demo = ", ".join(f"v{i + 1}→v{i + 2} {ms:.0f} ms" for i, ms in enumerate(m["demo_steps_ms"]))  # type: ignore[arg-type]
    print(f"provision map, demo resolution ({m['demo_articles']} articles): {demo}")
    print(f"provision map, synthetic {m['synthetic_articles']} articles ({m['synthetic_provisions']} provisions): "
          f"{m['synthetic_ms']:.0f} ms")
    print(f"comments per article, {m['comments']:,} comments on v1 counted in v2: first read (computes and stores "
          f"the map) {m['count_first_ms']:.0f} ms; later reads p50 {m['count_ms']:.0f} ms; "
          f"{m['counted_on_articles']:,} on articles, {m['counted_on_whole_draft']:,} on the whole draft")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--page-comments", type=int, default=500)
    parser.add_argument("--map-articles", type=int, default=300)
    parser.add_argument("--count-comments", type=int, default=100_000)
    parser.add_argument("--only", choices=["map"], help="run only this part")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    if args.only == "map":
        results = {"map": bench_map(args.map_articles, args.count_comments)}
        print(json.dumps(results, indent=1, ensure_ascii=False)) if args.json else print_map(results["map"])
        return 0
    results = {"redline": bench_redline(args.articles), "report": bench_report(args.comments),
               "comment_page": bench_comment_page(args.page_comments),
               "map": bench_map(args.map_articles, args.count_comments)}
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    r = results["redline"]
    print(f"redline, {r['articles']} articles ({r['chars']:,} chars): hoinhap {r['hoinhap_s'] * 1000:.0f} ms "
          f"(with parsing both texts {r['hoinhap_with_parsing_s'] * 1000:.0f} ms); diff-match-patch "
          f"{r['diff_match_patch_s'] * 1000:.0f} ms ({r['diff_match_patch_s'] / r['hoinhap_s']:.1f}x ours); "
          f"difflib words {r['difflib_words_s'] * 1000:.0f} ms ({r['difflib_words_s'] / r['hoinhap_s']:.1f}x ours)")
    print(f"  states: {r['states']}")
    p = results["report"]
    print(f"report, {p['comments']} comments: rows {p['rows_s'] * 1000:.0f} ms; " + "; ".join(
        f"{fmt} {p[f'{fmt}_s'] * 1000:.0f} ms" if isinstance(p[f"{fmt}_s"], float) else f"{fmt} {p[f'{fmt}_s']}"
        for fmt in ("docx", "xlsx", "html", "pdf")))
    c = results["comment_page"]
    print(f"comment page, {c['comments_on_provision']} comments on one provision: page 1 p50 {c['page_p50_ms']:.1f} ms"
          f" (max {c['page_max_ms']:.1f}); page 5 p50 {c['page_5_p50_ms']:.1f} ms; API p50 {c['api_p50_ms']:.1f} ms")
    print_map(results["map"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
