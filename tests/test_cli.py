import json

import pytest

from hoinhap.cli import main
from hoinhap.corpus.models import Work
from tests.conftest import DEMO


def test_parse_prints_json_tree(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Chương I\nCHUNG\nĐiều 1. Tên\n1. Khoản.", encoding="utf-8")
    assert main(["parse", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"meta", "warnings", "body"}
    chapter = data["body"][0]
    assert set(chapter) == {"kind", "num", "heading", "text", "eid", "children"}
    assert chapter["children"][0]["children"][0]["eid"] == "chp_I__art_1__cl_1"


def test_parse_text_and_akn(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. Tên\nNội dung.", encoding="utf-8")
    assert main(["parse", str(path), "--format", "text"]) == 0
    assert "Điều 1. Tên" in capsys.readouterr().out
    assert main(["parse", str(path), "--format", "akn"]) == 0
    assert "<akomaNtoso" in capsys.readouterr().out


def test_parse_binary_file_is_one_line_error(tmp_path, capsys):
    path = tmp_path / "a.bin"
    path.write_bytes(b"\x00\x01\x02")
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hoinhap: lỗi:") and err.count("\n") == 1  # the CLI speaks Vietnamese (LANGUAGE_CODE)


@pytest.mark.django_db(transaction=True)
def test_import_and_export(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<akomaNtoso><unclosed>")
    assert main(["import", str(DEMO / "nq-250-minh-hoa.txt"), str(bad)]) == 2
    assert Work.objects.count() == 1
    out = tmp_path / "out.docx"
    assert main(["export", "250/2025/QH15", "--format", "docx", "-o", str(out)]) == 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Điều 18. Hỗ trợ đối với người làm công tác đối ngoại, hội nhập quốc tế" in text
    assert main(["export", "250/2025/QH15", "--format", "akn", "-o", str(tmp_path / "x.xml")]) == 0
    from hoinhap.legal.schema import validate

    assert validate((tmp_path / "x.xml").read_bytes())[0]
    assert main(["export", "999/2099/QH99"]) == 3


@pytest.mark.django_db(transaction=True)
def test_demo_loads_idempotently():
    assert main(["demo", "--no-serve"]) == 0
    assert main(["demo", "--no-serve"]) == 0
    assert Work.objects.filter(is_illustrative=True).count() == 3
    resolution = Work.objects.get(number="250/2025/QH15")
    assert len([n for n in resolution.expressions.get().tree["body"] if n["kind"] == "chapter"]) == 8
