"""The trend as a document, field by field, and the line-up rules: titles, order, the
organization, the net change and each change's direction against its noise."""

from __future__ import annotations

import pytest

from alignment_cli.scoring.trend import FALLBACK_HALF_WIDTH, Change, Round, Series, build_trend


def a_round(
    label: str,
    index: float | None,
    dims: dict[str, float | None],
    *,
    version: str = "1",
    interval: tuple[float, float] | None = None,
    organization: str | None = "Acme",
    titles: dict[str, str] | None = None,
    date: str | None = None,
) -> Round:
    return Round(
        label=label,
        source=f"{label}.json",
        questionnaire_id="q",
        questionnaire_version=version,
        organization=organization,
        date=date,
        index=index,
        interval=interval,
        stage="Mid" if index else None,
        dimensions=dims,
        titles=titles if titles is not None else {d: d.title() for d in dims},
    )


def test_the_trend_as_a_document() -> None:
    rounds = [
        a_round("r1", 50.0, {"a": 40.0}, interval=(48.0, 52.0), date="2026-01-01"),
        a_round("r2", 44.0, {"a": 52.0}, interval=(43.0, 45.0), version="2"),
    ]
    assert build_trend(rounds).to_document() == {
        "organization": "Acme",
        "questionnaire": "q",
        "rounds": [
            {
                "label": "r1",
                "date": "2026-01-01",
                "source": "r1.json",
                "version": "1",
                "alignment_index": 50.0,
                "alignment_index_interval": [48.0, 52.0],
                "stage": "Mid",
            },
            {
                "label": "r2",
                "date": None,
                "source": "r2.json",
                "version": "2",
                "alignment_index": 44.0,
                "alignment_index_interval": [43.0, 45.0],
                "stage": "Mid",
            },
        ],
        "version_changes": ["r2"],
        "fallback_half_width": FALLBACK_HALF_WIDTH,
        # noise: the half-widths 2 and 1 in quadrature, 2.2; -6 is beyond it
        "index": {
            "id": "alignment-index",
            "title": "Alignment index",
            "values": [50.0, 44.0],
            "changes": [None, {"change": -6.0, "noise": 2.2, "marked": True, "direction": "down"}],
        },
        # a dimension carries no interval: 5 and 5 in quadrature, 7.1; 12 is beyond it
        "dimensions": [
            {
                "id": "a",
                "title": "A",
                "values": [40.0, 52.0],
                "changes": [None, {"change": 12.0, "noise": 7.1, "marked": True, "direction": "up"}],
            }
        ],
    }


def test_a_round_without_an_interval_in_the_document() -> None:
    doc = build_trend([a_round("r1", None, {})]).to_document()
    assert doc["rounds"][0]["alignment_index_interval"] is None
    assert doc["index"]["changes"] == [None] and doc["version_changes"] == []


def test_no_trend_without_rounds() -> None:
    with pytest.raises(ValueError, match=r"^a trend needs at least one round$"):
        build_trend([])


def test_titles_from_the_latest_round_and_its_order_first() -> None:
    rounds = [
        a_round(
            "r1", 1.0, {"x": 1.0, "gone": 2.0, "y": 3.0}, titles={"x": "Old X", "gone": "Gone", "y": "Old Y"}
        ),
        a_round("r2", 1.0, {"y": 4.0, "x": 5.0}, titles={"y": "New Y", "x": "New X"}),
        a_round("r3", 1.0, {"y": 6.0, "x": 7.0}, titles={"y": "Y", "x": "X"}),
    ]
    trend = build_trend(rounds)
    assert [(s.id, s.title) for s in trend.dimensions] == [("y", "Y"), ("x", "X"), ("gone", "Gone")]
    assert trend.version_changes == []


def test_the_organization_is_the_latest_named_one() -> None:
    rounds = [
        a_round("r1", 1.0, {}, organization="Old"),
        a_round("r2", 1.0, {}, organization="New"),
        a_round("r3", 1.0, {}, organization=None),
    ]
    assert build_trend(rounds).organization == "New"
    assert build_trend([a_round("r1", 1.0, {}, organization=None)]).organization is None


def test_a_missing_value_breaks_the_change_on_both_sides() -> None:
    rounds = [
        a_round("r1", 40.0, {}),
        a_round("r2", None, {}),
        a_round("r3", 60.0, {}),
        a_round("r4", 61.0, {}),
    ]
    index = build_trend(rounds).index
    assert index.changes[:3] == [None, None, None]
    assert index.changes[3] == Change(value=1.0, noise=7.1, marked=False)
    assert index.net == 21.0


@pytest.mark.parametrize(
    ("values", "net"),
    [
        ([None, 40.0, None, 45.5], 5.5),
        ([40.0], None),
        ([None, 40.0, None], None),
        ([50.0, 40.04], -10.0),
    ],
)
def test_net_is_first_to_last_measured(values: list[float | None], net: float | None) -> None:
    assert Series("s", "S", values, []).net == net


def test_a_change_is_rounded_to_one_decimal() -> None:
    change = build_trend([a_round("r1", 50.0, {}), a_round("r2", 50.06, {})]).index.changes[1]
    assert change == Change(value=0.1, noise=7.1, marked=False)


def test_half_width_and_direction() -> None:
    assert a_round("r", 50.0, {}, interval=(40.0, 45.0)).half_width == 2.5
    assert a_round("r", 50.0, {}).half_width is None
    assert Change(value=-3.0, noise=1.0, marked=True).direction == "down"
    assert Change(value=3.0, noise=1.0, marked=True).direction == "up"
    assert Change(value=-3.0, noise=5.0, marked=False).direction == "steady"
