"""dates: every timestamp a source may write becomes ISO 8601; one with an offset
round-trips to the same instant, timezone-aware; free-form text never crashes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.model import dates
from comments.model.errors import InputError

OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
MOMENTS = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9998, 12, 31), timezones=OFFSETS)


def _parsed(iso: str) -> datetime:
    value = datetime.fromisoformat(iso)
    assert value.tzinfo is not None, iso
    return value


@settings(max_examples=150, deadline=None)
@given(MOMENTS.map(lambda m: m.replace(microsecond=0)), st.sampled_from(["T", " "]))
def test_iso_with_offset_round_trips_to_the_same_instant(moment, sep):
    assert _parsed(dates.normalize(moment.isoformat(sep=sep))) == moment


@settings(max_examples=100, deadline=None)
@given(MOMENTS.map(lambda m: m.replace(microsecond=0)))
def test_rfc_2822_round_trips_to_the_same_instant(moment):
    assert _parsed(dates.normalize(format_datetime(moment))) == moment


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 253402300799))
def test_epoch_seconds_are_utc(seconds):
    out = dates.from_epoch(seconds)
    assert out.endswith("Z") and _parsed(out) == datetime.fromtimestamp(seconds, tz=timezone.utc)


@pytest.mark.parametrize("value", [1e308, float("nan"), "1e400"])
def test_epoch_without_a_calendar_date_is_an_input_error(value):
    with pytest.raises(InputError):
        dates.from_epoch(value)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.integers(-10**12, 10**12), st.floats(allow_nan=False, width=32),
                 st.none(), st.booleans()))
def test_free_form_values_give_text_or_none(value):
    try:
        out = dates.normalize(value)
    except InputError:  # a number no calendar has: reported, not a crash
        return
    assert out is None or isinstance(out, str)
    if isinstance(value, str):
        assert dates.looks_like_date_line(value) in (True, False)


@settings(max_examples=100, deadline=None)
@given(MOMENTS.map(lambda m: m.replace(microsecond=0)))
def test_normalize_is_idempotent(moment):
    once = dates.normalize(moment.isoformat())
    assert dates.normalize(once) == once


@pytest.mark.parametrize("text, iso", [
    ("January 16, 2017 at 8:05 pm", "2017-01-16T20:05"), ("16. September 2021 um 10:12", "2021-09-16T10:12"),
    ("Tue, 14 Jan 2014 17:31:03 +0000", "2014-01-14T17:31:03Z"), ("2021-09-16 10:12:00", "2021-09-16T10:12:00"),
])
def test_examples_from_the_docstring(text, iso):
    assert dates.normalize(text).startswith(iso)


@pytest.mark.parametrize("text, iso", [
    ("31/12/2011", "2011-12-31"), ("12/31/2011 9:05 am", "2011-12-31T09:05"), ("5/5/2020 10:48 PM", "2020-05-05T22:48"),
    ("9/1/2011 10:48 PM", None), ("1/2/2011", None),  # day and month could be either: not guessed
    ("13/13/2011", None), ("31/02/2011", None),
])
def test_slashed_dates_are_read_only_when_day_and_month_are_certain(text, iso):
    assert dates.normalize(text) == iso


def test_human_start_is_where_the_date_begins():
    """What stands before the date on a header line is the author ("Jens » Di 5. Mär 2024")."""
    from comments.model.dates import human_start

    line = "Beitragvon Jens » Di 5. Mär 2024, 10:02"
    assert line[human_start(line):] == "5. Mär 2024, 10:02"
    assert human_start("Laura Mitchell on March 5, 2024 at 9:14 am") == len("Laura Mitchell on ")
    assert human_start("Jens #2Jens05.03.2024 10:02") == len("Jens #2Jens")
    assert human_start("no date here") is None and human_start("31. Februar 2024") is None


@pytest.mark.parametrize("text, iso", [
    ("2021-09-24 14:03:00 +0200", "2021-09-24T14:03:00+02:00"),  # a logger's offset after a space
    ("2021-09-24 14:03:00 -0530", "2021-09-24T14:03:00-05:30"),
    ("2021-09-24 14:03:00+02", "2021-09-24T14:03:00+02:00"),  # PostgreSQL's hour-only offset
    ("2021-09-24 12:03:00 UTC", "2021-09-24T12:03:00Z"), ("2021-09-24 12:03 GMT", "2021-09-24T12:03Z"),
    ("24.09.21 14:05", "2021-09-24T14:05"), ("24.09.99 14:05", "1999-09-24T14:05"),  # two-digit year as %y
    ("31.02.21 14:05", None), ("2021-09-24 14:03:00 +02 Uhr", None),
])
def test_zones_written_apart_and_two_digit_years_are_read(text, iso):
    """Database, logger and spreadsheet exports write these; they were flagged invalid_date."""
    assert dates.normalize(text) == iso


NAIVE = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(9998, 12, 31)).map(
    lambda m: m.replace(microsecond=0))
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _english(moment: datetime, form: int, seconds: bool, lower: bool, short: bool, zero: bool) -> str:
    """``moment`` as English exporters write it with a 12-hour clock, in one of its forms."""
    month = MONTH_NAMES[moment.month - 1][:3 if short else None]
    weekday = DAY_NAMES[moment.weekday()][:3 if short else None]
    hour = moment.hour % 12 or 12
    clock = f"{hour:02d}" if zero else str(hour)
    clock += f":{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")
    ampm = ("PM" if moment.hour >= 12 else "AM")
    clock += " " + (ampm.lower() if lower else ampm)
    day, year = moment.day, moment.year
    return [f"{month} {day}, {year} {clock}", f"{month} {day}, {year}, {clock}", f"{month} {day}, {year} at {clock}",
            f"{day} {month} {year} {clock}", f"{weekday}, {month} {day}, {year} {clock}",
            f"{weekday} {month} {day} {year} {clock}", f"{weekday}, {day} {month} {year} {clock}",
            f"{year}-{moment.month:02d}-{day:02d} {clock}", f"{month} {day} {year} {clock}"][form]


@settings(max_examples=300, deadline=None)
@given(NAIVE, st.integers(0, 8), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_twelve_hour_clocks_are_read_in_every_english_form(moment, form, seconds, lower, short, zero):
    """Why: ``Nov 24, 2026 11:05 PM`` became 11:05 (RFC 2822's parser took PM for a zone), silently."""
    text = _english(moment, form, seconds, lower, short, zero)
    out = dates.normalize(text)
    assert out is not None, text
    expected = moment if seconds else moment.replace(second=0)
    assert datetime.fromisoformat(out) == expected, (text, out)


@settings(max_examples=200, deadline=None)
@given(MOMENTS.map(lambda m: m.replace(microsecond=0, second=m.second)), st.sampled_from(
    ["", " (Mitteleuropäische Normalzeit)", " (Coordinated Universal Time)", " (GMT+01:00)"]))
def test_javascript_date_strings_keep_their_offset(moment, zone_name):
    """``Date.toString()``: ``Tue Nov 24 2026 13:05:00 GMT+0100 (…)`` — the offset was dropped."""
    offset = moment.strftime("%z")
    text = moment.strftime("%a %b %d %Y %H:%M:%S") + f" GMT{offset}" + zone_name
    assert _parsed(dates.normalize(text)) == moment


@settings(max_examples=100, deadline=None)
@given(MOMENTS.map(lambda m: m.replace(microsecond=0)))
def test_asctime_with_an_offset_is_the_same_instant(moment):
    """Twitter's (v1.1) ``created_at``: ``Tue Nov 24 13:05:00 +0000 2026``, the offset before the year."""
    assert _parsed(dates.normalize(moment.strftime("%a %b %d %H:%M:%S %z %Y"))) == moment


@settings(max_examples=150, deadline=None)
@given(st.integers(10**12, 10**13 - 1), st.booleans())
def test_thirteen_digit_epochs_are_milliseconds(ms, as_text):
    """JavaScript's ``getTime()`` and Staticman's ``timestamp`` format: as seconds, 13 digits are
    past the year 9999, so they can only be milliseconds."""
    out = dates.normalize(str(ms) if as_text else ms)
    assert _parsed(out) == datetime.fromtimestamp(ms // 1000, tz=timezone.utc) + timedelta(milliseconds=ms % 1000)
    assert out.endswith("Z") and (("." in out) == bool(ms % 1000))


@pytest.mark.parametrize("text, iso", [
    ("Nov 24, 2026 11:05 PM", "2026-11-24T23:05"), ("Nov 24, 2026 12:05 AM", "2026-11-24T00:05"),
    ("Nov 24, 2026 12:05 PM", "2026-11-24T12:05"), ("Nov 24, 2026 11:05 PM EST", "2026-11-24T23:05-05:00"),
    ("24.11.2026 13:05 Uhr MESZ", "2026-11-24T13:05+02:00"), ("Tue, 24 Nov 2026 13:05:00 -0000", "2026-11-24T13:05:00Z"),
    ("Tue Nov 24 13:05:00 CET 2026", "2026-11-24T13:05:00+01:00"), ("Tue Nov 24 13:05:00 2026", "2026-11-24T13:05:00"),
    ("Nov 24, 2026 13:05 UTC+05:30", "2026-11-24T13:05+05:30"), ("Nov 24, 2026 at 1:05 pm (edited)", "2026-11-24T13:05"),
    ("20261124T130500Z", "2026-11-24T13:05:00Z"), ("2026/11/24 13:05", "2026-11-24T13:05"),
    ("24-11-2026 13:05", "2026-11-24T13:05"), ("11-24-2026 1:05 PM", "2026-11-24T13:05"), ("9-1-2011", None),
    ("Nov 24, 2026 11:05 PM IST", None), ("Nov 24, 2026 13:05 GMT+25", None),  # a zone stated, not readable: no guess
    ("1732453500000", "2024-11-24T13:05:00Z"), ("173245350000", None),  # 12 digits: seconds or ms, not guessed
    (173245350000, None), (173245350000.0, None), (99999999999, "5138-11-16T09:46:39Z"),  # a JSON number alike
    ("January 16, 2017 at 8:05 PM EDIT", "2017-01-16T20:05"), ("March 5, 2024 at 10:12 am US", "2024-03-05T10:12"),
    ("March 5, 2024 at 10:12 am -1 points", "2024-03-05T10:12"), ("Nov 24, 2026 1:05 PM EST Reply", None),
    ("Tue, 14 Jan 2014 17:31:03 MSK", "2014-01-14T17:31:03+03:00"), ("Nov 24, 2026 1:05 PM AST", None),
    ("Sun, 21 Oct 2018 02:57:41 +000", "2018-10-21T02:57:41Z"), ("Nov 24, 2026 13:05 +01", "2026-11-24T13:05+01:00"),
    ("Nov 24, 2026 1:05 PM -05", "2026-11-24T13:05-05:00"), ("Sun, 21 Oct 2018 02:57:41 +100", None),
    ("Nov 24, 2026 13:05 -1", None), ("Nov 24, 2026 13:05 GMT+100", None), ("Nov 24, 2026 13:05 GMT-1", "2026-11-24T13:05-01:00"),
    ("14 Jan 2014 17:31", "2014-01-14T17:31"),  # seconds as written (email.utils added ":00")
])
def test_zones_after_the_clock_and_unusual_forms(text, iso):
    assert dates.normalize(text) == iso


@pytest.mark.parametrize("text, iso", [
    ("Nov 24, 2026 11:05 JST", "2026-11-24T11:05+09:00"), ("Nov 24, 2026 11:05 PM AEST", "2026-11-24T23:05+10:00"),
    ("24 Nov 2026 11:05 NZDT", "2026-11-24T11:05+13:00"), ("Nov 24, 2026, 9:30 AM SGT", "2026-11-24T09:30+08:00"),
    ("2026/11/24 13:05 HKT", "2026-11-24T13:05+08:00"), ("Nov 24, 2026 1:05 PM ACDT", "2026-11-24T13:05+10:30"),
    ("Nov 24, 2026 1:05 PM NST", "2026-11-24T13:05-03:30"), ("Nov 24, 2026 1:05 PM HST", "2026-11-24T13:05-10:00"),
    ("24.11.2026 13:05 WIB", "2026-11-24T13:05+07:00"),
    # shaped like a zone but not listed (PHT, ICT): stated, not read; PT (PST or PDT) is read for its day (below)
    ("Nov 24, 2026 11:05 PHT", None), ("Nov 24, 2026 11:05 ICT", None), ("Nov 24, 2026 11:05 PT", "2026-11-24T11:05-08:00"),
    ("Nov 24, 2026 11:05 JST (edited)", "2026-11-24T11:05+09:00"),
    ("January 16, 2017 at 8:05 PM EDIT", "2017-01-16T20:05"), ("March 5, 2024 at 10:12 am OP", "2024-03-05T10:12"),
])
def test_asia_pacific_and_other_zone_names_are_read_or_flagged_never_taken_as_local(text, iso):
    """"11:05 JST" was 11:05 local time, no flag: a date in Tokyo read as if in no zone. Every name
    the tz database gives one offset is read; a capitalised word shaped like a zone's name we do not
    list gives None (the readers flag invalid_date and keep the value in meta), as IST does; other
    capitalised words after the clock ("EDIT", "OP") state no zone."""
    assert dates.normalize(text) == iso


def test_every_listed_zone_has_the_offset_the_tz_database_gives_it():
    """The names read are the tz database's with one offset (checked, not typed from memory);
    RFC 2822's US names, SGT (Singapore prints it, the database writes +08) and MEZ/MESZ
    (German) are the table's own."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, available_timezones

    offsets: dict[str, set[int]] = {}
    for name in available_timezones():
        for month in (1, 7):
            moment = datetime(2024, month, 15, tzinfo=ZoneInfo(name))
            abbreviation = moment.tzname() or ""
            if abbreviation.isalpha():
                offsets.setdefault(abbreviation.lower(), set()).add(int(moment.utcoffset().total_seconds()) // 60)
    own = {"z", "ut", "sgt", "mez", "mesz", "cst", "cdt", "pst"}  # (RFC 2822's US sense, not China's, Cuba's, Manila's)
    for name, minutes in dates.ZONES.items():
        if name not in own:
            assert offsets.get(name) == {minutes}, name


@pytest.mark.parametrize("text, expected", [
    ("2024-03-03 10:15 ET", "2024-03-03T10:15-05:00"),  # EST in March before the switch
    ("July 4, 2024 at 9:00 pm PT", "2024-07-04T21:00-07:00"),  # PDT
    ("November 3, 2024 at 10:15 am ET", "2024-11-03T10:15-05:00"),  # back to EST that night
    ("2024-06-01 08:00 CT", "2024-06-01T08:00-05:00"),
    ("2024-03-03 10:15 IT", "2024-03-03T10:15"),  # no zone's name: the time as shown
])
def test_us_zones_without_standard_or_daylight_are_read_for_their_day(text, expected):
    """US news sites print "10:15 am ET" (review21a, session 21: the zone-shaped rule made such dates
    invalid, where main had kept the time as shown): the zone's offset on that day, from the tz database."""
    assert dates.normalize(text) == expected
