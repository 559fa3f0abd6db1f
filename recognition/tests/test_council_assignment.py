"""The assignment rule on its own: balance, determinism, conflicts, blocking."""

from collections import Counter

import pytest

from recognition.councils.assignment import AssignmentBlocked, assign, replacement


def test_each_initiative_gets_k_distinct_members():
    pairs = assign(range(1_000_001, 1_000_008), [11, 12, 13, 14], {}, k=2, seed=1_000_123)
    by_initiative = Counter(i for i, _m in pairs)
    assert set(by_initiative.values()) == {2}
    assert len(set(pairs)) == len(pairs)


def test_loads_differ_by_at_most_one_without_conflicts():
    pairs = assign(range(1_000_001, 1_000_008), [11, 12, 13, 14], {}, k=2, seed=1_000_123)
    loads = Counter(m for _i, m in pairs)
    assert sorted(loads.values()) == [3, 3, 4, 4]


def test_same_round_gets_the_same_assignment():
    first = assign(range(1_000_001, 1_000_030), [11, 12, 13, 14, 15], {}, k=3, seed=1_000_123)
    again = assign(range(1_000_001, 1_000_030), [15, 14, 13, 12, 11], {}, k=3, seed=1_000_123)
    assert first == again


def test_excluded_member_is_never_assigned():
    excluded = {1_000_001: {11, 12}, 1_000_002: {13}}
    pairs = assign([1_000_001, 1_000_002, 1_000_003], [11, 12, 13, 14], excluded, k=2, seed=7)
    assert {m for i, m in pairs if i == 1_000_001} == {13, 14}
    assert 13 not in {m for i, m in pairs if i == 1_000_002}


def test_initiative_with_two_eligible_gets_both_when_k_is_three():
    pairs = assign([1_000_001], [11, 12, 13, 14], {1_000_001: {11, 12}}, k=3, seed=7)
    assert sorted(m for _i, m in pairs) == [13, 14]


def test_fewer_than_two_eligible_blocks_and_names_every_such_initiative():
    excluded = {1_000_001: {11, 12, 13}, 1_000_003: {11, 12, 13, 14}}
    with pytest.raises(AssignmentBlocked) as raised:
        assign([1_000_001, 1_000_002, 1_000_003], [11, 12, 13, 14], excluded, k=2, seed=7)
    assert [(b.initiative_id, b.eligible) for b in raised.value.blocked] == [(1_000_001, 1), (1_000_003, 0)]


def test_replacement_is_the_least_loaded_member_not_barred():
    assert replacement([11, 12, 13, 14], {11, 12}, {11: 1, 12: 1, 13: 5, 14: 2}, seed=7) == 14


def test_no_replacement_when_everyone_is_barred():
    assert replacement([11, 12], {11, 12}, {}, seed=7) is None
