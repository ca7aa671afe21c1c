"""The Oozie EL parser and evaluator: syntax, JSP EL coercion, and robustness."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yarn2k8s.analyzers.oozie_el import (
    Binary,
    Call,
    ELSyntaxError,
    Index,
    Literal,
    Var,
    calls,
    parse_expression,
    parse_template,
    template_json,
    to_json,
    unparse,
    variables,
)
from yarn2k8s.analyzers.oozie_el_eval import ELError, Scope, Unresolved, evaluate, render


def value(text: str, **names: Any) -> Any:
    """Evaluate one expression body with variables."""

    def resolve(name: str) -> Any:
        if name in names:
            return names[name]
        raise Unresolved(name)

    return evaluate(to_json(parse_expression(text)), Scope(resolve=resolve))


def test_template_splits_text_and_expressions() -> None:
    template = parse_template("${nameNode}/user/${wf:user()}/x")
    assert template.parts == (Var("nameNode"), "/user/", Call("wf", "user", ()), "/x")


def test_escaped_dollar_brace_is_literal() -> None:
    assert parse_template("a\\${b}").parts == ("a${b}",)


def test_closing_brace_inside_a_string_does_not_end_the_expression() -> None:
    assert parse_template("${'a}b'}").parts == (Literal("a}b"),)


def test_dotted_names_are_one_variable() -> None:
    assert parse_expression("mapred.job.queue.name") == Var("mapred.job.queue.name")


def test_nested_calls_and_indexing() -> None:
    expr = parse_expression("wf:actionData('shell-node')['rows'] gt 10")
    assert isinstance(expr, Binary) and expr.op == ">"
    assert isinstance(expr.left, Index)
    assert [c.qualified for c in calls(expr)] == ["wf:actionData"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 / 4", 2.5),
        ("10 div 4", 2.5),
        ("7 % 3", 1),
        ("7 mod 3", 1),
        ("-2 + 1", -1),
        ("'5' == 5", True),
        ("'5.0' eq 5", True),
        ("'true' and true", True),
        ("'yes' or false", False),
        ("not empty ''", False),
        ("empty null", True),
        ("1 lt 2 ? 'a' : 'b'", "a"),
        ("'abc' < 'abd'", True),
        ("null == null", True),
        ("10 * MB", 10 * 1024 * 1024),
        ("concat('a', concat('b', 3))", "ab3"),
        ("firstNotNull(null, 'x')", "x"),
        ("replaceAll('a.b.c', '\\\\.', '/')", "a/b/c"),
        ("replaceAll('2024-05', '(\\\\d+)-(\\\\d+)', '$2/$1')", "05/2024"),
        ("appendAll('a,b', '/x', ',')", "a/x,b/x"),
        ("trim('  t ')", "t"),
        ("urlEncode('a b&c')", "a+b%26c"),
        ("coord:formatTime('2024-01-02T03:04Z', \"yyyyMMdd'T'HH\")", "20240102T03"),
        ("coord:dateOffset('2024-01-31T00:00Z', 1, 'MONTH')", "2024-02-29T00:00Z"),
        ("coord:dateOffset('2024-01-31T00:00Z', -2, 'DAY')", "2024-01-29T00:00Z"),
    ],
)
def test_constant_expressions(text: str, expected: Any) -> None:
    assert value(text) == expected


def test_variables_resolve_through_the_scope() -> None:
    assert value("region eq 'eu' ? 'gdpr' : 'default'", region="eu") == "gdpr"
    with pytest.raises(Unresolved):
        value("unknownVar")


def test_short_circuit_does_not_touch_the_other_side() -> None:
    assert value("false and unknownVar") is False
    assert value("true or unknownVar") is True


def test_render_uses_el_string_conversion() -> None:
    parts = template_json(parse_template("n=${1 + 1} b=${1 lt 2} f=${1.0 * 3} z=${null}"))
    assert render(parts, Scope()) == "n=2 b=true f=3.0 z="


@pytest.mark.parametrize(
    "bad", ["${", "${a +}", "${concat('a', }", "${(1}", "${1 2}", "${'open}", "${a ? b}", "${#}"]
)
def test_syntax_errors_raise_only_the_syntax_error(bad: str) -> None:
    with pytest.raises(ELSyntaxError):
        parse_template(bad)


def test_nesting_is_bounded() -> None:
    with pytest.raises(ELSyntaxError, match="nested too deeply"):
        parse_expression("(" * 500 + "1" + ")" * 500)


def test_unparse_then_parse_is_stable() -> None:
    text = "wf:actionData('x')['k'] == 'v' and (a.b + 2 * -c > 3 ? fs:exists(p) : empty q)"
    expr = parse_expression(text)
    assert parse_expression(unparse(expr)) == expr
    assert variables(expr) == ["a.b", "c", "p", "q"]


_EL_CHARS = st.sampled_from([*list("${}()[]'\"\\ ,.:?!-+*/%<>=&|abcxyz019_"), "eq", "and", "${"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_EL_CHARS, max_size=60).map("".join))
def test_parser_never_raises_anything_but_syntax_errors(text: str) -> None:
    try:
        template = parse_template(text)
    except ELSyntaxError:
        return
    for expr in template.expressions:
        with contextlib.suppress(ELError):
            evaluate(to_json(expr), Scope())
        assert parse_expression(unparse(expr)) == expr


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_is_handled(text: str) -> None:
    try:
        parse_template(text)
    except ELSyntaxError as err:
        assert 0 <= err.offset <= len(text) + 2


_INTS = st.integers(min_value=-1000, max_value=1000)


@settings(max_examples=200, deadline=None)
@given(_INTS, _INTS, st.sampled_from(["+", "-", "*"]))
def test_integer_arithmetic_matches_python(a: int, b: int, op: str) -> None:
    expected = {"+": a + b, "-": a - b, "*": a * b}[op]
    assert value(f"x {op} y", x=a, y=b) == expected
    assert value(f"x {op} y", x=str(a), y=str(b)) == expected  # strings coerce to numbers
