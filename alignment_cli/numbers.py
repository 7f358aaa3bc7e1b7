"""How every number reaches a person: one formatter for reports, summaries, prompts and charts."""

from __future__ import annotations

MISSING = "–"  # a figure that could not be computed


def number(value: float | None, digits: int = 0, *, trim: bool = False, sign: bool = False) -> str:
    """`value` to `digits` decimals; None as a dash.

    trim: drop trailing zeros and a bare point (a limit of 30 reads "30", 12.5 reads "12.5").
    sign: always show the sign, and a change that rounds to nothing as "±0".
    """
    if value is None:
        return MISSING
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if sign and float(text) == 0:
        return "±0"
    return text


def with_unit(value: float, unit: str = "") -> str:
    """'1 call', '3 calls', '40%': a number with its unit, singular for exactly one."""
    text = number(value, 3, trim=True)
    if unit == "%":
        return f"{text}%"
    if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]  # 1 call, 1 hour
    return f"{text} {unit}".strip()
