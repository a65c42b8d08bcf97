"""What a screen-reader or keyboard user needs from every reader page, checked on the served HTML:
the page's language, landmarks, a skip link, one h1 and no skipped heading level, a label for every
form control, names for links. (Issue 7 adds the same journeys in a real browser.)"""

import pytest
from lxml import html

pytestmark = pytest.mark.django_db

PAGES = ["/", "/?type=Nghị quyết&sort=title", "/tim-kiem/", "/tim-kiem/?q=hội+nhập+quốc+tế",
         "/vb/250-2025-qh15/", "/vb/250-2025-qh15/chp_VI__art_18/", "/vb/153-nq-cp/", "/doi-tac/?as_of=2025-08-22",
         "/chi-tieu/?as_of=2025-08-22", "/tong-quan/?as_of=2025-08-22",
         "/co-che/ho-tro-luong/?month=2026-01&coefficient=4.4&categories=regular_staff&overlap=highest"
         "&part_month=full&salary_day=first",
         "/du-thao/", "/du-thao/nq-co-che-hoi-nhap/", "/du-thao/nq-co-che-hoi-nhap/v1/",
         "/du-thao/nq-co-che-hoi-nhap/v1/chp_VI__art_16/", "/du-thao/nq-co-che-hoi-nhap/so-sanh/?from=1&to=3",
         "/du-thao/nq-co-che-hoi-nhap/doi-chieu/", "/dang-nhap/", "/nhiem-vu/?as_of=2026-01-10",
         "/nhiem-vu/{task}/", "/nhiem-vu/chuong-trinh/", "/nhiem-vu/chuong-trinh/ket-luan-phien-1/", "/nhiem-vu/vuong-mac/"]


def headings(tree):
    return [int(el.tag[1]) for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_page_structure(client, demo, url, language):
    if "{task}" in url:  # ids differ between databases (PostgreSQL sequences are not reset between tests)
        from hoinhap.implementation.models import Task

        url = url.format(task=Task.objects.order_by("pk").first().pk)
    if url.startswith("/nhiem-vu/"):  # task details are for signed-in readers
        from hoinhap.core.models import User

        client.force_login(User.objects.create_user("reader"))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    assert tree.get("lang") == language
    for landmark in ("header", "nav", "main", "footer"):
        assert tree.find(f".//{landmark}") is not None, landmark
    assert tree.xpath("//a[@class='skip'][@href='#main']") and tree.get_element_by_id("main") is not None
    levels = headings(tree)
    assert levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    labelled = {label.get("for") for label in tree.iter("label")}
    for control in tree.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled or control.get("aria-label"), html.tostring(control)[:120]
    for link in tree.iter("a"):
        assert link.text_content().strip() or link.get("aria-label"), html.tostring(link)[:120]


def test_provision_page_titles_the_provision(client, demo):
    tree = html.fromstring(client.get("/vb/250-2025-qh15/chp_VI__art_18/").content)
    assert "Điều 18" in tree.find(".//h1").text_content()
    # A clause has no name: its number opens its paragraph as a permalink, not an empty heading.
    clause = tree.xpath("//section[@id='chp_VI__art_18__cl_1']")[0]
    assert not clause.xpath("./h2|./h3") and clause.xpath("./p/a[@class='permalink']")[0].text == "1."
