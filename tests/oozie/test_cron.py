"""Coordinator frequencies -> KFP schedules (6-field UTC cron or interval)."""

from __future__ import annotations

import pytest

from yarn2k8s.analyzers.oozie_el_eval import ELError
from yarn2k8s.converters.kfp_cron import parse_frequency, quartz_to_kfp, rfc3339, to_schedule


@pytest.mark.parametrize(
    ("frequency", "start", "tz", "cron", "interval"),
    [
        ("${coord:minutes(10)}", "2024-01-01T00:05Z", "UTC", "0 5/10 * * * *", 0),
        ("${coord:minutes(1)}", "2024-01-01T00:05Z", "UTC", "0 * * * * *", 0),
        ("${coord:minutes(7)}", "2024-01-01T00:05Z", "UTC", "", 420),
        ("${coord:hours(1)}", "2024-01-01T01:30Z", "UTC", "0 30 * * * *", 0),
        ("${coord:hours(6)}", "2024-01-01T02:15Z", "UTC", "0 15 2/6 * * *", 0),
        ("${coord:hours(5)}", "2024-01-01T02:15Z", "UTC", "", 18000),
        ("1440", "2024-01-01T10:56Z", "UTC", "0 56 10 * * *", 0),
        ("${coord:days(1)}", "2024-01-01T10:56Z", "America/Los_Angeles", "0 56 10 * * *", 0),
        ("${coord:days(7)}", "2024-01-01T10:56Z", "UTC", "", 604800),
        ("${coord:months(3)}", "2024-02-10T06:00Z", "UTC", "0 0 6 10 2/3 *", 0),
        ("${coord:endOfDays(1)}", "2024-01-01T00:05Z", "Asia/Tokyo", "0 0 15 * * *", 0),
        ("0 10 * * 2-6", "2024-01-01T00:00Z", "UTC", "0 0 10 * * 1-5", 0),
        ("30 9 ? * 1,7", "2024-01-01T00:00Z", "UTC", "0 30 9 * * 0,6", 0),
    ],
)
def test_frequency_to_schedule(
    frequency: str, start: str, tz: str, cron: str, interval: int
) -> None:
    schedule = to_schedule(parse_frequency(frequency, {}), start, tz)
    assert (schedule.cron, schedule.interval_seconds) == (cron, interval)


def test_non_utc_zone_is_converted_with_a_daylight_saving_note() -> None:
    schedule = to_schedule(
        parse_frequency("${coord:days(1)}", {}), "2024-07-01T08:00Z", "Europe/Paris"
    )
    assert schedule.cron == "0 0 8 * * *"  # 10:00 in Paris, UTC+2 in July
    assert schedule.cron5 == "0 10 * * *"  # the zone's wall clock, for CronJob timeZone
    assert [code for code, _ in schedule.notes] == ["OZ051"]


def test_quartz_features_without_equivalent_are_noted() -> None:
    import datetime as dt

    begin = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    schedule = quartz_to_kfp("0 2 L * ?", "UTC", begin)
    assert schedule.cron == "0 0 2 * * *"
    assert [args["feature"] for _, args in schedule.notes] == ["L"]


def test_frequency_from_a_property_and_errors() -> None:
    assert parse_frequency("${freq}", {"freq": "${coord:hours(2)}"}).minutes == 120
    for bad in ("${coord:nominalTime()}", "every day", "${a + }"):
        with pytest.raises(ELError):
            parse_frequency(bad, {})


def test_rfc3339() -> None:
    assert rfc3339("2024-01-31T22:00Z") == "2024-01-31T22:00:00Z"
    assert rfc3339("${start}") == ""
