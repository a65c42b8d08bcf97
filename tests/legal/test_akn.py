import pytest

from hoinhap.legal.akn_export import to_akn
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.parser import parse_text
from hoinhap.legal.schema import validate
from tests.conftest import AKN_EXAMPLES, needs_shared

SAMPLE = ("QUỐC HỘI\nSố: 64/2025/QH15 | Hà Nội, ngày 19 tháng 02 năm 2025\nLUẬT\nBAN HÀNH VĂN BẢN\n"
          "Căn cứ Hiến pháp;\nChương I\nCHUNG\nĐiều 1. Phạm vi\n1. Một.\na) Điểm.\n| a | b |\nSau bảng.\n"
          "Luật này được Quốc hội thông qua ngày 19 tháng 02 năm 2025.\nCHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\n"
          "PHỤ LỤC I\nDANH MỤC\nNội dung phụ lục.")


def comparable(document):
    data = document.to_dict(markers=True)
    data.pop("warnings")
    return data


@pytest.mark.parametrize("doc_name", ["act", "bill"])
def test_export_validates_against_oasis_schema(doc_name):
    xml = to_akn(parse_text(SAMPLE), doc_name=doc_name)
    valid, errors = validate(xml)
    assert valid, errors[:3]
    assert b"/akn/vn/" + doc_name.encode() + b"/luat/2025/64-2025-qh15" in xml


def test_round_trip_gives_the_same_tree():
    document = parse_text(SAMPLE)
    assert comparable(read_akn(to_akn(document))) == comparable(document)


def test_empty_document_still_validates():
    valid, errors = validate(to_akn(parse_text("")))
    assert valid, errors[:3]


@needs_shared
@pytest.mark.parametrize("path", sorted(AKN_EXAMPLES.glob("*.xml")) if AKN_EXAMPLES.exists() else [],
                         ids=lambda p: p.name)
def test_oasis_examples_import(path):
    document = read_akn(path.read_bytes())
    assert len(list(document.walk())) > 3
    eids = [n.eid for n in document.walk()]
    assert len(eids) == len(set(eids))
    assert validate(to_akn(document))[0]


@pytest.mark.parametrize("data,reason", [
    (b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]><akomaNtoso>&lol2;"
     b"</akomaNtoso>", "DOCTYPE"),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><x>&xxe;</x>", "DOCTYPE"),
    (b"<akomaNtoso><act>", "malformed"),
    (b"<html/>", "not an Akoma Ntoso"),
])
def test_hostile_or_broken_xml_is_refused(data, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        read_akn(data)
