"""An access token or a participant secret read back from a room's state file: long, of URL-safe
characters only, matched whole, and not a pattern someone could guess."""

from __future__ import annotations

import pytest

from alignment_cli.interactive.webform.room import check_key

RANDOM = "q7Xk2_Lm9-Rz4TbW"  # 16 characters, 16 different, no run of neighbours


@pytest.mark.parametrize(
    "value",
    [
        RANDOM,
        RANDOM * 8,  # 128 characters: the longest
        "Zp3-rT8_kLq2mW9x",
    ],
)
def test_a_random_key_is_taken(value: str) -> None:
    assert check_key(value, "token") == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (RANDOM[:15], "token: expected at least 16 random URL-safe characters"),
        (RANDOM * 8 + "q", "token: expected at least 16 random URL-safe characters"),
        (RANDOM + "\n", "token: expected at least 16 random URL-safe characters"),
        ("\n" + RANDOM, "token: expected at least 16 random URL-safe characters"),
        (RANDOM[:8] + "+/" + RANDOM[8:], "token: expected at least 16 random URL-safe characters"),
        (RANDOM[:8] + "=" + RANDOM[8:], "token: expected at least 16 random URL-safe characters"),
        (16, "token: expected at least 16 random URL-safe characters"),
        (None, "token: expected at least 16 random URL-safe characters"),
        ("", "token: expected at least 16 random URL-safe characters"),
        ("a" * 16, "token: does not look random"),
        ("abababababababab", "token: does not look random"),
        ("0123456789abcdef", "token: does not look random"),
        ("abcdefghijklmnop", "token: does not look random"),
    ],
)
def test_a_key_that_is_short_odd_or_a_pattern_is_refused(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=r"^token: ") as caught:
        check_key(value, "token")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "taken"),
    [
        # at least min(10, half the length) different characters
        ("a1b2c3d4a1b2c3d4", True),  # 16 long, 8 different: the edge
        ("a1b2c3da1b2c3da1", False),  # 16 long, 7 different
        ("a1b2c3d4e5a1b2c3d4e5", True),  # 20 long, 10 different: the edge
        ("a1b2c3d4ea1b2c3d4ea1", False),  # 20 long, 9 different
        ("a1b2c3d4e5f6a1b2c3d4e5f6", True),  # 24 long, 12 different
        # neighbours (a step of at most one) in at most half the pairs
        ("abcdefghiZ1Q3W5E", True),  # 8 steps of 15 pairs
        ("abcdefghijZ1Q3W5", False),  # 9 steps
    ],
)
def test_the_edges_of_looking_random(value: str, taken: bool) -> None:
    if taken:
        assert check_key(value, "token") == value
    else:
        with pytest.raises(ValueError, match="does not look random"):
            check_key(value, "token")
