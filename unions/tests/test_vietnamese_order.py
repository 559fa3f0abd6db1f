"""Units are listed in Vietnamese alphabetical order everywhere, from ``Unit.sort_name``.

By code points "Bình Định" sorts before "Bạc Liêu" (ạ is U+1EA1, after i) and every name
starting with Đ after "Yên Bái"; in Vietnamese order: Bạc Liêu, Bình Định, Đà Nẵng, Đắk Lắk,
Đồng Nai, Gia Lai.
"""

import importlib
import unicodedata

import pytest
from django.apps import apps as django_apps
from django.db import connection

from unions import selectors
from unions.enums import UnitKind
from unions.models import Unit
from unions.services import units_import
from unions.tests.factories import UnitFactory

ORDER = ["LĐLĐ Bạc Liêu", "LĐLĐ Bình Định", "LĐLĐ Đà Nẵng", "LĐLĐ Đắk Lắk", "LĐLĐ Đồng Nai", "LĐLĐ Gia Lai"]
SHUFFLED = [ORDER[i] for i in (4, 1, 5, 3, 0, 2)]


@pytest.fixture
def provinces(db):
    root = UnitFactory(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind=UnitKind.FEDERATION)
    for number, name in enumerate(SHUFFLED, start=1):
        UnitFactory(parent=root, code=f"P{number:02d}", name=name, kind=UnitKind.PROVINCE)
        root.refresh_from_db()
    return root


def test_child_units_are_in_vietnamese_order(provinces):
    assert [u.name for u in selectors.child_units(provinces)] == ORDER


def test_top_level_units_are_in_vietnamese_order(provinces):
    assert [u.name for u in selectors.top_level_units()] == ORDER


def test_grassroots_search_results_are_in_vietnamese_order(provinces):
    parent = Unit.objects.get(code="P01")
    for number, name in enumerate(["Công đoàn Đông Á", "Công đoàn Bình Minh", "Công đoàn Hà Giang"], start=1):
        UnitFactory(parent=parent, code=f"G{number}", name=name)
        parent.refresh_from_db()

    assert [u.name for u in selectors.search_grassroots("cong doan")] == [
        "Công đoàn Bình Minh", "Công đoàn Đông Á", "Công đoàn Hà Giang"]


def test_the_unit_finder_lists_the_top_level_in_vietnamese_order(provinces):
    assert [u.name for u in selectors.picker_state(at_code="", query="")["children"]] == ORDER


def test_a_decomposed_name_sorts_like_the_composed_one(provinces):
    unit = Unit.objects.get(name="LĐLĐ Đắk Lắk")
    unit.name = unicodedata.normalize("NFD", unit.name)
    unit.save()

    assert [unicodedata.normalize("NFC", u.name) for u in selectors.child_units(provinces)] == ORDER


def test_renaming_a_unit_with_update_fields_moves_it(provinces):
    unit = Unit.objects.get(name="LĐLĐ Gia Lai")
    unit.name = "LĐLĐ An Giang"
    unit.save(update_fields=["name"])

    assert [u.name for u in selectors.child_units(provinces)][0] == "LĐLĐ An Giang"


def test_imported_units_get_their_sort_name(db):
    units_import(rows=[
        {"code": "TLD", "name": "Tổng Liên đoàn", "parent_code": "", "kind": "federation"},
        *({"code": f"P{n}", "name": name, "parent_code": "TLD", "kind": "province"}
          for n, name in enumerate(SHUFFLED, start=1)),
    ])

    assert [u.name for u in selectors.child_units(Unit.objects.get(code="TLD"))] == ORDER


def test_a_renamed_import_moves_the_unit(provinces):
    units_import(rows=[{"code": "P03", "name": "LĐLĐ An Giang", "parent_code": "TLD", "kind": "province"}])

    assert [u.name for u in selectors.child_units(provinces)][0] == "LĐLĐ An Giang"


def test_the_migration_fills_the_sort_name_of_existing_units(provinces):
    Unit.objects.update(sort_name="")
    migration = importlib.import_module("unions.migrations.0007_unit_sort_name")

    migration.fill_sort_names(django_apps, None)

    assert [u.name for u in selectors.child_units(provinces)] == ORDER


def test_ordering_by_sort_name_can_use_its_index(provinces):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM unions_unit ORDER BY sort_name, code LIMIT 20")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")

    assert "unit_sort_name" in plan
