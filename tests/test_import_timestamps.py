"""`alignment import` and the timestamps platforms add: a date it can read dates the response, one
it cannot read never stops a row (the response carries the date of the import, and the import
says so once per column), and a day and month that could be either way are never guessed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from alignment_cli.io.timestamps import (
    DAY_FIRST,
    MONTH_FIRST,
    numeric_readings,
    order_told,
    read_time_column,
    time_readings,
)
from alignment_cli.model.response import load_response

MINI = "tests/fixtures/mini.yaml"
NAMES = ("Ana", "Bo", "Cy", "Di")


def export(tmp_path: Path, stamps: list[str], header: str = "Timestamp") -> Path:
    """One row per timestamp, every row a valid answer from Sales."""
    rows = [f"{header},side,your name,goals.agreed"]
    rows += [f"{stamp},sales,{name},4" for stamp, name in zip(stamps, NAMES, strict=False)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def imported(tmp_path: Path, mini, cli, stamps: list[str], header: str = "Timestamp"):
    """Run the import; returns its result, the completed_at of each file by name (None when the
    file carries the time of the import), and that it wrote one file per row."""
    out = tmp_path / "responses"
    before = datetime.now(UTC).replace(microsecond=0)
    result = cli("import", export(tmp_path, stamps, header), "--questionnaire", MINI, "-o", out)
    assert result.code == 0, result.err
    assert f"Wrote {len(stamps)} response file(s) to {out} (sales {len(stamps)})." in result.err
    dated = {}
    for name in NAMES[: len(stamps)]:
        response = load_response(out / f"sales-{name.lower()}.yaml", mini)
        assert response.completed_at is not None and response.answers == {"goals.agreed": 4}
        when = response.completed_at
        dated[name] = None if when >= before else when.isoformat()
    return result, dated


READ = [
    ("2026/03/10 10:00", "2026-03-10T10:00:00+00:00"),  # the finding: no seconds
    ("2026/03/10 10:00:05", "2026-03-10T10:00:05+00:00"),
    ("2026.03.10 10:00", "2026-03-10T10:00:00+00:00"),
    ("2026/03/10 10:00:05.75", "2026-03-10T10:00:05+00:00"),
    ("2026/03/10 10:00 p.m. UTC", "2026-03-10T22:00:00+00:00"),
    ("2026/03/10 10:00Z", "2026-03-10T10:00:00+00:00"),
    ("2026-03-10 10:00", "2026-03-10T10:00:00+00:00"),
    ("2026-03-10T10:00:00Z", "2026-03-10T10:00:00+00:00"),
    ("2026-03-10T10:00:00+01:00", "2026-03-10T09:00:00+00:00"),
    ("2026-03-10", "2026-03-10T00:00:00+00:00"),
    ("2026/11/25 10:02:11 AM GMT", "2026-11-25T10:02:11+00:00"),  # Google Forms' download
    ("2026/11/25 10:02:11 PM GMT+1", "2026-11-25T21:02:11+00:00"),
    ("2026/11/25 12:02 am GMT-5:30", "2026-11-25T05:32:00+00:00"),
    ("3/3/2026 1:00 PM", "2026-03-03T13:00:00+00:00"),  # day and month the same: no choice
    ("25/03/2026 10:00", "2026-03-25T10:00:00+00:00"),  # 25 can only be the day
    ("25.03.2026 10:00:00", "2026-03-25T10:00:00+00:00"),
    ("03/25/2026 10:00", "2026-03-25T10:00:00+00:00"),  # 25 can only be the day
    ("11/25/26 10:15:32", "2026-11-25T10:15:32+00:00"),
    ("11/25/2026 10:15:32 AM", "2026-11-25T10:15:32+00:00"),
]


@pytest.mark.parametrize(("stamp", "expected"), READ)
def test_a_timestamp_it_reads_dates_the_response(tmp_path, mini, cli, stamp, expected):
    result, dated = imported(tmp_path, mini, cli, [stamp])
    assert dated == {"Ana": expected}
    assert "not read as" not in result.err


UNKNOWN = ["10 March 2026", "yesterday", "2026/02/30 10:00", "2026/03/10 25:00", "3/13/2026 13:00 PM"]
EITHER_WAY = ["10.03.2026 10:00:00", "03/10/2026", "06/12/2026 10:15:32", "12/6/26 10:15:32"]


@pytest.mark.parametrize("stamp", UNKNOWN)
def test_a_timestamp_it_cannot_read_never_stops_the_row(tmp_path, mini, cli, stamp):
    result, dated = imported(tmp_path, mini, cli, [stamp])
    assert dated == {"Ana": None}
    assert (
        f"Column A (Timestamp): 1 value not read as a date ({stamp!r}); "
        "that response carries the date of this import instead.\n"
    ) in result.err


@pytest.mark.parametrize("stamp", EITHER_WAY)
def test_a_day_and_month_either_way_are_never_guessed(tmp_path, mini, cli, stamp):
    result, dated = imported(tmp_path, mini, cli, [stamp])
    assert dated == {"Ana": None}
    assert (
        "Column A (Timestamp): 1 value not read as a date, as nothing in the export tells the "
        f"day from the month ({stamp!r}); that response carries the date of this import instead.\n"
    ) in result.err


COLUMNS = [  # the column's other dates settle the order, or do not
    (
        ["10.03.2026 10:00:00", "25.03.2026 09:00:00"],
        {"Ana": "2026-03-10T10:00:00+00:00", "Bo": "2026-03-25T09:00:00+00:00"},
    ),
    (
        ["03/10/2026 10:00", "03/25/2026 9:00"],
        {"Ana": "2026-03-10T10:00:00+00:00", "Bo": "2026-03-25T09:00:00+00:00"},
    ),
    (  # British and American dates in one column: only those with one reading are read
        ["03/10/2026", "25/03/2026", "03/25/2026"],
        {"Ana": None, "Bo": "2026-03-25T00:00:00+00:00", "Cy": "2026-03-25T00:00:00+00:00"},
    ),
]


@pytest.mark.parametrize(("stamps", "expected"), COLUMNS)
def test_the_column_settles_day_and_month(tmp_path, mini, cli, stamps, expected):
    result, dated = imported(tmp_path, mini, cli, stamps)
    assert dated == expected
    assert ("not read as a date" in result.err) is (None in expected.values())


def test_the_unread_are_counted_once_per_column_and_reason(tmp_path, mini, cli):
    stamps = ["10.03.2026 10:00:00", "11.03.2026 10:00:00", "soon", "2026/03/12 10:00"]
    result, dated = imported(tmp_path, mini, cli, stamps, header="Completion time")
    assert dated == {"Ana": None, "Bo": None, "Cy": None, "Di": "2026-03-12T10:00:00+00:00"}
    notes = [line for line in result.err.splitlines() if line.startswith("Column A")]
    assert notes == [
        "Column A (Completion time): 1 value not read as a date ('soon'); "
        "that response carries the date of this import instead.",
        "Column A (Completion time): 2 values not read as dates, as nothing in the export tells "
        "the day from the month (e.g. '10.03.2026 10:00:00'); those responses carry the date of "
        "this import instead.",
    ]


def test_an_unread_start_time_leaves_the_start_out(tmp_path, mini, cli):
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Start time,Completion time,side,your name,goals.agreed\n"
        "10.03.2026 09:50,2026-03-10 10:00,sales,Ana,4\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", MINI, "-o", out)
    assert result.code == 0, result.err
    assert (
        "Column A (Start time): 1 value not read as a date, as nothing in the export tells the day "
        "from the month ('10.03.2026 09:50'); that response carries no start time.\n"
    ) in result.err
    ana = load_response(out / "sales-ana.yaml", mini)
    assert ana.started_at is None and ana.completed_at is not None
    assert ana.completed_at.isoformat() == "2026-03-10T10:00:00+00:00"


def test_rows_skipped_as_invalid_are_not_counted(tmp_path, mini, cli):
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Timestamp,side,your name,goals.agreed\nsoon,sales,Ana,4\nlater,sales,Bo,9\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", MINI, "-o", out, "--skip-invalid")
    assert result.code == 0, result.err
    assert (
        "Column A (Timestamp): 1 value not read as a date ('soon'); "
        "that response carries the date of this import instead.\n"
    ) in result.err
    assert sorted(p.name for p in out.iterdir()) == ["sales-ana.yaml"]


def test_an_invalid_answer_still_stops_the_import(tmp_path, cli):
    """Only the timestamp is forgiven: an invalid answer still writes nothing."""
    out = tmp_path / "responses"
    sheet = tmp_path / "export.csv"
    sheet.write_text("Timestamp,side,your name,goals.agreed\nsoon,sales,Ana,9\n", encoding="utf-8")
    result = cli("import", sheet, "--questionnaire", MINI, "-o", out)
    assert result.code == 2 and not out.exists()
    assert "row 2, column D (goals.agreed)" in result.err and "Timestamp" not in result.err


@pytest.mark.parametrize(
    "cell",
    [
        "2026/03/10 10:00 GMT+24",
        "2026/03/10 0:00 PM",
        "2026/13/10",
        "10/03",
        "2026/3/10/1",
        "2026/03-10",  # one separator, then another
        "10/03.2026",
        "2026/03/10,, 10:00",
    ],
)
def test_no_reading_for_what_is_no_date_and_time(cell):
    assert time_readings(cell) == {}


@pytest.mark.parametrize(
    ("cell", "when"),
    [
        ("11/25/2026, 10:15:32 AM", datetime(2026, 11, 25, 10, 15, 32, tzinfo=UTC)),  # as en-US prints
        ("25.11.2026 , 10:15", datetime(2026, 11, 25, 10, 15, tzinfo=UTC)),
        ("2026/11/25,10:15 GMT+1", datetime(2026, 11, 25, 9, 15, tzinfo=UTC)),
    ],
)
def test_a_comma_may_come_between_the_date_and_the_time(cell, when):
    assert set(time_readings(cell).values()) == {when}


@pytest.mark.parametrize(
    ("cell", "when"),
    [
        ("2026-03-10 10:00", datetime(2026, 3, 10, 10, 0, tzinfo=UTC)),  # no zone: UTC
        ("2026-03-10T10:00:00Z", datetime(2026, 3, 10, 10, 0, tzinfo=UTC)),
        ("2026-03-10T10:00:00+01:00", datetime(2026, 3, 10, 9, 0, tzinfo=UTC)),
    ],
)
def test_an_iso_timestamp_has_one_reading_with_its_zone(cell, when):
    readings = time_readings(cell)
    assert list(readings) == ["iso"] and readings["iso"] == when
    assert readings["iso"].utcoffset() is not None


def test_one_order_asked_for_one_reading_given():
    assert numeric_readings("03/04/2025", DAY_FIRST) == {DAY_FIRST: datetime(2025, 4, 3)}
    assert numeric_readings("03/04/2025", MONTH_FIRST) == {MONTH_FIRST: datetime(2025, 3, 4)}
    assert numeric_readings("03/04/2025") == {
        MONTH_FIRST: datetime(2025, 3, 4),
        DAY_FIRST: datetime(2025, 4, 3),
    }
    assert numeric_readings("2025/03/04", DAY_FIRST) == {"year first": datetime(2025, 3, 4)}
    assert numeric_readings("31/02/2025") == {} and numeric_readings("soon") is None


@pytest.mark.parametrize(
    ("cell", "order"),
    [
        ("13/12/2025", DAY_FIRST),
        ("12/13/2025", MONTH_FIRST),
        ("12/12/2025", None),  # 12 can be either
        ("12/05/2025", None),
        ("05/12/2025", None),
        ("13/13/2025", None),  # neither
        ("2025/13/04", None),  # the year first: no order to tell
        ("13.04.25 10:00", DAY_FIRST),
    ],
)
def test_the_order_a_date_can_only_be_in(cell, order):
    assert order_told(cell) == order


def test_a_timestamp_is_at_most_64_characters():
    assert time_readings("2026/03/10" + " " * 49 + "10:00") == {
        "year first": datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    }
    assert time_readings("2026/03/10" + " " * 50 + "10:00") == {}


def test_a_column_read_by_row_number():
    column = read_time_column([(2, "10.03.2026"), (3, " "), (4, "x"), (5, "31.03.2026")])
    assert column.times == {
        2: datetime(2026, 3, 10, tzinfo=UTC),
        5: datetime(2026, 3, 31, tzinfo=UTC),
    }
    assert column.unknown == {4: "x"} and column.either_way == {}


def test_a_long_cell_is_no_timestamp_and_is_quoted_short(tmp_path, mini, cli):
    """A cell of 100,000 spaces between two letters is refused at once (it kept the zone's
    pattern busy for minutes), and the message quotes its start, control characters escaped."""
    cell = "\x1b[31m" + " " * 100_000 + "x"
    assert time_readings(cell) == {}
    result, dated = imported(tmp_path, mini, cli, [cell])
    assert dated == {"Ana": None}
    shown = repr("\x1b[31m" + " " * 34 + "…")
    assert (
        f"Column A (Timestamp): 1 value not read as a date ({shown}); "
        "that response carries the date of this import instead.\n"
    ) in result.err
    assert "\x1b" not in result.err


def test_the_start_and_completion_times_settle_each_other(tmp_path, mini, cli):
    """SurveyMonkey's Start Date and End Date are written one way: a respondent who started on
    the 12th and finished on the 13th tells the order of both."""
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Start Date,End Date,side,your name,goals.agreed\n"
        "11/12/2026 11:58:00 PM,11/13/2026 12:05:00 AM,sales,Ana,4\n"
        "11/10/2026 09:00:00 AM,11/10/2026 09:07:00 AM,sales,Bo,4\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", MINI, "-o", out)
    assert result.code == 0 and "not read as" not in result.err, result.err
    times = {}
    for name in ("ana", "bo"):
        response = load_response(out / f"sales-{name}.yaml", mini)
        assert response.started_at is not None and response.completed_at is not None
        times[name] = (response.started_at.isoformat(), response.completed_at.isoformat())
    assert times == {
        "ana": ("2026-11-12T23:58:00+00:00", "2026-11-13T00:05:00+00:00"),
        "bo": ("2026-11-10T09:00:00+00:00", "2026-11-10T09:07:00+00:00"),
    }


def test_a_typeform_export_dates_its_responses(tmp_path, mini, cli):
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "#,Which side are you on?,Your name,We share one set of objectives.,"
        "Start Date (UTC),Submit Date (UTC),Network ID\n"
        "x1y2,Sales,Ana,4,2026-11-25 10:00:05,2026-11-25 10:04:40,ab12\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", MINI, "-o", out)
    assert result.code == 0, result.err
    assert "Not matched to a question, ignored: column A (#), column G (Network ID)\n" in result.err
    ana = load_response(out / "sales-ana.yaml", mini)
    assert ana.started_at is not None and ana.completed_at is not None
    assert ana.started_at.isoformat() == "2026-11-25T10:00:05+00:00"
    assert ana.completed_at.isoformat() == "2026-11-25T10:04:40+00:00"
