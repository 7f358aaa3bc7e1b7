"""Suppression cases worked by hand beyond tests/test_privacy.py: a group isolated only by
combining three figures, and the bound on the number of distinct groups."""

from __future__ import annotations

from alignment_cli.scoring.privacy import MAX_ATOMS, withheld


def test_a_person_isolated_by_three_figures() -> None:
    # a (1, 2, 3, 5, 6) less the rest of the side (0, 2, 3, 5, 6) is x1 - x0, and b is x0 + x1:
    # together they give person 1 alone; hiding b (the smallest team) leaves only the difference
    members = set(range(7))
    teams = {"a": {1, 2, 3, 5, 6, 7}, "b": {0, 1}}
    assert withheld(members, teams, heads={1, 4}, min_size=2) == ({"b"}, False)


def test_beyond_max_atoms_teams_are_withheld_until_few_enough_groups_remain() -> None:
    # 13 teams of three: with the side, 13 distinct groups, one more than the bound; hiding one
    # folds its members into the remainder, still 13 groups; hiding a second leaves 12
    assert MAX_ATOMS == 12
    teams = {f"t{i:02}": {3 * i, 3 * i + 1, 3 * i + 2} for i in range(13)}
    members = set(range(39))
    assert withheld(members, teams, heads=None, min_size=3) == ({"t00", "t01"}, False)


def test_twelve_groups_are_searched() -> None:
    teams = {f"t{i:02}": {3 * i, 3 * i + 1, 3 * i + 2} for i in range(11)}
    members = set(range(36))  # the 11 teams and a remainder of three: 12 groups
    assert withheld(members, teams, heads=None, min_size=3) == (set(), False)


def test_no_teams_and_no_head_row_disclose_nothing() -> None:
    assert withheld({0, 1}, {}, heads=None, min_size=3) == (set(), False)


def test_a_head_row_that_would_expose_a_small_rest_goes() -> None:
    # a head and two others: the rest of the side is two people, under the minimum
    assert withheld({0, 1, 2}, {}, heads={0}, min_size=3) == (set(), True)
    # a head and one other: with the head rows gone, the side of two is all that is left
    assert withheld({0, 1}, {}, heads={0}, min_size=3) == (set(), True)
    # heads named but none of them scored this area: the head rows go as well
    assert withheld({1, 2, 3}, {}, heads={0}, min_size=3) == (set(), True)
