"""Coordinator frequencies -> Kubeflow schedules (mapping.md section 4.4).

Oozie counts nominal times from the coordinator's start in its time zone; Kubeflow recurring
runs take a 6-field cron (seconds first, robfig/cron, UTC) or an interval in seconds. Fixed
periods that divide an hour or a day become crons aligned on the start time; other fixed
periods become intervals (which also start at start-time). Day and month frequencies follow
the wall clock, so they become crons; a non-UTC zone is converted at the start date, which is
one hour off for part of the year when daylight saving applies.

Oozie's cron frequency (4.1+) is 5 fields with Quartz rules: day-of-week 1-7 is SUN-SAT; the
target is 0-6. Quartz `L`, `W` and `#` have no robfig equivalent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from yarn2k8s.analyzers.oozie_el import Call, ELSyntaxError, Literal, parse_template
from yarn2k8s.analyzers.oozie_el_eval import ELError, parse_time

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None  # type: ignore[assignment,misc]

_UNITS = {"minutes": 1, "hours": 60, "days": 1440, "endOfDays": 1440}
_MONTHLY = ("months", "endOfMonths")
_QUARTZ = re.compile(r"[LW#]")


@dataclass(frozen=True)
class Frequency:
    """A coordinator frequency: a fixed period in minutes, calendar months, or a cron."""

    minutes: int = 0
    months: int = 0
    cron: str = ""  # Oozie's 5-field Quartz-style cron
    calendar: bool = False  # coord:days/months: follows the wall clock (DST aware)
    end_of: bool = False  # endOfDays/endOfMonths: aligned to the start of the day/month


@dataclass
class Schedule:
    """A Kubeflow schedule and what the conversion changed."""

    cron: str = ""  # 6 fields, UTC
    interval_seconds: int = 0
    cron5: str = ""  # 5 fields in the coordinator's zone (CronJob, ScheduledSparkApplication)
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (code, args)

    @property
    def text(self) -> str:
        """Human description for findings and READMEs."""
        if self.cron:
            return f"cron `{self.cron}` (UTC)"
        return f"an interval of {self.interval_seconds} s"


def parse_frequency(text: str, props: dict[str, str]) -> Frequency:
    """A coordinator or dataset frequency (EL call, plain minutes, or cron); raises ELError."""
    raw = _substitute(text.strip(), props)
    if re.fullmatch(r"\d+", raw):
        return Frequency(minutes=int(raw))
    if "${" not in raw:
        if len(raw.split()) == 5:
            return Frequency(cron=raw)
        raise ELError("not a number, an EL call or a 5-field cron")
    try:
        template = parse_template(raw)
    except ELSyntaxError as err:
        raise ELError(str(err)) from None
    exprs = template.expressions
    if len(exprs) != 1 or not isinstance(exprs[0], Call) or exprs[0].ns != "coord":
        raise ELError("a frequency is one coord:minutes/hours/days/months(n) call")
    call = exprs[0]
    if len(call.args) != 1 or not isinstance(call.args[0], Literal):
        raise ELError("the frequency's argument must be a number")
    amount = int(str(call.args[0].value))
    if call.name in _UNITS:
        calendar = call.name in ("days", "endOfDays")
        return Frequency(
            minutes=amount * _UNITS[call.name],
            calendar=calendar,
            end_of=call.name.startswith("end"),
        )
    if call.name in _MONTHLY:
        return Frequency(months=amount, calendar=True, end_of=call.name.startswith("end"))
    raise ELError(f"coord:{call.name}() is not a frequency")


def _substitute(text: str, props: dict[str, str]) -> str:
    # `${freq}` naming a property that holds the real frequency.
    match = re.fullmatch(r"\$\{\s*([\w.]+)\s*\}", text)
    if match and match.group(1) in props:
        return props[match.group(1)].strip()
    return text


def zone_offset(tz: str, moment: dt.datetime) -> dt.timedelta:
    """The UTC offset of a time zone at a moment (0 for UTC or an unknown zone)."""
    if tz in ("", "UTC", "GMT") or ZoneInfo is None:
        return dt.timedelta(0)
    try:
        offset = moment.astimezone(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timedelta(0)
    return offset or dt.timedelta(0)


def to_schedule(freq: Frequency, start: str, tz: str) -> Schedule:
    """The Kubeflow schedule for a frequency starting at `start` in zone `tz`."""
    try:
        begin = parse_time(start)
    except ELError:
        begin = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    if freq.cron:
        return quartz_to_kfp(freq.cron, tz, begin)
    local = begin + zone_offset(tz, begin)
    if freq.months:
        return _monthly(freq, local, tz, begin)
    if freq.calendar and freq.minutes % 1440 == 0 and freq.minutes // 1440 == 1:
        return _daily(freq, local, tz, begin)
    return _fixed(freq.minutes, begin)


def _fixed(minutes: int, begin: dt.datetime) -> Schedule:
    """A fixed period: a cron aligned on the start when it divides an hour or a day."""
    if minutes <= 0:
        return Schedule(interval_seconds=60)
    if minutes < 60 and 60 % minutes == 0:
        first = begin.minute % minutes
        field5 = "*" if minutes == 1 else f"{first}/{minutes}"
        return Schedule(cron=f"0 {field5} * * * *", cron5=f"{field5} * * * *")
    if minutes % 60 == 0 and minutes < 1440 and 24 % (minutes // 60) == 0:
        hours = minutes // 60
        hour = "*" if hours == 1 else f"{begin.hour % hours}/{hours}"
        return Schedule(cron=f"0 {begin.minute} {hour} * * *", cron5=f"{begin.minute} {hour} * * *")
    if minutes == 1440:
        return Schedule(
            cron=f"0 {begin.minute} {begin.hour} * * *", cron5=f"{begin.minute} {begin.hour} * * *"
        )
    return Schedule(interval_seconds=minutes * 60)


def _daily(freq: Frequency, local: dt.datetime, tz: str, begin: dt.datetime) -> Schedule:
    minute, hour = (0, 0) if freq.end_of else (local.minute, local.hour)
    sched = Schedule(cron5=f"{minute} {hour} * * *")
    utc_minute, utc_hour, _ = _to_utc(minute, hour, tz, begin)
    sched.cron = f"0 {utc_minute} {utc_hour} * * *"
    _zone_note(sched, tz, begin)
    return sched


def _monthly(freq: Frequency, local: dt.datetime, tz: str, begin: dt.datetime) -> Schedule:
    minute, hour, day = (0, 0, 1) if freq.end_of else (local.minute, local.hour, local.day)
    first = (local.month - 1) % freq.months + 1
    month = "*" if freq.months == 1 else f"{first}/{freq.months}"
    sched = Schedule(cron5=f"{minute} {hour} {day} {month} *")
    utc_minute, utc_hour, shift = _to_utc(minute, hour, tz, begin)
    utc_day = day + shift
    if day > 28 or not 1 <= utc_day <= 28:
        # Days 29-31 do not exist every month; cron would skip those months entirely.
        utc_day = min(max(utc_day, 1), 28)
        note = {"field": "day-of-month", "feature": f"day {day}", "approx": str(utc_day)}
        sched.notes.append(("OZ052", note))
    sched.cron = f"0 {utc_minute} {utc_hour} {utc_day} {month} *"
    _zone_note(sched, tz, begin)
    return sched


def _to_utc(minute: int, hour: int, tz: str, begin: dt.datetime) -> tuple[int, int, int]:
    """A local wall-clock time as UTC (minute, hour, day shift), at the start date's offset."""
    offset = zone_offset(tz, begin)
    total = hour * 60 + minute - int(offset.total_seconds() // 60)
    shift, rest = divmod(total, 1440)
    return rest % 60, rest // 60, shift


def _zone_note(sched: Schedule, tz: str, begin: dt.datetime) -> None:
    offset = zone_offset(tz, begin)
    if tz not in ("", "UTC", "GMT"):
        hours = offset.total_seconds() / 3600
        sched.notes.append(("OZ051", {"tz": tz, "offset": f"UTC{hours:+g}h"}))


def quartz_to_kfp(cron: str, tz: str, begin: dt.datetime) -> Schedule:
    """Oozie's 5-field Quartz cron -> 6-field robfig cron in UTC (and 5-field in the zone)."""
    minute, hour, dom, month, dow = cron.split()
    sched = Schedule()
    dom, dow = (_quartz_field(sched, "day-of-month", dom), _quartz_field(sched, "day-of-week", dow))
    dow = _shift_dow(dow)
    if dom == "?":
        dom = "*"
    sched.cron5 = f"{minute} {hour} {dom} {month} {dow}"
    if tz not in ("", "UTC", "GMT") and minute.isdigit() and hour.isdigit():
        utc_minute, utc_hour, shift = _to_utc(int(minute), int(hour), tz, begin)
        minute, hour = str(utc_minute), str(utc_hour)
        if shift and (dom != "*" or dow != "*"):
            approx = "unchanged"
            sched.notes.append(
                ("OZ052", {"field": "day", "feature": "day change in UTC", "approx": approx})
            )
        _zone_note(sched, tz, begin)
    elif tz not in ("", "UTC", "GMT"):
        _zone_note(sched, tz, begin)
    sched.cron = f"0 {minute} {hour} {dom} {month} {dow}"
    return sched


def _quartz_field(sched: Schedule, name: str, value: str) -> str:
    if not _QUARTZ.search(value):
        return value
    feature = _QUARTZ.search(value).group(0)  # type: ignore[union-attr]
    sched.notes.append(("OZ052", {"field": name, "feature": feature, "approx": "*"}))
    return "*"


def _shift_dow(value: str) -> str:
    """Quartz day-of-week 1-7 (SUN-SAT) -> cron 0-6; names and `*`/`?` unchanged."""
    if value in ("*", "?"):
        return "*"

    def shift(m: re.Match[str]) -> str:
        return str((int(m.group(0)) - 1) % 7)

    head, slash, step = value.partition("/")
    return re.sub(r"\d+", shift, head) + (slash + step if slash else "")


def rfc3339(value: str) -> str:
    """An Oozie time (`2010-01-01T01:00Z`) as RFC 3339 (`2010-01-01T01:00:00Z`); "" if not one."""
    try:
        return parse_time(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ELError:
        return ""
