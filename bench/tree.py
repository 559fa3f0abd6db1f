"""The benchmark's union tree: the demo tree, with enterprises grouped under corporation unions.

``demo.tree.demo_unit_rows`` builds the real 2022 top (federation, 63
provinces, 20 sectors) and generated grassroots unions with real place names, but gives
130.000 grassroots unions fewer than 1.000 upper-level unions (its name pools are small).
The real tree has about 2.000: here extra corporation unions ("Công đoàn Tổng Công ty …")
take over enterprises of the same province or sector until the count is reached.
"""

from __future__ import annotations

import random
from collections import defaultdict

from demo.tree import demo_unit_rows
from demo.vocabulary import BRANDS, INDUSTRIES
from unions.enums import UnitKind

GRASSROOTS_PER_UPPER = 65
ENTERPRISE_PREFIXES = ("Công đoàn Công ty", "Công đoàn Nhà máy")


def bench_unit_rows(*, seed: int, grassroots: int, uppers: int | None = None) -> list[dict[str, str]]:
    """Unit-import rows (``code,name,parent_code,kind``) of a tree with ``grassroots`` grassroots unions
    and about ``uppers`` upper-level unions (``grassroots / 65`` by default)."""
    rows = demo_unit_rows(seed=seed, grassroots=grassroots)
    wanted = uppers if uppers is not None else round(grassroots / GRASSROOTS_PER_UPPER)
    current = sum(1 for row in rows if row["kind"] == UnitKind.UPPER)
    if wanted <= current:
        return rows
    rng = random.Random(f"{seed}:bench-uppers")
    movable: dict[str, list[dict[str, str]]] = defaultdict(list)
    last_upper: dict[str, int] = defaultdict(int)
    used_names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        top = row["code"].split("-")[0]
        if row["kind"] == UnitKind.UPPER:
            last_upper[top] = max(last_upper[top], int(row["code"].rsplit("-U", 1)[1]))
            used_names[top].add(row["name"])
        elif row["kind"] == UnitKind.GRASSROOTS and "-U" in row["code"] and row["name"].startswith(ENTERPRISE_PREFIXES):
            movable[top].append(row)
    pool_total = sum(len(v) for v in movable.values())
    extra_total = wanted - current
    new_rows: list[dict[str, str]] = []
    for top in sorted(movable):
        pool = movable[top]
        extra = min(len(pool) // 20, round(extra_total * len(pool) / pool_total))
        if extra <= 0:
            continue
        rng.shuffle(pool)
        taken = pool[: len(pool) // 2]
        weights = [min(rng.paretovariate(1.3), 20.0) for _ in range(extra)]
        owners = rng.choices(range(extra), weights=weights, k=len(taken))
        owners[:extra] = range(extra)  # every new union gets at least one member
        codes = []
        for number in range(last_upper[top] + 1, last_upper[top] + 1 + extra):
            code = f"{top}-U{number:03d}"
            for _attempt in range(20):
                name = f"Công đoàn Tổng Công ty {rng.choice(INDUSTRIES)} {rng.choice(BRANDS)}"
                if name not in used_names[top]:
                    break
            else:
                name = f"{name} {number}"
            used_names[top].add(name)
            new_rows.append({"code": code, "name": name, "parent_code": top, "kind": UnitKind.UPPER})
            codes.append(code)
        serial: dict[int, int] = defaultdict(int)
        for row, owner in zip(taken, owners, strict=True):
            serial[owner] += 1
            row["parent_code"] = codes[owner]
            row["code"] = f"{codes[owner]}-G{serial[owner]:04d}"
    return rows + new_rows
