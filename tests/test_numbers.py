"""The one number formatter: fixed decimals, trimmed, signed, and a dash for no figure."""

from __future__ import annotations

import pytest

from alignment_cli.numbers import MISSING, number


@pytest.mark.parametrize(
    ("value", "options", "text"),
    [
        (None, {}, MISSING),
        (None, {"sign": True}, MISSING),
        (38.94, {}, "39"),
        (38.94, {"digits": 1}, "38.9"),
        (38.95001, {"digits": 1}, "39.0"),
        (0.0, {"digits": 1}, "0.0"),
        (30.0, {"digits": 3, "trim": True}, "30"),
        (12.5, {"digits": 1, "trim": True}, "12.5"),
        (33.33333, {"digits": 3, "trim": True}, "33.333"),
        (0.04, {"digits": 1, "trim": True}, "0"),
        (1_000_000.0, {"digits": 3, "trim": True}, "1000000"),  # never 1e+06 in a prompt
        (2.0, {"digits": 1, "sign": True}, "+2.0"),
        (-2.04, {"digits": 1, "sign": True}, "-2.0"),
        (0.04, {"digits": 1, "sign": True}, "±0"),
        (-0.04, {"digits": 1, "sign": True}, "±0"),
        (-0.05001, {"digits": 1, "sign": True}, "-0.1"),
        (5.0, {"sign": True}, "+5"),
    ],
)
def test_number(value: float | None, options: dict[str, object], text: str) -> None:
    assert number(value, **options) == text  # type: ignore[arg-type]


def test_a_count_of_one_takes_the_singular_unit() -> None:
    from alignment_cli.interactive.asker import number_hint
    from alignment_cli.numbers import with_unit

    assert with_unit(1, "calls") == "1 call"
    assert with_unit(3, "calls") == "3 calls"
    assert with_unit(1.5, "hours") == "1.5 hours"
    assert with_unit(40, "%") == "40%"
    assert with_unit(1, "") == "1"
    assert "your answer was 1 call:" in number_hint(0, 20, "calls", previous=1)
