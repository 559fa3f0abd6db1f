"""The demo union tree: the bundled 2022 top plus generated upper and grassroots unions."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from unions.enums import TOP_LEVEL_KINDS, UnitKind
from unions.services import UnitImportReport, read_units_file, units_import

from .campaign import DEMO_PROVINCE, DemoDataError
from .vocabulary import (
    BRANDS,
    DEPARTMENTS,
    DISCIPLINES,
    DISTRICT_OFFICES,
    DISTRICTS,
    FDI_SYLLABLES,
    GENERIC_SECTOR,
    INDUSTRIES,
    KINDERGARTENS,
    PEOPLE,
    SECTORS,
    SPECIALTIES,
    SectorSpec,
    commune_name,
    top_weight,
)


def _bare(place: str) -> str:
    """A district without its administrative word ("huyện Hoằng Hóa" → "Hoằng Hóa", "quận 1" → "Quận 1")."""
    for prefix in ("thành phố ", "thị xã ", "quận ", "huyện "):
        if place.startswith(prefix):
            rest = place[len(prefix) :]
            return f"Quận {rest}" if rest.isdigit() else rest
    return place


def _party_committee(district: str) -> str:
    """The party committee of a district: "huyện X" → "Huyện ủy X"."""
    committees = (("thành phố ", "Thành ủy"), ("thị xã ", "Thị ủy"), ("quận ", "Quận ủy"), ("huyện ", "Huyện ủy"))
    for prefix, committee in committees:
        if district.startswith(prefix):
            return f"{committee} {district[len(prefix) :]}"
    return f"Huyện ủy {district}"


def top_units_csv() -> Path:
    """The bundled top of the 2022 union tree (federation, provinces, sectors)."""
    return Path(apps.get_app_config("unions").path) / "data" / "units_2022.csv"


@dataclass(frozen=True)
class _Place:
    """A province as used in names: ``province`` "tỉnh Thanh Hóa", ``place`` "Thanh Hóa"."""

    province: str
    place: str
    districts: tuple[str, ...]


def _place_of(top_row: dict[str, str]) -> _Place:
    """The province behind a province federation row ("LĐLĐ tỉnh Thanh Hóa")."""
    province = top_row["name"].removeprefix("LĐLĐ ").strip()
    place = province.removeprefix("thành phố ").removeprefix("tỉnh ")
    districts = DISTRICTS.get(top_row["code"]) or (f"thành phố {place}",)
    return _Place(province=province, place=place, districts=districts)


class _Namer:
    """Draws grassroots and upper union names; keeps names unique within a top-level unit."""

    def __init__(self, rng: random.Random, places: Sequence[_Place]) -> None:
        """Draw with ``rng``; sector unions take their places from ``places``."""
        self.rng = rng
        self.places = places
        self.used: set[str] = set()

    def unique(self, make: Callable[[], str]) -> str:
        """A name from ``make`` not used yet under the current top-level unit."""
        for _attempt in range(8):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        # Rare with the pools above; schools and companies do carry such numbers.
        number = 2
        while f"{name} {number}" in self.used:
            number += 1
        self.used.add(f"{name} {number}")
        return f"{name} {number}"

    def enterprise(self, place: _Place, district: str | None = None) -> str:
        """A company: "Công đoàn Công ty TNHH May Phú Thọ", "… Cổ phần Cơ khí Hồng Hà", "… Hansol Vina"."""
        rng = self.rng
        form = rng.choices(("TNHH", "Cổ phần", "TNHH MTV"), weights=(5, 4, 1))[0]
        industry = rng.choice(INDUSTRIES)
        draw = rng.random()
        if draw < 0.4:
            where = _bare(district or rng.choice(place.districts)) if rng.random() < 0.5 else place.place
            if where.startswith("Quận "):
                where = place.place
            return f"Công đoàn Công ty {form} {industry} {where}"
        if draw < 0.6:
            return f"Công đoàn Công ty {form} {industry} {rng.choice(BRANDS)}"
        if draw < 0.8:
            return f"Công đoàn Công ty {form} {industry} {commune_name(rng)}"
        if draw < 0.92:
            brand = rng.choice(FDI_SYLLABLES[0]) + rng.choice(FDI_SYLLABLES[1])
            return f"Công đoàn Công ty TNHH {brand} {rng.choice(('Vina', 'Việt Nam'))}"
        return f"Công đoàn Nhà máy {industry} {rng.choice(BRANDS)}"

    def school(self, place: _Place, district: str | None = None, *, upper_secondary: bool = False) -> str:
        """A school: "Công đoàn Trường THPT Nguyễn Trãi", "… Trường Mầm non Hoa Sen"."""
        rng = self.rng
        district = district or rng.choice(place.districts)
        if upper_secondary:
            draw = rng.random()
            if draw < 0.6:
                return f"Công đoàn Trường THPT {rng.choice(PEOPLE)}"
            if draw < 0.7:
                return f"Công đoàn Trường THPT {_bare(district)} {rng.randint(1, 4)}"
            if draw < 0.8:
                return f"Công đoàn Trường THPT {commune_name(rng)}"
            if draw < 0.9:
                return f"Công đoàn Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {district}"
            return f"Công đoàn Trường Cao đẳng {rng.choice(('Sư phạm', 'Y tế', 'Nghề', 'Kỹ thuật'))} {place.place}"
        level = rng.choices(("Mầm non", "Tiểu học", "THCS", "THPT"), weights=(3, 3, 3, 1))[0]
        if level == "Mầm non":
            namesake = rng.choice(KINDERGARTENS) if rng.random() < 0.3 else commune_name(rng)
        elif level == "THPT":
            namesake = rng.choice(PEOPLE)
        else:
            namesake = rng.choice(PEOPLE) if rng.random() < 0.3 else commune_name(rng)
        return f"Công đoàn Trường {level} {namesake}"

    def health(self, place: _Place, district: str | None = None) -> str:
        """A health unit: "Công đoàn Trung tâm Y tế huyện X", "… Bệnh viện Đa khoa tỉnh …"."""
        rng = self.rng
        district = district or rng.choice(place.districts)
        draw = rng.random()
        if draw < 0.15:
            return f"Công đoàn Trung tâm Y tế {district}"
        if draw < 0.25 and not district.startswith("quận "):
            return f"Công đoàn Bệnh viện Đa khoa {district}"
        if draw < 0.35:
            return f"Công đoàn Bệnh viện {rng.choice(SPECIALTIES)} {place.province}"
        if draw < 0.4:
            return f"Công đoàn Bệnh viện Đa khoa {place.province}"
        if draw < 0.45:
            return f"Công đoàn Trung tâm Kiểm soát bệnh tật {place.province}"
        if draw < 0.75:
            return f"Công đoàn Phòng khám Đa khoa khu vực {commune_name(rng)}"
        return f"Công đoàn Công ty Cổ phần Bệnh viện Đa khoa {rng.choice(BRANDS)}"

    def agency(self, place: _Place, district: str | None = None) -> str:
        """A public agency: "Công đoàn cơ quan Sở Tài chính tỉnh X", "… Chi cục Thuế huyện Y"."""
        rng = self.rng
        district = district or rng.choice(place.districts)
        draw = rng.random()
        if draw < 0.15:
            return f"Công đoàn cơ quan Sở {rng.choice(DEPARTMENTS)} {place.province}"
        if draw < 0.25:
            return f"Công đoàn cơ quan Ủy ban nhân dân {district}"
        if draw < 0.3:
            return f"Công đoàn cơ quan {_party_committee(district)}"
        if draw < 0.55:
            return f"Công đoàn {rng.choice(DISTRICT_OFFICES)} {district}"
        ward = "phường" if district.startswith(("quận ", "thành phố ", "thị xã ")) else "xã"
        return f"Công đoàn cơ quan Ủy ban nhân dân {ward} {commune_name(rng)} {district}"

    def mixed(self, place: _Place, district: str | None = None) -> str:
        """A grassroots union of a district: companies, schools, agencies and clinics."""
        kind = self.rng.choices(("enterprise", "school", "agency", "health"), weights=(35, 35, 22, 8))[0]
        return getattr(self, kind)(place, district)

    def grassroots(self, profile: str, place: _Place, district: str | None = None) -> str:
        """A grassroots name for an upper union of the given ``profile``."""
        make: dict[str, Callable[[], str]] = {
            "industrial_zone": lambda: self.enterprise(place, district),
            "enterprise": lambda: self.enterprise(place, district),
            "district": lambda: self.mixed(place, district),
            "education": lambda: self.school(place, district, upper_secondary=True),
            "health": lambda: self.health(place, district),
            "agency": lambda: self.agency(place, district),
            "agriculture": lambda: (
                self.enterprise(place, district) if self.rng.random() < 0.6 else self.agency(place, district)
            ),
        }
        return self.unique(make[profile])

    def sector_grassroots(self, spec: SectorSpec) -> str:
        """A grassroots union of a central sector, from the sector's templates."""
        return self.unique(lambda: self._fill(self.rng.choice(spec.templates)))

    def _fill(self, template: str) -> str:
        """Fill a sector template with a random province, district and vocabulary."""
        rng = self.rng
        place = rng.choice(self.places)
        district = rng.choice(place.districts)
        return template.format(
            province=place.province,
            place=place.place,
            district=district,
            district_place=_bare(district),
            n=rng.randint(1, 9),
            discipline=rng.choice(DISCIPLINES),
            industry=rng.choice(INDUSTRIES),
            brand=rng.choice(BRANDS),
            specialty=rng.choice(SPECIALTIES),
            commune=commune_name(rng),
        )


def _province_uppers(rng: random.Random, place: _Place) -> list[tuple[str, str, str | None]]:
    """(name, profile, district) of the upper unions a province may have; industrial zones first."""
    districts = [(f"Liên đoàn Lao động {district}", "district", district) for district in place.districts]
    branches = [
        (f"Công đoàn ngành Giáo dục {place.province}", "education", None),
        (f"Công đoàn ngành Y tế {place.province}", "health", None),
        (f"Công đoàn Viên chức {place.province}", "agency", None),
        (f"Công đoàn ngành Xây dựng {place.province}", "enterprise", None),
        (f"Công đoàn ngành Công Thương {place.province}", "enterprise", None),
        (f"Công đoàn ngành Giao thông Vận tải {place.province}", "enterprise", None),
        (f"Công đoàn ngành Nông nghiệp và Phát triển nông thôn {place.province}", "agriculture", None),
    ]
    others = districts + branches
    rng.shuffle(others)
    return [(f"Công đoàn các Khu công nghiệp {place.province}", "industrial_zone", None), *others]


def _province_direct_names(place: _Place) -> list[str]:
    """Grassroots unions that usually sit directly under a province federation."""
    return [
        f"Công đoàn cơ quan Liên đoàn Lao động {place.province}",
        f"Công đoàn Bệnh viện Đa khoa {place.province}",
        f"Công đoàn Báo {place.place}",
        f"Công đoàn Đài Phát thanh và Truyền hình {place.place}",
        f"Công đoàn Trường Chính trị {place.province}",
        f"Công đoàn Công ty Cổ phần Cấp nước {place.place}",
    ]


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders, ties to the first)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    scale = total / sum(weights)
    quotas = [weight * scale for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def demo_unit_rows(*, seed: int, grassroots: int) -> list[dict[str, str]]:
    """The demo tree as unit-import rows: the bundled 2022 top plus generated units.

    Under every province: upper unions (the industrial-zone union first, then district
    federations and branch unions) and their grassroots unions, plus a few grassroots
    unions directly under the province; under every sector: its corporations and
    grassroots unions, many directly under the sector. ``grassroots`` grassroots unions
    in all, shared out by the size of each province or sector and skewed within it.
    Codes derive from the parent's: ``P01-U003``, ``P01-U003-G0042``, ``P01-G0007``.
    """
    top_rows = read_units_file(top_units_csv())
    tops = [row for row in top_rows if row["kind"] in TOP_LEVEL_KINDS]
    places = [_place_of(row) for row in tops if row["kind"] == UnitKind.PROVINCE]
    counts = _split(grassroots, [top_weight(row["code"], row["kind"]) for row in tops])
    demo_index = next(i for i, row in enumerate(tops) if row["code"] == DEMO_PROVINCE)
    # The demo accounts need Hà Nội to have an upper union with grassroots unions under it.
    while counts[demo_index] < min(grassroots, 3):
        donor = max(range(len(tops)), key=lambda i: counts[i] if i != demo_index else -1)
        counts[donor] -= 1
        counts[demo_index] += 1

    rng = random.Random(f"{seed}:units")
    rows = [dict(row) for row in top_rows]
    for top, count in zip(tops, counts, strict=True):
        namer = _Namer(rng, places)
        if top["kind"] == UnitKind.PROVINCE:
            rows.extend(_province_rows(rng, namer, top, count))
        else:
            rows.extend(_sector_rows(rng, namer, top, count))
    return rows


def _share_among_uppers(rng: random.Random, count: int, uppers: int) -> list[int]:
    """Skewed numbers of grassroots unions per upper union; the first one gets at least one."""
    if uppers == 0:
        return []
    # Heavy-tailed but capped: a few upper unions several times the size of the others.
    weights = [min(rng.paretovariate(1.5), 6.0) for _ in range(uppers)]
    shares = [0] * uppers
    if count:
        shares[0] = 1
        for index in rng.choices(range(uppers), weights=weights, k=count - 1):
            shares[index] += 1
    return shares


def _upper_count(rng: random.Random, grassroots: int, available: int) -> int:
    """How many upper unions hold ``grassroots`` grassroots unions (fewer than the grassroots)."""
    if grassroots == 0 or available == 0:
        return 0
    return min(available, max(1, round(math.sqrt(grassroots) * rng.uniform(0.5, 0.8))))


def _row(code: str, name: str, parent: str, kind: str) -> dict[str, str]:
    """A row in the unit import format."""
    return {"code": code, "name": name, "parent_code": parent, "kind": kind}


def _province_rows(rng: random.Random, namer: _Namer, top: dict[str, str], count: int) -> list[dict[str, str]]:
    """Upper and grassroots unions of one province federation."""
    place = _place_of(top)
    code = top["code"]
    direct = max(1, round(count * 0.05)) if count >= 3 else 0
    pool = _province_uppers(rng, place)
    uppers = _upper_count(rng, count - direct, len(pool))
    if uppers == 0:
        direct = count
    rows = []
    shares = _share_among_uppers(rng, count - direct, uppers)
    for number, ((name, profile, district), share) in enumerate(zip(pool, shares, strict=False), start=1):
        upper_code = f"{code}-U{number:03d}"
        rows.append(_row(upper_code, namer.unique(lambda name=name: name), code, UnitKind.UPPER))
        for child in range(1, share + 1):
            if profile == "district" and child == 1:
                child_name = namer.unique(lambda district=district: f"Công đoàn viên chức {district}")
            else:
                child_name = namer.grassroots(profile, place, district)
            rows.append(_row(f"{upper_code}-G{child:04d}", child_name, upper_code, UnitKind.GRASSROOTS))
    special = _province_direct_names(place)
    for number in range(1, direct + 1):
        if number <= len(special):
            name = namer.unique(lambda number=number: special[number - 1])
        else:
            name = namer.grassroots("district", place)
        rows.append(_row(f"{code}-G{number:04d}", name, code, UnitKind.GRASSROOTS))
    return rows


def _sector_rows(rng: random.Random, namer: _Namer, top: dict[str, str], count: int) -> list[dict[str, str]]:
    """Corporations (upper unions) and grassroots unions of one central sector union."""
    spec = SECTORS.get(top["code"], GENERIC_SECTOR)
    code = top["code"]
    direct = round(count * spec.direct_share)
    uppers = _upper_count(rng, count - direct, len(spec.uppers))
    if uppers == 0:
        direct = count
    rows = []
    shares = _share_among_uppers(rng, count - direct, uppers)
    for number, (name, share) in enumerate(zip(spec.uppers, shares, strict=False), start=1):
        upper_code = f"{code}-U{number:03d}"
        rows.append(_row(upper_code, namer.unique(lambda name=name: name), code, UnitKind.UPPER))
        for child in range(1, share + 1):
            rows.append(
                _row(f"{upper_code}-G{child:04d}", namer.sector_grassroots(spec), upper_code, UnitKind.GRASSROOTS)
            )
    for number in range(1, direct + 1):
        if number <= len(spec.named):
            name = namer.unique(lambda number=number: spec.named[number - 1])
        else:
            name = namer.sector_grassroots(spec)
        rows.append(_row(f"{code}-G{number:04d}", name, code, UnitKind.GRASSROOTS))
    return rows


def demo_units_import(*, seed: int, grassroots: int) -> UnitImportReport:
    """Import the demo tree through ``units_import`` (existing codes are updated, not duplicated)."""
    report = units_import(rows=demo_unit_rows(seed=seed, grassroots=grassroots))
    if not report.ok:
        first = report.errors[0]
        raise DemoDataError(
            _("Không nhập được đơn vị mẫu: dòng %(line)s (%(code)s): %(message)s")
            % {"line": first.line, "code": first.code, "message": first.message}
        )
    return report
