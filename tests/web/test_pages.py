import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_documents(client, demo):
    page = client.get("/")
    assert page.status_code == 200
    assert "250/2025/QH15" in page.content.decode()


def test_document_page_has_toc_permalinks_and_illustrative_notice(client, demo):
    page = client.get("/vb/250-2025-qh15/").content.decode()
    assert 'href="#chp_VI__art_18"' in page
    assert "/vb/250-2025-qh15/chp_VI__art_18/" in page
    assert "không phải văn bản chính thức" in page.lower() or "not an official" in page.lower()


def test_vietnamese_date_on_pages(client, demo):
    page = client.get("/vb/250-2025-qh15/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "ngày 10 tháng 12 năm 2025" in page


def test_provision_page_and_404(client, demo):
    assert "300%" in client.get("/vb/250-2025-qh15/chp_VI__art_19/").content.decode()
    assert client.get("/vb/250-2025-qh15/art_999/").status_code == 404
    assert client.get("/vb/khong-co/").status_code == 404


@pytest.mark.parametrize("fmt,content_type", [("akn", "application/akn+xml"), ("json", "application/json"),
                                              ("docx", "application/vnd.openxmlformats")])
def test_downloads(client, demo, fmt, content_type):
    response = client.get(f"/vb/250-2025-qh15/tai-ve/{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


def test_api_documents_provisions_and_errors(client, demo):
    docs = client.get("/api/v1/documents").json()
    assert {d["number"] for d in docs} >= {"59-NQ/TW", "153/NQ-CP", "250/2025/QH15"}
    provision = client.get("/api/v1/documents/250-2025-qh15/provisions/chp_VI__art_18__cl_1").json()
    assert "100%" in provision["text"]
    missing = client.get("/api/v1/documents/nothing")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    relations = client.get("/api/v1/documents/153-nq-cp/relations").json()
    assert any(r["target_number"] == "59-NQ/TW" and r["target"] == "59-nq-tw" for r in relations)


def test_openapi_docs(client):
    assert client.get("/api/docs").status_code == 200
    assert "/api/v1/documents" in client.get("/api/openapi.json").json()["paths"]
