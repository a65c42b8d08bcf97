"""The landing page says what hoinhap is and where each role starts; a filtered list is just the list."""


def test_the_landing_names_each_role_and_where_it_starts(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Bắt đầu từ đâu" in page
    for role in ("Người dân và doanh nghiệp", "Ban soạn thảo", "Cơ quan thường trực Ban Chỉ đạo",
                 "Cán bộ báo cáo tại các bộ, ngành, địa phương"):
        assert role in page
    assert 'href="/du-thao/"' in page and 'href="/nhiem-vu/"' in page
    assert page.count("<h1") == 1


def test_a_filtered_list_has_no_landing(client, db):
    page = client.get("/?type=Nghị quyết", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Bắt đầu từ đâu" not in page
    assert page.count("<h1") == 1


def test_the_favicon_is_served_by_hoinhap_itself(client, db):
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/web/favicon.svg"' in page
