from hoinhap.legal.eids import eid_words


def test_an_eid_reads_as_a_citation():
    assert eid_words("chp_IV__art_10") == "Điều 10"
    assert eid_words("chp_IV__art_10__cl_2__pt_dd") == "điểm đ khoản 2 Điều 10"
    assert eid_words("chp_II") == "Chương II"
    assert eid_words("hcontainer_3") == "hcontainer_3"  # not a citable unit: as it is
