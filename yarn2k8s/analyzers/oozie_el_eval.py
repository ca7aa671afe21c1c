"""Oozie EL evaluation over a JSON syntax tree, with JSP EL coercion rules.

The tree is plain lists (`["lit", v]`, `["var", name]`, `["call", ns, name, [args]]`,
`["unary", op, x]`, `["bin", op, l, r]`, `["cond", t, a, b]`, `["index", t, k]`), produced by
`oozie_el.to_json`. This module is stdlib-only and imports nothing from yarn2k8s on purpose:
the decision and sensor steps of a converted pipeline embed its source, so a predicate is
evaluated at run time by exactly the code that folded constants at conversion time.

Coercion follows commons-el (which Oozie uses): arithmetic coerces to numbers (null and "" are
0), `/` is always floating point, `==` compares numbers as numbers and booleans via
Boolean.valueOf, `&&`/`||` short-circuit, and null prints as "".
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class ELError(Exception):
    """An expression cannot be evaluated."""


class Unresolved(ELError):
    """A value is only known at run time (a parameter, a task output, the file system)."""


# --------------------------------------------------------------------------- coercion


def to_string(value: Any) -> str:
    """EL's string conversion: null is "", booleans lowercase, Java-like numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={to_string(v)}" for k, v in value.items()) + "}"
    return str(value)


def _java_double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e7:
        return f"{int(value)}.0"
    return repr(value).replace("e+", "E").replace("e", "E")


def to_number(value: Any) -> int | float:
    """EL's number coercion: null and "" are 0; other strings must parse."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ELError("cannot use a boolean as a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            return float(text)
        except ValueError:
            raise ELError(f"not a number: {value!r}") from None
    raise ELError(f"not a number: {type(value).__name__}")


def to_bool(value: Any) -> bool:
    """EL's boolean coercion: Boolean.valueOf for strings, null is false."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    raise ELError(f"not a boolean: {to_string(value)!r}")


def _is_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if not isinstance(value, str) or not any(c in value for c in ".eE"):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _arith(op: str, left: Any, right: Any) -> int | float:
    if left is None and right is None:
        return 0
    a, b = to_number(left), to_number(right)
    if op == "/":
        if b == 0:
            return math.inf if a > 0 else (-math.inf if a < 0 else math.nan)
        return float(a) / float(b)
    floating = _is_float(left) or _is_float(right) or isinstance(a, float) or isinstance(b, float)
    if op == "%":
        if b == 0:
            raise ELError("modulo by zero")
        return math.fmod(a, b) if floating else int(math.fmod(int(a), int(b)))
    result = a + b if op == "+" else (a - b if op == "-" else a * b)
    return float(result) if floating else int(result)


def _equals(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if isinstance(left, (int, float)) or isinstance(right, (int, float)):
        return to_number(left) == to_number(right)
    return to_string(left) == to_string(right)


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    a: Any = left
    b: Any = right
    if not (isinstance(left, str) and isinstance(right, str)):
        a, b = to_number(left), to_number(right)
    if op == "<":
        return bool(a < b)
    if op == ">":
        return bool(a > b)
    return bool(a <= b) if op == "<=" else bool(a >= b)


# --------------------------------------------------------------------------- time

# Built-in constants of Oozie's workflow EL.
CONSTANTS: dict[str, int] = {
    "KB": 1024,
    "MB": 1024**2,
    "GB": 1024**3,
    "TB": 1024**4,
    "PB": 1024**5,
}
# Java SimpleDateFormat letters -> strftime; other letters are kept literally.
_JAVA_DATE = {
    "yyyy": "%Y",
    "yy": "%y",
    "MMM": "%b",
    "MM": "%m",
    "dd": "%d",
    "HH": "%H",
    "hh": "%I",
    "mm": "%M",
    "ss": "%S",
    "a": "%p",
    "EEE": "%a",
    "D": "%j",
}
_JAVA_DATE_TOKEN = re.compile(
    r"'[^']*'|yyyy|yy|MMM|MM|dd|HH|hh|mm|ss|SSS|EEE|a|D|[A-Za-z]|[^A-Za-z']+"
)
_MINUTES = {"MINUTE": 1, "HOUR": 60, "DAY": 1440}


def parse_time(value: Any) -> _dt.datetime:
    """An Oozie timestamp (`2009-01-01T23:59Z`, seconds optional) as an aware UTC datetime."""
    text = to_string(value).strip()
    if text.endswith("+00:00"):  # KFP's schedule-time placeholder is RFC 3339
        text = text[: -len("+00:00")] + "Z"
    for fmt in ("%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return _dt.datetime.strptime(text, fmt).replace(tzinfo=_dt.timezone.utc)
        except ValueError:
            continue
    raise ELError(f"not an Oozie UTC time: {text!r}")


def format_time(moment: _dt.datetime) -> str:
    """An aware datetime in Oozie's UTC format."""
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def java_date_format(moment: _dt.datetime, pattern: str) -> str:
    """Format like java.text.SimpleDateFormat for the common letters."""
    out: list[str] = []
    for tok in _JAVA_DATE_TOKEN.findall(pattern):
        if tok.startswith("'"):
            out.append(tok[1:-1] if tok != "''" else "'")
        elif tok == "SSS":
            out.append(f"{moment.microsecond // 1000:03d}")
        elif tok in _JAVA_DATE:
            out.append(moment.strftime(_JAVA_DATE[tok]))
        else:
            out.append(tok)
    return "".join(out)


def add_months(moment: _dt.datetime, months: int) -> _dt.datetime:
    """Calendar months later, clamping the day to the target month's length."""
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise ELError("date out of range")
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    raise ELError("date out of range")  # pragma: no cover - day 28 always exists


def date_offset(value: Any, amount: Any, unit: Any) -> str:
    """coord:dateOffset: add MINUTE/HOUR/DAY/MONTH/YEAR units to an Oozie time."""
    moment = parse_time(value)
    n = int(to_number(amount))
    unit_name = to_string(unit).upper()
    try:
        if unit_name in _MINUTES:
            return format_time(moment + _dt.timedelta(minutes=n * _MINUTES[unit_name]))
    except OverflowError:
        raise ELError("date out of range") from None
    if unit_name in ("MONTH", "YEAR"):
        return format_time(add_months(moment, n * (12 if unit_name == "YEAR" else 1)))
    raise ELError(f"unknown time unit {unit_name!r}")


# --------------------------------------------------------------------------- functions


def _fn_concat(a: Any, b: Any) -> str:
    return to_string(a) + to_string(b)


def _fn_first_not_null(a: Any, b: Any) -> Any:
    return a if a not in (None, "") else b


def _fn_replace_all(src: Any, regex: Any, replacement: Any) -> str | None:
    if src is None:
        return None
    java_repl = re.sub(r"\$(\d+)", r"\\g<\1>", to_string(replacement).replace("\\", "\\\\"))
    try:
        return re.sub(to_string(regex), java_repl, to_string(src))
    except (re.error, IndexError) as err:
        raise ELError(f"bad regular expression: {err}") from None


def _fn_append_all(src: Any, append: Any, delimiter: Any) -> str | None:
    if src is None:
        return None
    sep = to_string(delimiter)
    items = to_string(src).split(sep) if sep else [to_string(src)]
    return sep.join(item + to_string(append) for item in items)


def _fn_trim(value: Any) -> str | None:
    return None if value is None else to_string(value).strip()


def _fn_url_encode(value: Any) -> str:
    return urllib.parse.quote_plus(to_string(value), safe="*")


def _fn_format_time(value: Any, pattern: Any) -> str:
    return java_date_format(parse_time(value), to_string(pattern))


def _fn_epoch_time(value: Any, millis: Any = False) -> str:
    seconds = int(parse_time(value).timestamp())
    return str(seconds * 1000 if to_bool(millis) else seconds)


def _fn_minutes(n: Any) -> int:
    return int(to_number(n))


def _fn_hours(n: Any) -> int:
    return int(to_number(n)) * 60


def _fn_days(n: Any) -> int:
    return int(to_number(n)) * 1440


# Pure functions: evaluated wherever their arguments are known (conversion or run time).
PURE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "concat": _fn_concat,
    "firstNotNull": _fn_first_not_null,
    "replaceAll": _fn_replace_all,
    "appendAll": _fn_append_all,
    "trim": _fn_trim,
    "urlEncode": _fn_url_encode,
    "coord:formatTime": _fn_format_time,
    "coord:dateOffset": date_offset,
    "coord:epochTime": _fn_epoch_time,
    "coord:minutes": _fn_minutes,
    "coord:hours": _fn_hours,
    "coord:days": _fn_days,
}


# --------------------------------------------------------------------------- evaluation

Resolver = Callable[[str], Any]
Caller = Callable[[str, list[Any]], Any]


def _no_var(name: str) -> Any:
    raise Unresolved(f"variable {name!r} is only known at run time")


def _no_call(name: str, args: list[Any]) -> Any:
    raise Unresolved(f"{name}() is only known at run time")


@dataclass
class Scope:
    """Where an evaluation finds variables and environment-dependent functions.

    `resolve(name)` returns a variable's value; `call(qualified_name, args)` runs a function
    that is not pure (wf:*, fs:*, coord:dataIn...). Both raise Unresolved when they cannot.
    """

    resolve: Resolver = _no_var
    call: Caller = _no_call


def evaluate(node: Any, scope: Scope) -> Any:
    """Evaluate a JSON syntax tree; raises ELError (or Unresolved) when it cannot."""
    if not isinstance(node, list) or not node:
        raise ELError("malformed expression tree")
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "var":
        name = str(node[1])
        return CONSTANTS[name] if name in CONSTANTS else scope.resolve(name)
    if kind == "unary":
        return _unary(str(node[1]), evaluate(node[2], scope))
    if kind == "bin":
        return _binary(str(node[1]), node[2], node[3], scope)
    if kind == "cond":
        return evaluate(node[2] if to_bool(evaluate(node[1], scope)) else node[3], scope)
    if kind == "index":
        return _index(evaluate(node[1], scope), evaluate(node[2], scope))
    if kind == "call":
        return _call(str(node[1]), str(node[2]), node[3], scope)
    raise ELError(f"unknown expression node {kind!r}")


def _unary(op: str, value: Any) -> Any:
    if op == "!":
        return not to_bool(value)
    if op == "empty":
        return value is None or value == "" or (isinstance(value, (dict, list)) and not value)
    return -to_number(value)


def _binary(op: str, left_node: Any, right_node: Any, scope: Scope) -> Any:
    if op in ("&&", "||"):
        left = to_bool(evaluate(left_node, scope))
        if (op == "&&" and not left) or (op == "||" and left):
            return left
        return to_bool(evaluate(right_node, scope))
    left, right = evaluate(left_node, scope), evaluate(right_node, scope)
    if op == "==":
        return _equals(left, right)
    if op == "!=":
        return not _equals(left, right)
    if op in ("<", ">", "<=", ">="):
        return _compare(op, left, right)
    if op in ("+", "-", "*", "/", "%"):
        return _arith(op, left, right)
    raise ELError(f"unknown operator {op!r}")


def _index(target: Any, key: Any) -> Any:
    if target is None:
        return None
    if isinstance(target, Mapping):
        return target.get(to_string(key))
    if isinstance(target, (list, tuple)):
        try:
            return target[int(to_number(key))]
        except IndexError:
            return None
    raise ELError(f"cannot index a {type(target).__name__}")


def _call(ns: str, name: str, arg_nodes: Any, scope: Scope) -> Any:
    qualified = f"{ns}:{name}" if ns else name
    args = [evaluate(a, scope) for a in arg_nodes]
    pure = PURE_FUNCTIONS.get(qualified)
    if pure is None:
        return scope.call(qualified, args)
    try:
        return pure(*args)
    except TypeError:
        raise ELError(f"{qualified}() takes other arguments") from None
    except (ValueError, OverflowError, ArithmeticError) as err:
        raise ELError(f"{qualified}(): {err}") from None


def render(parts: list[Any], scope: Scope) -> str:
    """Join a JSON template (strings and expression trees) into text."""
    return "".join(p if isinstance(p, str) else to_string(evaluate(p, scope)) for p in parts)


def parse_properties_text(text: str) -> dict[str, str]:
    """`key=value` lines: the capture-output format of shell and java actions."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        match = _PROPERTY_LINE.match(line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


_PROPERTY_LINE = re.compile(r"([^=:\s]+)\s*[=:]?\s*(.*)$")
