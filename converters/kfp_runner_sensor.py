"""Pipeline step: a coordinator's input events, as a sensor that waits for the data.

Embedded after `oozie_el_eval` (dataset URI templates are EL); the import is dropped when the
step's script is assembled. For the run's nominal time (the schedule time, else now), each
event's dataset instances are computed the way Oozie does (`coord:current(n)` counts dataset
periods back from the latest instance not after the nominal time, in the dataset's time
zone), each instance's done-flag (`_SUCCESS` by default, the folder itself when empty) is
polled through Hadoop's FsShell until it exists or the timeout passes, and the instance URIs
are written comma-separated, which is what `coord:dataIn()` / `coord:dataOut()` return.

    --nominal-time TIME --timeout-minutes N --var NAME VALUE
    --event JSON OUT   {"name", "uri": template, "frequency": minutes, "months": n,
                        "initial": time, "timezone": tz, "done_flag": str|null,
                        "offsets": [n...], "wait": bool}
"""

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from typing import Any

from yarn2k8s.analyzers.oozie_el_eval import (  # embed: drop
    ELError,  # embed: drop
    Scope,  # embed: drop
    add_months,  # embed: drop
    parse_time,  # embed: drop
    render,  # embed: drop
)  # embed: drop

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None  # type: ignore[assignment,misc]


def zone(name: str) -> dt.tzinfo:
    """A time zone by IANA name (UTC when unknown)."""
    if ZoneInfo is not None and name and name != "UTC":
        try:
            return ZoneInfo(name)
        except Exception:  # an unknown zone behaves as UTC, like Oozie's GMT fallback
            return dt.timezone.utc
    return dt.timezone.utc


def nominal(text: str) -> dt.datetime:
    """The run's nominal time; a manual run (no schedule time) uses now."""
    try:
        return parse_time(text)
    except ELError:
        return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


def instance(event: dict[str, Any], when: dt.datetime, offset: int) -> dt.datetime:
    """coord:current(offset) of the event's dataset at the nominal time `when`."""
    initial = parse_time(event["initial"])
    months = int(event.get("months") or 0)
    if months:
        elapsed = (when.year - initial.year) * 12 + when.month - initial.month
        periods = elapsed // months
        if add_months(initial, periods * months) > when:
            periods -= 1
        return add_months(initial, (periods + offset) * months)
    step = dt.timedelta(minutes=int(event["frequency"]))
    periods = (when - initial) // step
    return initial + (periods + offset) * step


def uri_for(event: dict[str, Any], moment: dt.datetime, variables: dict[str, str]) -> str:
    """The dataset URI template rendered for one instance (YEAR, MONTH... in its zone)."""
    local = moment.astimezone(zone(event.get("timezone", "UTC")))
    names = {
        "YEAR": f"{local.year:04d}",
        "MONTH": f"{local.month:02d}",
        "DAY": f"{local.day:02d}",
        "HOUR": f"{local.hour:02d}",
        "MINUTE": f"{local.minute:02d}",
    }

    def resolve(name: str) -> Any:
        if name in names:
            return names[name]
        if name in variables:
            return variables[name]
        raise ELError(f"variable {name!r} has no value")

    return render(event["uri"], Scope(resolve=resolve))


def fs_exists(path: str) -> bool:
    """Whether a path exists, through FsShell."""
    override = os.environ.get("YARN2K8S_FS_SHELL")
    if override:
        shell = shlex.split(override)
    elif shutil.which("hadoop"):
        shell = ["hadoop", "fs"]
    else:
        home = os.environ.get("SPARK_HOME", "/opt/spark")
        shell = ["java", "-cp", f"{home}/jars/*", "org.apache.hadoop.fs.FsShell"]
    return subprocess.run([*shell, "-test", "-e", path]).returncode == 0


def wait_for(paths: list[str], timeout_minutes: int, poll: float) -> bool:
    """Poll until every path exists; False when the timeout passes (-1: no timeout)."""
    deadline = time.monotonic() + timeout_minutes * 60 if timeout_minutes >= 0 else None
    missing = list(paths)
    while missing:
        missing = [p for p in missing if not fs_exists(p)]
        if not missing:
            break
        if deadline is not None and time.monotonic() > deadline:
            print("timed out waiting for: " + ", ".join(missing))
            return False
        print(f"waiting for {len(missing)} input(s), e.g. {missing[0]}", flush=True)
        time.sleep(poll)
    return True


def parse_args(argv: list[str]) -> tuple[str, int, dict[str, str], list[tuple[Any, str]]]:
    """(nominal time, timeout minutes, variables, [(event, output path)])."""
    when, timeout = "", -1
    variables: dict[str, str] = {}
    events: list[tuple[Any, str]] = []
    i = 0
    while i < len(argv):
        flag = argv[i]
        if flag == "--nominal-time":
            when, i = argv[i + 1], i + 2
        elif flag == "--timeout-minutes":
            timeout, i = int(argv[i + 1]), i + 2
        elif flag == "--var":
            variables[argv[i + 1]] = argv[i + 2]
            i += 3
        elif flag == "--event":
            events.append((json.loads(argv[i + 1]), argv[i + 2]))
            i += 3
        else:
            raise SystemExit(f"unexpected argument {flag!r}")
    return when, timeout, variables, events


def main(argv: list[str]) -> int:
    """Resolve every event, wait for the inputs, write the URI lists."""
    when, timeout, variables, events = parse_args(argv)
    moment = nominal(when)
    poll = float(os.environ.get("YARN2K8S_POLL_SECONDS", "60"))
    for event, out in events:
        uris = [uri_for(event, instance(event, moment, n), variables) for n in event["offsets"]]
        flag_name = event.get("done_flag")
        flags = [u if flag_name == "" else f"{u}/{flag_name or '_SUCCESS'}" for u in uris]
        if event.get("wait") and not wait_for(flags, timeout, poll):
            return 1
        os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(",".join(uris))
        print(f"{event['name']}: {','.join(uris)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
