"""Oozie EL syntax: the JSP 2.0 expression language inside `${...}`, parsed into a tree.

A template is literal text with `${expr}` parts. Expressions have JSP EL's operators (`+ - * /
div % mod == eq != ne < lt > gt <= le >= ge && and || or ! not empty ?:`), literals, variables,
`a.b` / `a['b']` access and `ns:fn(...)` calls. Parsing raises only `ELSyntaxError`, and is
bounded in length and nesting depth. Evaluation lives in `oozie_el_eval` (stdlib-only, so
converted pipelines can embed it) and works on the JSON form given by `to_json`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from yarn2k8s.analyzers.oozie_el_eval import CONSTANTS, ELError, to_string

MAX_TEMPLATE_CHARS = 65_536
MAX_DEPTH = 64


class ELSyntaxError(ELError):
    """An expression cannot be parsed; `offset` is the character position in the template."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Literal:
    """A constant: string, integer, float, boolean or null (None)."""

    value: Any


@dataclass(frozen=True)
class Var:
    """A variable; a dotted chain of identifiers (`user.name`) is one variable name."""

    name: str


@dataclass(frozen=True)
class Call:
    """A function call; `ns` is "" for the un-prefixed functions (concat, trim...)."""

    ns: str
    name: str
    args: tuple[Expr, ...]

    @property
    def qualified(self) -> str:
        """`ns:name`, or just the name."""
        return f"{self.ns}:{self.name}" if self.ns else self.name


@dataclass(frozen=True)
class Unary:
    """`-x`, `!x` / `not x`, `empty x`."""

    op: str
    operand: Expr


@dataclass(frozen=True)
class Binary:
    """An infix operator, normalised to its symbol (`eq` -> `==`)."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Cond:
    """`test ? then : otherwise`."""

    test: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Index:
    """`target[key]`, also `target.name` on anything but a plain variable."""

    target: Expr
    key: Expr


Expr = Literal | Var | Call | Unary | Binary | Cond | Index


@dataclass(frozen=True)
class Template:
    """Literal text (str) and `${...}` expressions, in order."""

    parts: tuple[str | Expr, ...]
    source: str = ""

    @property
    def expressions(self) -> list[Expr]:
        """The `${...}` parts."""
        return [p for p in self.parts if not isinstance(p, str)]

    @property
    def is_literal(self) -> bool:
        """No `${...}` at all."""
        return not self.expressions


# --------------------------------------------------------------------------- tokenizer

_WORD_OPS = {
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "ge": ">=",
    "and": "&&",
    "or": "||",
    "not": "!",
    "div": "/",
    "mod": "%",
    "empty": "empty",
}
_KEYWORDS = {"true": True, "false": False, "null": None}
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<num>\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)"
    r"|(?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)"
    r"|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<sym>==|!=|<=|>=|&&|\|\||[<>+\-*/%!?:()\[\],.])"
    r")"
)


_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, ident, str, sym, end
    text: str
    pos: int


def _tokens(text: str, base: int) -> list[_Tok]:
    out: list[_Tok] = []
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ELSyntaxError(f"unexpected character {text[pos:].lstrip()[:1]!r}", base + pos)
        kind = match.lastgroup or "sym"
        out.append(_Tok(kind, match.group(kind), base + match.start(kind)))
        pos = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
    out.append(_Tok("end", "", base + len(text)))
    return out


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: m.group(1), body)


# --------------------------------------------------------------------------- parser


class _Parser:
    """Recursive descent over one `${...}` body, depth-bounded."""

    def __init__(self, text: str, base: int) -> None:
        self.toks = _tokens(text, base)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def next(self) -> _Tok:
        tok = self.toks[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def op(self) -> str:
        tok = self.peek()
        if tok.kind == "sym":
            return tok.text
        if tok.kind == "ident" and tok.text in _WORD_OPS:
            return _WORD_OPS[tok.text]
        return ""

    def expect(self, sym: str) -> None:
        tok = self.next()
        if tok.kind != "sym" or tok.text != sym:
            raise ELSyntaxError(f"expected {sym!r}, found {tok.text or 'end'!r}", tok.pos)

    def parse(self) -> Expr:
        expr = self.expression()
        tok = self.peek()
        if tok.kind != "end":
            raise ELSyntaxError(f"unexpected {tok.text!r}", tok.pos)
        return expr

    def expression(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ELSyntaxError("expression nested too deeply", self.peek().pos)
        test = self.binary(0)
        if self.op() == "?":
            self.next()
            then = self.expression()
            self.expect(":")
            otherwise = self.expression()
            test = Cond(test, then, otherwise)
        self.depth -= 1
        return test

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("||",),
        ("&&",),
        ("==", "!="),
        ("<", ">", "<=", ">="),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.op() in self._LEVELS[level]:
            op = self.op()
            self.next()
            left = Binary(op, left, self.binary(level + 1))
        return left

    def unary(self) -> Expr:
        op = self.op()
        if op in ("-", "!", "empty"):
            self.next()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ELSyntaxError("expression nested too deeply", self.peek().pos)
            operand = self.unary()
            self.depth -= 1
            return Unary(op, operand)
        return self.suffixes(self.primary())

    def primary(self) -> Expr:
        tok = self.next()
        if tok.kind == "num":
            is_float = any(c in tok.text for c in ".eE")
            return Literal(float(tok.text) if is_float else int(tok.text))
        if tok.kind == "str":
            return Literal(_unquote(tok.text))
        if tok.kind == "sym" and tok.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if tok.kind == "ident" and tok.text not in _WORD_OPS:
            return self.identifier(tok)
        raise ELSyntaxError(f"unexpected {tok.text or 'end of expression'!r}", tok.pos)

    def identifier(self, tok: _Tok) -> Expr:
        if tok.text in _KEYWORDS:
            return Literal(_KEYWORDS[tok.text])
        nxt = self.peek()
        after = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else nxt
        if nxt.text == ":" and after.kind == "ident" and self._is_call(2):
            self.next()
            name = self.next().text
            return Call(tok.text, name, self.arguments())
        if nxt.text == "(" and nxt.kind == "sym":
            return Call("", tok.text, self.arguments())
        name = tok.text
        # A dotted chain of identifiers is one variable: `${user.name}`, `${mapred.queue}`.
        while self.peek().text == "." and self.toks[self.i + 1].kind == "ident":
            if self.toks[self.i + 2].text == "(":
                break
            self.next()
            name += "." + self.next().text
        return Var(name)

    def _is_call(self, ahead: int) -> bool:
        j = self.i + ahead
        return j < len(self.toks) and self.toks[j].text == "("

    def arguments(self) -> tuple[Expr, ...]:
        self.expect("(")
        args: list[Expr] = []
        if self.peek().text == ")":
            self.next()
            return ()
        while True:
            args.append(self.expression())
            tok = self.next()
            if tok.text == ")":
                return tuple(args)
            if tok.text != ",":
                raise ELSyntaxError(f"expected ',' or ')', found {tok.text or 'end'!r}", tok.pos)

    def suffixes(self, expr: Expr) -> Expr:
        while True:
            tok = self.peek()
            if tok.kind == "sym" and tok.text == "[":
                self.next()
                key = self.expression()
                self.expect("]")
                expr = Index(expr, key)
            elif tok.kind == "sym" and tok.text == "." and self.toks[self.i + 1].kind == "ident":
                self.next()
                expr = Index(expr, Literal(self.next().text))
            else:
                return expr


def parse_expression(text: str, base: int = 0) -> Expr:
    """Parse one expression body (the inside of `${...}`)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ELSyntaxError("expression too long", base)
    return _Parser(text, base).parse()


def _expression_end(text: str, start: int) -> int:
    """Index of the `}` closing the expression that starts at `start` (after `${`)."""
    quote = ""
    i = start
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "}":
            return i
        i += 1
    raise ELSyntaxError("unterminated ${...}", start - 2)


# Templates up to this size are remembered (by their text, the parse's only input): a workflow's
# values repeat across its actions, its analysis and its conversion. Bounded in entries and size.
_CACHED_TEMPLATE_CHARS = 2048
_TEMPLATE_CACHE_SIZE = 4096


def parse_template(text: str) -> Template:
    """Split text into literal parts and parsed `${...}` expressions.

    `\\${` is a literal `${`. The result is immutable, so parses are shared.
    """
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ELSyntaxError("template too long", 0)
    if "${" not in text:  # no expression and no escaped `\\${`: one literal part
        return Template((text,) if text else (), text)
    if len(text) <= _CACHED_TEMPLATE_CHARS:
        return _parse_template_cached(text)
    return _parse_template(text)


@functools.lru_cache(maxsize=_TEMPLATE_CACHE_SIZE)
def _parse_template_cached(text: str) -> Template:
    return _parse_template(text)


def _parse_template(text: str) -> Template:
    parts: list[str | Expr] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\${", i):
            buf.append("${")
            i += 3
            continue
        if text.startswith("${", i):
            end = _expression_end(text, i + 2)
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(parse_expression(text[i + 2 : end], i + 2))
            i = end + 1
            continue
        buf.append(text[i])
        i += 1
    if buf:
        parts.append("".join(buf))
    return Template(tuple(parts), text)


def variables(expr: Expr) -> list[str]:
    """Variable names an expression reads, in order of first use (constants excluded)."""
    found: list[str] = []

    def visit(node: Expr) -> None:
        if isinstance(node, Var):
            if node.name not in CONSTANTS and node.name not in found:
                found.append(node.name)
        elif isinstance(node, Call):
            for arg in node.args:
                visit(arg)
        elif isinstance(node, Unary):
            visit(node.operand)
        elif isinstance(node, Binary):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, Cond):
            visit(node.test)
            visit(node.then)
            visit(node.otherwise)
        elif isinstance(node, Index):
            visit(node.target)
            visit(node.key)

    visit(expr)
    return found


def calls(expr: Expr) -> list[Call]:
    """Every function call inside an expression, outermost first."""
    found: list[Call] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop(0)
        if isinstance(node, Call):
            found.append(node)
            stack.extend(node.args)
        elif isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack.extend((node.left, node.right))
        elif isinstance(node, Cond):
            stack.extend((node.test, node.then, node.otherwise))
        elif isinstance(node, Index):
            stack.extend((node.target, node.key))
    return found


def unparse(expr: Expr) -> str:
    """Canonical EL text of an expression (fully parenthesised operators)."""
    if isinstance(expr, Literal):
        value = expr.value
        if isinstance(value, str):
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return to_string(value) if value is not None else "null"
    if isinstance(expr, Var):
        return expr.name
    if isinstance(expr, Call):
        return f"{expr.qualified}({', '.join(unparse(a) for a in expr.args)})"
    if isinstance(expr, Unary):
        sep = " " if expr.op == "empty" else ""
        return f"({expr.op}{sep}{unparse(expr.operand)})"
    if isinstance(expr, Binary):
        return f"({unparse(expr.left)} {expr.op} {unparse(expr.right)})"
    if isinstance(expr, Cond):
        return f"({unparse(expr.test)} ? {unparse(expr.then)} : {unparse(expr.otherwise)})"
    return f"{unparse(expr.target)}[{unparse(expr.key)}]"


def to_json(expr: Expr) -> list[Any]:
    """The JSON syntax tree `oozie_el_eval.evaluate` reads."""
    if isinstance(expr, Literal):
        return ["lit", expr.value]
    if isinstance(expr, Var):
        return ["var", expr.name]
    if isinstance(expr, Call):
        return ["call", expr.ns, expr.name, [to_json(a) for a in expr.args]]
    if isinstance(expr, Unary):
        return ["unary", expr.op, to_json(expr.operand)]
    if isinstance(expr, Binary):
        return ["bin", expr.op, to_json(expr.left), to_json(expr.right)]
    if isinstance(expr, Cond):
        return ["cond", to_json(expr.test), to_json(expr.then), to_json(expr.otherwise)]
    return ["index", to_json(expr.target), to_json(expr.key)]


def template_json(template: Template) -> list[Any]:
    """A template as JSON: strings and expression trees."""
    return [p if isinstance(p, str) else to_json(p) for p in template.parts]
