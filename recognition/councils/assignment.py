"""Who scores which initiative: a deterministic, balanced assignment that respects conflicts.

Pure functions over ids, so the rule is tested without a database:

- each initiative gets ``k`` members, never one excluded from it (its author or a linked
  co-author, or someone belonging to its grassroots unit);
- initiatives are taken in id order; each takes the eligible members with the fewest
  assignments so far, ties broken by a member order shuffled with the round's id as the
  seed (the same round always gets the same assignment; two rounds differ);
- an initiative with fewer than two eligible members blocks the whole assignment; one with
  two or more but fewer than ``k`` gets all of them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

MIN_MEMBERS = 2


def member_order(member_ids: Iterable[int], seed: int) -> list[int]:
    """The members' tie-breaking order for a round: sorted, then shuffled with ``seed``."""
    ordered = sorted(member_ids)
    random.Random(seed).shuffle(ordered)
    return ordered


@dataclass(frozen=True)
class Blocked:
    """An initiative that cannot be assigned: ``eligible`` members remain for it."""

    initiative_id: int
    eligible: int


class AssignmentBlocked(Exception):
    def __init__(self, blocked: list[Blocked]):
        super().__init__(f"{len(blocked)} initiatives have fewer than {MIN_MEMBERS} eligible members")
        self.blocked = blocked


def assign(
    initiative_ids: Iterable[int], member_ids: list[int], excluded: dict[int, set[int]], *, k: int, seed: int
) -> list[tuple[int, int]]:
    """(initiative id, member id) pairs: ``k`` eligible members per initiative, least loaded first.

    ``excluded`` maps an initiative id to the member ids that may not score it. Raises
    ``AssignmentBlocked`` listing every initiative left with fewer than two eligible members.
    """
    order = member_order(member_ids, seed)
    tie = {member: index for index, member in enumerate(order)}
    load = dict.fromkeys(order, 0)
    pairs: list[tuple[int, int]] = []
    blocked: list[Blocked] = []
    for initiative_id in sorted(initiative_ids):
        barred = excluded.get(initiative_id, set())
        eligible = [m for m in order if m not in barred]
        if len(eligible) < MIN_MEMBERS:
            blocked.append(Blocked(initiative_id, len(eligible)))
            continue
        chosen = sorted(eligible, key=lambda m: (load[m], tie[m]))[:k]
        for member in chosen:
            load[member] += 1
            pairs.append((initiative_id, member))
    if blocked:
        raise AssignmentBlocked(blocked)
    return pairs


def replacement(member_ids: list[int], barred: set[int], load: dict[int, int], *, seed: int) -> int | None:
    """The member to take over an initiative: the least loaded one not ``barred``, or None."""
    order = member_order(member_ids, seed)
    eligible = [(load.get(m, 0), index, m) for index, m in enumerate(order) if m not in barred]
    return min(eligible)[2] if eligible else None
