"""Complementary suppression: which group figures to withhold so that no small group's mean can
be worked out from the others.

A side's mean, the means of its teams and the head's own score are each a sum over a known
group divided by a known size. Adding and subtracting them yields the sum over other groups: a
side of nine with a head, two teams of three shown and a team of two folded into the side gives
that team of two by subtraction. So a figure is withheld whenever some group smaller than the
minimum (other than the head, shown by design, and the side as a whole) can be derived.

Pure arithmetic on sets of respondent numbers; compute.py calls it once per side and dimension.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from fractions import Fraction
from itertools import combinations

MAX_ATOMS = 12  # beyond this many distinct groups, every team figure is withheld (never reached
#                 by real teams; it bounds the search)


def withheld(
    members: Set[int], teams: Mapping[str, Set[int]], *, heads: Set[int] | None, min_size: int
) -> tuple[set[str], bool]:
    """The teams whose figure must not be shown, and whether the head-and-rest rows must go.

    `members`: the respondents in the side's figure; `teams`: the teams that would be shown;
    `heads`: the heads, when their own row (and the rest of the side's) would be shown.
    """
    if not teams and heads is None:
        return set(), False  # the side's figure alone discloses no smaller group
    shown = {name: frozenset(group) & members for name, group in teams.items()}
    hidden = {name for name, group in shown.items() if len(group) < min_size}  # too small alone
    show_heads = heads is not None and bool(frozenset(heads) & members)
    allowed = {frozenset(members)}
    if show_heads:
        assert heads is not None
        allowed.add(frozenset(heads) & members)
    while True:
        family = [frozenset(members)]
        if show_heads:
            assert heads is not None
            family += [frozenset(heads) & members, frozenset(members) - frozenset(heads)]
        family += [group for name, group in sorted(shown.items()) if name not in hidden]
        if not _discloses_small_group(members, family, allowed, min_size):
            return hidden, not show_heads and heads is not None
        visible = [name for name in shown if name not in hidden]
        if visible:  # the smallest team goes first: it is the likeliest to expose a remainder
            hidden.add(min(visible, key=lambda name: (len(shown[name]), name)))
        elif show_heads:
            show_heads = False
            allowed = {frozenset(members)}
        else:  # pragma: no cover - the side alone discloses nothing smaller than itself
            return hidden, heads is not None


def _discloses_small_group(
    members: Set[int], family: list[frozenset[int]], allowed: set[frozenset[int]], min_size: int
) -> bool:
    """Whether adding and subtracting the family's sums yields the sum over some group of 1 to
    min_size - 1 respondents that is not allowed to be seen."""
    atoms = _atoms(members, family)
    if len(atoms) > MAX_ATOMS:
        return True
    keys = list(atoms)
    basis = _basis([[Fraction((key >> i) & 1) for key in keys] for i in range(len(family))])
    return any(
        _in_span(basis, [Fraction(int(i in chosen)) for i in range(len(keys))])
        for chosen in _small_unseen_groups(atoms, allowed, min_size)
    )


def _atoms(members: Set[int], family: list[frozenset[int]]) -> dict[int, list[int]]:
    """The respondents by the shown groups they belong to (a respondent's groups as the bits of
    one number): those in exactly the same groups can never be told apart."""
    signature = dict.fromkeys(members, 0)
    for i, group in enumerate(family):
        for person in group:
            if person in signature:
                signature[person] |= 1 << i
    atoms: dict[int, list[int]] = {}
    for person, key in signature.items():
        atoms.setdefault(key, []).append(person)
    return atoms


def _small_unseen_groups(
    atoms: dict[int, list[int]], allowed: set[frozenset[int]], min_size: int
) -> Iterator[tuple[int, ...]]:
    """The unions of atoms (as positions in `atoms`) of 1 to min_size - 1 respondents that are
    not allowed to be seen, fewest atoms first."""
    keys = list(atoms)
    sizes = [len(atoms[key]) for key in keys]
    for count in range(1, len(keys) + 1):
        for chosen in combinations(range(len(keys)), count):
            size = sum(sizes[i] for i in chosen)
            if 0 < size < min_size and frozenset(p for i in chosen for p in atoms[keys[i]]) not in allowed:
                yield chosen


def _basis(vectors: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Row-reduced vectors with their pivot column, for membership tests."""
    basis: list[tuple[int, list[Fraction]]] = []
    for vector in vectors:
        reduced = _reduce(basis, vector)
        pivot = next((i for i, value in enumerate(reduced) if value), None)
        if pivot is not None:
            scale = reduced[pivot]
            basis.append((pivot, [value / scale for value in reduced]))
    return basis


def _reduce(basis: list[tuple[int, list[Fraction]]], vector: list[Fraction]) -> list[Fraction]:
    out = list(vector)
    for pivot, row in basis:
        if out[pivot]:
            factor = out[pivot]
            out = [a - factor * b for a, b in zip(out, row, strict=True)]
    return out


def _in_span(basis: list[tuple[int, list[Fraction]]], vector: list[Fraction]) -> bool:
    return not any(_reduce(basis, vector))
