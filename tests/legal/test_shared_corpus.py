"""The 31 real documents of ../shared/data/vn-legal (skipped on a fresh clone without ../shared)."""

import csv

import pytest

from hoinhap.legal.akn_export import to_akn
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.parser import marker_free, parse_text
from hoinhap.legal.schema import validate
from hoinhap.legal.tree import squash
from tests.conftest import VN_LEGAL, needs_shared
from tests.legal.helpers import feed_line_by_line

pytestmark = [needs_shared, pytest.mark.corpus]

# Articles of each document's own body and attachments, quoted amending text excluded. The
# MANIFEST's "dieu" column is a line-start regex count; where it differs, the text was read by hand:
# luat-51: 3 (its "Điều 48b." stands inside a quotation of the amended law); luat-74: 55 (the crawl
# repeats "Điều 55." as a glued line); nq-73: 19 (MANIFEST counts a wrapped line "Điều 6, Điều 7 …");
# vbhn-94: 37 (its last "Điều 7." is a footnote quoting the amending circular). Sample checked by
# hand against the full text: luat-60 (46), nd-30 (38), qd-99 (3 + 16 in the attached Quy chế).
ARTICLES = {
    "kl-69-kltw-2024-kh-cn": 0,
    "luat-51-2024-qh15-sua-doi-bhyt": 3,
    "luat-60-2024-qh15-du-lieu": 46,
    "luat-74-2025-qh15-viec-lam": 55,
    "luat-80-2025-qh15-can-bo-cong-chuc": 45,
    "nd-170-2025-ndcp-tuyen-dung-cong-chuc": 76,
    "nd-171-2025-ndcp-dao-tao-boi-duong": 42,
    "nd-173-2025-ndcp-hop-dong-cong-chuc": 16,
    "nd-30-2020-ndcp-cong-tac-van-thu": 38,
    "nd-305-2025-ndcp-vien-tro-nuoc-ngoai": 82,
    "nq-03-nqcp-2025-ctrhd-nq57": 3,
    "nq-05-2025-nqcp-tai-san-ma-hoa": 24,
    "nq-1659-ubtvqh15-2025-da-nang": 3,
    "nq-188-2025-qh15-duong-sat-do-thi": 11,
    "nq-197-2025-qh15-xay-dung-thi-hanh-phap-luat": 12,
    "nq-198-2025-qh15-kinh-te-tu-nhan": 17,
    "nq-20-nqtw-2012-kh-cn": 0,
    "nq-203-2025-qh15-sua-doi-hien-phap": 2,
    "nq-57-nqtw-2024-kh-cn-dmst-cds": 0,
    "nq-60-nqtw-2025-hoi-nghi-tw11": 0,
    "nq-73-2025-nqhdnd-ha-noi": 19,
    "nq-76-2025-ubtvqh15-sap-xep-dvhc": 17,
    "qd-2500-qdttg-2025-danh-muc-bmnn": 5,
    "qd-384-qdtw-2025-chia-se-du-lieu": 20,
    "qd-44-2025-qdttg-bai-bo-vbqppl": 2,
    "qd-99-2025-qdubnd-nghe-an-thu-dien-tu": 19,
    "tt-05-2025-ttbgddt-che-do-lam-viec-gv": 15,
    "tt-23-2025-ttbtp-phan-cap-to-chuc-can-bo": 21,
    "tt-58-2025-ttbct-gia-thuy-dien-tich-nang": 38,
    "tt-68-2025-ttbnnmt-vien-tham": 34,
    "vbhn-94-vbhnbqp-2025-bom-min": 37,
}


def documents():
    if not VN_LEGAL.exists():
        return []
    with (VN_LEGAL / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        return list(csv.DictReader(manifest, delimiter="\t"))


@pytest.fixture(scope="module")
def parsed():
    return {row["filename"]: parse_text((VN_LEGAL / row["filename"]).read_text(encoding="utf-8"))
            for row in documents()}


def test_all_31_documents_are_listed():
    assert len(documents()) == 31 == len(ARTICLES)


@pytest.mark.parametrize("row", documents(), ids=lambda r: r["filename"][4:-4])
def test_no_text_is_lost(row, parsed):
    source = (VN_LEGAL / row["filename"]).read_text(encoding="utf-8")
    assert squash(marker_free(source)) == squash(parsed[row["filename"]].source_text().replace("|", ""))


@pytest.mark.parametrize("row", documents(), ids=lambda r: r["filename"][4:-4])
def test_article_count(row, parsed):
    assert len(parsed[row["filename"]].articles()) == ARTICLES[row["filename"][4:-4]]


@pytest.mark.parametrize("row", documents(), ids=lambda r: r["filename"][4:-4])
def test_metadata_matches_manifest(row, parsed):
    meta = parsed[row["filename"]].meta
    if "NOT in text" not in row["date_source"]:
        assert meta.number == row["doc_number"]
    if row["date_source"].startswith("text"):
        assert meta.date is not None and meta.date.isoformat() == row["date"]
    assert meta.doc_type == row["doc_type"].split(" (")[0]


@pytest.mark.parametrize("row", documents(), ids=lambda r: r["filename"][4:-4])
def test_export_validates_and_round_trips(row, parsed):
    document = parsed[row["filename"]]
    xml = to_akn(document)
    valid, errors = validate(xml)
    assert valid, errors[:3]
    again = read_akn(xml).to_dict(markers=True)
    original = document.to_dict(markers=True)
    again.pop("warnings"), original.pop("warnings")
    assert again == original


def test_the_marker_prefilter_lets_every_marker_through():
    """``MAYBE_MARKER`` only skips work: any line a marker pattern accepts must pass it."""
    from hoinhap.legal.markers import VOCABULARIES, numbered, structural
    from hoinhap.legal.parser import MAYBE_MARKER, normalise

    checked = 0
    for path in sorted((VN_LEGAL / "txt").glob("*.txt")):
        for raw in normalise(path.read_text(encoding="utf-8")).split("\n"):
            line = raw.strip()
            for vocab in VOCABULARIES.values():
                if structural(line, vocab) or numbered(line):
                    checked += 1
                    assert MAYBE_MARKER.match(line), line
    assert checked > 5000


def test_block_end_lines_of_the_corpus_start_with_a_listed_character():
    from hoinhap.legal.parser import _BLOCK_END_FIRST, BLOCK_END, normalise

    starts = {line[0] for path in sorted((VN_LEGAL / "txt").glob("*.txt"))
              for line in (raw.strip() for raw in normalise(path.read_text(encoding="utf-8")).split("\n"))
              if BLOCK_END.match(line)}
    assert starts and starts <= _BLOCK_END_FIRST



@pytest.mark.parametrize("row", documents(), ids=lambda r: r["filename"][4:-4])
def test_the_inline_path_does_what_feed_does(row, parsed):
    """``_Parser.run`` settles plain lines inline; the tree and warnings must be those of ``feed``."""
    slow = feed_line_by_line((VN_LEGAL / row["filename"]).read_text(encoding="utf-8"))
    fast = parsed[row["filename"]]
    assert fast.to_dict(markers=True) == slow.to_dict(markers=True)
