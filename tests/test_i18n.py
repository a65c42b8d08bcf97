"""The interface in Vietnamese first, English second: the catalogue is complete and in use."""

import re
from pathlib import Path

import polib
import pytest

from hoinhap.i18n import LOCALE_DIR, catalogue_problems, compile_catalogues

VI_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(LOCALE_DIR.parent).glob("*/templates/**/*.html")
TRANSLATE_TAG = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert catalogue_problems(VI_PO) == []


def test_every_template_string_is_in_the_catalogue():
    msgids = {entry.msgid for entry in polib.pofile(str(VI_PO))}
    used = {m.group(2) for path in TEMPLATES for m in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8"))}
    assert used, "no {% translate %} tags found: the pattern is wrong"
    assert sorted(used - msgids) == []


def test_compile_writes_a_catalogue_gettext_reads(tmp_path):
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(VI_PO.read_bytes())
    assert compile_catalogues(tmp_path) == [target / "django.mo"]
    assert compile_catalogues(tmp_path) == []  # fresh: nothing rebuilt
    import gettext

    with open(target / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Legal corpus") == "Cơ sở dữ liệu văn bản"
    assert catalogue.ngettext("%(n)s document", "%(n)s documents", 3) == "%(n)s văn bản"


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected,absent", [("vi", "Cơ sở dữ liệu văn bản", "Legal corpus"),
                                                       ("en", "Legal corpus", "Cơ sở dữ liệu văn bản")])
def test_home_page_speaks_the_requested_language(client, language, expected, absent):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in page
    assert absent not in page
    assert f'lang="{language}"' in page
