from reports.selectors import followed_unit
from unions.selectors import national_unit


def test_an_officer_follows_a_unit_of_their_scope(tree, thanh_hoa_officer):
    assert followed_unit(thanh_hoa_officer, "P38") == tree["thanh_hoa"]


def test_a_unit_outside_the_scope_is_answered_as_one_that_does_not_exist(tree, thanh_hoa_officer):
    assert followed_unit(thanh_hoa_officer, "P01") is None
    assert followed_unit(thanh_hoa_officer, "NO-SUCH-UNIT") is None


def test_the_national_unit_is_the_root_of_the_tree(tree):
    assert national_unit() == tree["tld"]
