"""Bounded static reader for POSIX/bash scripts.

The reader tokenizes a shell script and walks it without executing anything, to recover
the simple commands it would run (``spark-submit``, ``hadoop jar``, ``horovodrun`` ...)
with their words after quote removal and a straight-line approximation of variable
expansion: assignments apply in script order, whatever branch they sit in. Values that
cannot be known statically (positional parameters, command substitutions, unset
variables) stay visible as ``${NAME}`` text and are listed in the command's
``placeholders``.

Every stage is a forward pass over the text or is bounded by an explicit budget, so
hostile or very large inputs cannot make it hang, and it never raises on malformed input.
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

__all__ = [
    "MAX_EXPANSION_DEPTH",
    "Heredoc",
    "ShellCommand",
    "ShellIssue",
    "ShellScript",
    "Token",
    "WordPart",
    "parse_script",
    "split_words",
    "tokenize",
]

MAX_EXPANSION_DEPTH = 20
_MAX_ISSUES = 10_000
_MAX_SPARSE_GAP = 10_000  # largest hole an `A[i]=v` may open in an array
_MAX_GLOB_TRIM = 1_024  # longest value a glob `${X%pat}` is evaluated on (quadratic)
_MAX_WRAPPERS = 16


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class ShellCommand:
    """One simple command found in a script.

    Attributes:
        argv: Words after quote removal and variable expansion.
        line: 1-based line where the command starts.
        end_line: 1-based line where it ends (after continuations).
        env: Environment prefix assignments, e.g. ``PYSPARK_PYTHON=./env/bin/python``.
        placeholders: Sorted unique names shown as ``${NAME}`` because their value is unknown.
        in_function: Name of the enclosing shell function, if any.
    """

    argv: tuple[str, ...]
    line: int
    end_line: int
    env: tuple[tuple[str, str], ...]
    placeholders: tuple[str, ...]
    in_function: str | None


@dataclass(frozen=True, slots=True)
class Heredoc:
    """A here-document and the command it feeds.

    Attributes:
        line: 1-based line of the ``<<`` operator.
        delimiter: The delimiter word after quote removal.
        body: The body, expanded unless the delimiter was quoted.
        command: The command's words and other redirections, e.g. ``('cat', '>', 'x.xml')``.
    """

    line: int
    delimiter: str
    body: str
    command: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShellIssue:
    """A problem noticed while reading a script.

    Attributes:
        line: 1-based line the problem is attributed to.
        kind: One of "unterminated-quote", "missing-continuation", "cyclic-variable",
            "unresolved-array", "too-large", "binary".
        detail: Human-readable explanation.
    """

    line: int
    kind: str
    detail: str


@dataclass(frozen=True)
class ShellScript:
    """Everything recovered from one script.

    Attributes:
        commands: Simple commands in source order.
        heredocs: Here-documents in source order.
        issues: Problems found, ordered by line.
        variables: Variables with a known value after the whole script (arrays space-joined).
    """

    commands: tuple[ShellCommand, ...]
    heredocs: tuple[Heredoc, ...]
    issues: tuple[ShellIssue, ...]
    variables: dict[str, str]


class WordPart(NamedTuple):
    """One piece of a shell word.

    Attributes:
        kind: "lit" (literal text), "param" (parameter expansion), "subst" (command or
            process substitution) or "arith" (arithmetic expansion).
        value: The text for "lit"; the expression inside ``${...}`` (or the bare name) for
            "param"; the placeholder name (``SUBST_DATE``, ``SUBST_ARITH``) otherwise.
        quoted: Whether the piece was quoted (or backslash-escaped).
        raw: The source text of the piece.
    """

    kind: str
    value: str
    quoted: bool
    raw: str


class Token(NamedTuple):
    """A lexical token (a NamedTuple rather than a dataclass: scripts can have millions).

    Attributes:
        kind: "word", "array" (``NAME=(...)``), "op" (``; && || | |& & ;; ( )`` ...),
            "newline", "redirect" (``> >> 2>&1 < <<`` ...) or "heredoc" (a body).
        value: For words, the text after quote removal with expansions left as written;
            for "array" the ``NAME=`` / ``NAME+=`` prefix; for "heredoc" the body; else
            the operator text.
        line: 1-based line where the token starts.
        end_line: 1-based line where it ends.
        word_parts: The pieces of a word; empty for a plain word (unquoted, no expansion),
            whose only piece is its value. Use ``parts`` to get the pieces in all cases.
        quoted: Whether any part of a word was quoted; for a heredoc, whether its
            delimiter was (which turns expansion off).
        elements: The element words of an "array" token.
        delimiter: The delimiter of a "heredoc" token.
    """

    kind: str
    value: str
    line: int
    end_line: int
    # Plain words keep no part objects: tuple subclasses are never untracked by the cyclic
    # GC, so one extra nested object per word doubled the run time on multi-MB scripts.
    word_parts: tuple[WordPart, ...] = ()
    quoted: bool = False
    elements: tuple[Token, ...] = ()
    delimiter: str = ""

    @property
    def parts(self) -> tuple[WordPart, ...]:
        """The pieces of a word, including the single literal piece of a plain word."""
        if self.word_parts or self.kind != "word":
            return self.word_parts
        return (WordPart("lit", self.value, False, self.value),)


# --------------------------------------------------------------------------- lexer tables

_WORD_END = frozenset(" \t\n;&|()<>")
_BLANKS = re.compile(r"[ \t]*")
_WORD_CHUNK = re.compile(r"[^ \t\n\r'\"\\$`;&|()<>]+")
_DQ_CHUNK = re.compile(r"[^\"\\$`]+")
_HEREDOC_CHUNK = re.compile(r"[^\\$`]+")
_PARAM_WORD_CHUNK = re.compile(r"[^'\"\\$`]+")
_REDIR_OP = re.compile(r"<<<|<<-|<<|<>|<&|<|>>|>&|>\||>|&>>|&>")
_DUP_TARGET = re.compile(r"[0-9]+-?|-")
_OPERATOR = re.compile(r";;&|;;|;&|&&|\|\||\|&|[;&|()]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL_PARAMS = "0123456789@*#?$!-"
_ASSIGN_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=\Z")
_ANSI_BODY = re.compile(r"(?:[^'\\]+|\\.)*", re.S)
_ANSI_ESCAPE = re.compile(
    r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)", re.S
)
_ANSI_SIMPLE = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b",
    "f": "\f", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}  # fmt: skip
_DQ_ESCAPABLE = '$`"\\\n'
_HEREDOC_ESCAPABLE = "$`\\\n"
_HEREDOC_ACTIVE = re.compile(r"[\\$`]")  # what an unquoted heredoc body may expand
_SUBST_WORD = re.compile(r"[^\s;&|()<>]+")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
# What may open or close a nested construct, per enclosing context (see _find_close).
_SCAN = {
    ")": re.compile(r"[\\'\"`$()#]"),
    "}": re.compile(r"[\\'\"`$}]"),
    "}q": re.compile(r"[\\\"`$}]"),
    '"': re.compile(r"[\\\"`$]"),
    "`": re.compile(r"[\\`]"),
}


# Fast path of the lexer: after blanks, a plain word that ends cleanly, a newline, a
# comment or an operator. Anything else (quotes, $, backslash, redirections, `NAME=(`,
# `2>`) goes through the careful character-level path.
_PLAIN = r"[^ \t\n\r'\"\\$`;&|()<>#][^ \t\n\r'\"\\$`;&|()<>]*"
_FAST = re.compile(
    r"[ \t]*(?:"
    rf"(?P<w>{_PLAIN})(?=[ \t\n;&|)]|\Z)"
    r"|(?P<n>\n)"
    r"|(?P<c>\#[^\n]*)"
    r"|(?P<o>;;&|;;|;&|&&|\|\||\|&|[;|()]|&(?!>))"
    r")"
)
# Faster still, from the start of a line: the whole line when it is only plain words,
# maybe a comment, and a newline or a ` \` continuation (most lines of job scripts).
_FAST_LINE = re.compile(
    rf"[ \t]*(?P<words>{_PLAIN}(?:[ \t]+{_PLAIN})*)?[ \t]*"
    # The lookbehinds keep backtracking from cutting a word short: `a#b` is one word, and
    # `a\` + newline joins lines without a blank in between.
    r"(?:(?P<cont>(?<=[ \t])\\\n)|(?:(?<![^ \t\n])\#[^\n]*)?(?P<end>\n|\Z))"
)
_BLANK_RUN = re.compile(r"[ \t]+")
_ELEMENT_PLAIN = re.compile(rf"{_PLAIN}(?=[ \t\n)]|\Z)")
# NamedTuple construction through its Python-level __new__ is a measurable share of the
# run time on big scripts; tuple.__new__ builds the same object directly.
_new_tuple = tuple.__new__


class _Issues:
    """Collects issues, dropping duplicates and capping the total."""

    def __init__(self) -> None:
        self.items: list[ShellIssue] = []
        self._seen: set[tuple[int, str, str]] = set()

    def add(self, line: int, kind: str, detail: str) -> None:
        """Records an issue unless it is a duplicate or the cap is reached."""
        key = (line, kind, detail)
        if key in self._seen or len(self.items) >= _MAX_ISSUES:
            return
        self._seen.add(key)
        self.items.append(ShellIssue(line, kind, detail))


class _Pending(NamedTuple):
    """A here-document whose body starts after the current line."""

    slot: int
    delimiter: str
    strip_tabs: bool
    line: int


def _find_close(text: str, pos: int, closer: str) -> int:
    """Finds the end of a construct opened just before ``pos``.

    One forward pass with an explicit stack (no recursion), so nesting depth cannot blow
    the Python stack and the cost stays linear.

    Args:
        text: The whole text.
        pos: Index just after the opening ``$(``, ``${`` or backtick.
        closer: ")" for ``$(``, "}" for ``${`` ("}q" inside double quotes), "`".

    Returns:
        The index just past the closing character, or -1 if the text ends first.
    """
    stack = [closer]
    n = len(text)
    while stack:
        top = stack[-1]
        m = _SCAN[top].search(text, pos)
        if m is None:
            return -1
        i = m.start()
        c = text[i]
        if c == "\\":
            pos = i + 2
        elif c == top[0]:
            stack.pop()
            pos = i + 1
        else:
            pos = _scan_open(text, i, c, top, stack)
        if pos > n:
            return -1
    return pos


def _scan_open(text: str, i: int, c: str, top: str, stack: list[str]) -> int:
    """Handles a possible opener at ``text[i]`` for _find_close; returns the next index."""
    nxt = text[i + 1 : i + 2]
    if c == "$":
        if nxt == "(":
            stack.append(")")
            return i + 2
        if nxt == "{":
            stack.append("}q" if top in ('"', "}q") else "}")
            return i + 2
        return i + 1
    if c in '`"':
        stack.append(c)
        return i + 1
    if c == "'":
        j = text.find("'", i + 1)
        return len(text) + 1 if j < 0 else j + 1
    if c == "(":
        stack.append(")")
        return i + 1
    # "#" inside $( ): a comment only at the start of a word.
    if i > 0 and text[i - 1] not in " \t\n;&|(":
        return i + 1
    j = text.find("\n", i)
    return len(text) if j < 0 else j


_WHICH = re.compile(r"^\s*(?:which|command\s+-v|type\s+-p)\s+([\w./+-]+)\s*$")


def _substitution(inner: str, quoted: bool, raw: str) -> WordPart:
    """A command substitution's part: `$(which spark-submit)` is statically `spark-submit`
    (a PATH lookup), anything else a SUBST_ placeholder."""
    which = _WHICH.match(inner)
    if which:
        return WordPart("lit", which.group(1), quoted, raw)
    return WordPart("subst", _subst_name(inner), quoted, raw)


def _subst_name(inner: str) -> str:
    """Placeholder name for a command substitution: SUBST_ + its first word."""
    m = _SUBST_WORD.search(inner)
    word = re.sub(r"[\"'\\`$]", "", m.group(0)) if m else ""
    word = word.replace("{", "").replace("}", "")
    return "SUBST_" + _NON_ALNUM.sub("_", word).upper() if word else "SUBST"


def _ansi_char(m: re.Match[str]) -> str:
    """Decodes one escape sequence of a ``$'...'`` string."""
    esc = m.group(1)
    head = esc[0]
    if head in "xuU" and len(esc) > 1:
        code = int(esc[1:], 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)
    if head in "01234567":
        return chr(int(esc, 8))
    if head == "c" and len(esc) == 2:
        return chr(ord(esc[1]) & 0x1F)
    return _ANSI_SIMPLE.get(esc, m.group(0))


class _Lexer:
    """Single-pass tokenizer; also lexes ``${X:-word}`` words and heredoc bodies."""

    def __init__(self, text: str, issues: _Issues) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 0
        self.issues = issues
        self.tokens: list[Token] = []
        self._pending: list[_Pending] = []
        # Line numbers are counted forward from a sync point (linear overall); a sorted
        # list of newline offsets is built only if an earlier position is ever asked for.
        self._sync_pos = 0
        self._sync_line = 1
        self._newlines: list[int] | None = None

    def line(self, pos: int) -> int:
        """1-based line of a text index."""
        if pos >= self._sync_pos:
            self._sync_line += self.text.count("\n", self._sync_pos, pos)
            self._sync_pos = pos
            return self._sync_line
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, pos) + 1

    def run(self) -> list[Token]:
        """Tokenizes the whole text."""
        text, n, tokens = self.text, self.n, self.tokens
        fast, fast_line = _FAST.match, _FAST_LINE.match
        at_line_start = True
        while self.pos < n:
            if at_line_start:
                m = fast_line(text, self.pos)
                if m is not None:
                    self._plain_line(m)
                    continue
                at_line_start = False
            m = fast(text, self.pos)
            if m is None:
                self._slow()
                continue
            kind = m.lastgroup
            self.pos = m.end()
            line = self._sync_line  # no newline was consumed since the sync point
            if kind == "w":
                word = m.group("w")
                tokens.append(_new_tuple(Token, ("word", word, line, line, (), False, (), "")))
            elif kind == "n":
                tokens.append(_new_tuple(Token, ("newline", "\n", line, line, (), False, (), "")))
                self._sync_line, self._sync_pos = line + 1, self.pos
                at_line_start = True
                if self._pending:
                    self._read_heredocs()
            elif kind == "c":
                continue
            elif kind == "o":
                op = m.group("o")
                tokens.append(_new_tuple(Token, ("op", op, line, line, (), False, (), "")))
        self._unfinished_heredocs()
        return self.tokens

    def _newline(self) -> None:
        """Emits a newline token, then reads any heredoc bodies that start here."""
        line = self.line(self.pos)
        self.tokens.append(Token("newline", "\n", line, line))
        self.pos += 1
        self.line(self.pos)
        if self._pending:
            self._read_heredocs()

    def _plain_line(self, m: re.Match[str]) -> None:
        """Emits the tokens of a line matched by _FAST_LINE."""
        line = self._sync_line
        words = m.group("words")
        if words:
            self.tokens.extend(
                [
                    _new_tuple(Token, ("word", word, line, line, (), False, (), ""))
                    for word in _BLANK_RUN.split(words)
                ]
            )
        self.pos = m.end()
        if m.group("cont"):
            self._sync_line, self._sync_pos = line + 1, self.pos
        elif m.group("end"):
            self.tokens.append(_new_tuple(Token, ("newline", "\n", line, line, (), False, (), "")))
            self._sync_line, self._sync_pos = line + 1, self.pos

    def _slow(self) -> None:
        """Everything the fast path does not cover: quotes, expansions, redirections..."""
        self._skip_blanks()
        if self.pos >= self.n:
            return
        c = self.text[self.pos]
        if c == "\n":  # normally taken by the fast path; kept so this path stands alone
            self._newline()
        elif c == "#":
            end = self.text.find("\n", self.pos)
            self.pos = self.n if end < 0 else end
        elif c in "\\\r" and self._line_joint():
            pass
        elif self._is_redirect(c):
            self._redirect("", self.pos)
        elif c in ";&|()":
            self._operator()
        else:
            self._word_token()
        self.line(self.pos)  # keep the sync point at the current position

    def _skip_blanks(self) -> None:
        """Moves past spaces and tabs."""
        m = _BLANKS.match(self.text, self.pos)
        self.pos = m.end() if m else self.pos + 1

    def _line_joint(self) -> bool:
        """Skips a backslash-newline (continuation) or the CR of a CRLF; True if skipped."""
        text, pos = self.text, self.pos
        if text.startswith("\\\n", pos):
            self.pos += 2
        elif text.startswith("\\\r\n", pos):
            self.pos += 3
        elif text.startswith("\r\n", pos):
            self.pos += 1  # CRLF scripts: the CR is noise, the newline does the work
        else:
            return False
        return True

    def _is_redirect(self, c: str) -> bool:
        """Whether ``c`` at the current position starts a redirection operator."""
        nxt = self.text[self.pos + 1 : self.pos + 2]
        return (c in "<>" and nxt != "(") or (c == "&" and nxt == ">")

    def _operator(self) -> None:
        """Emits a control operator token (``;`` ``&&`` ``|`` ``(`` ...)."""
        m = _OPERATOR.match(self.text, self.pos)
        op = m.group(0) if m else self.text[self.pos]
        line = self.line(self.pos)
        self.tokens.append(Token("op", op, line, line))
        self.pos += len(op)

    def _redirect(self, fd: str, start: int) -> None:
        """Emits a redirection token; ``fd`` is an explicit descriptor like ``2``."""
        m = _REDIR_OP.match(self.text, self.pos)
        if m is None:  # defensive: callers only come here on a redirection character
            self.pos += 1
            return
        op = m.group(0)
        self.pos = m.end()
        if op in ("<&", ">&"):
            dup = _DUP_TARGET.match(self.text, self.pos)
            if dup:
                op += dup.group(0)
                self.pos = dup.end()
        line = self.line(start)
        self.tokens.append(Token("redirect", fd + op, line, line))
        if op in ("<<", "<<-"):
            self._heredoc_start(op == "<<-", line)

    def _heredoc_start(self, strip_tabs: bool, line: int) -> None:
        """Reads a heredoc delimiter and reserves a token for the body read later."""
        self._skip_blanks()
        start = self.pos
        if start >= self.n or self.text[start] in _WORD_END or self.text[start] == "\r":
            return
        parts = self._word_parts()
        if self.pos == start:
            return
        word = self._make_word(parts, start)
        self.tokens.append(word)
        quoted = any(p.quoted for p in parts)
        self._pending.append(_Pending(len(self.tokens), word.value, strip_tabs, line))
        self.tokens.append(Token("heredoc", "", line, line, quoted=quoted, delimiter=word.value))

    def _read_heredocs(self) -> None:
        """Consumes the bodies of the heredocs opened on the line just ended."""
        pending, self._pending = self._pending, []
        for item in pending:
            body, closed, end = _heredoc_body(self.text, self.pos, item.delimiter, item.strip_tabs)
            if not closed:
                self._heredoc_unterminated(item)
            token = self.tokens[item.slot]
            end_line = self.line(max(end - 1, self.pos))
            self.tokens[item.slot] = token._replace(value=body, end_line=end_line)
            self.pos = end
        self.line(self.pos)  # the fast path relies on the sync point being current

    def _unfinished_heredocs(self) -> None:
        """Reports heredocs whose body never started (EOF on their line)."""
        for item in self._pending:
            self._heredoc_unterminated(item)
        self._pending = []

    def _heredoc_unterminated(self, item: _Pending) -> None:
        """Reports a heredoc whose delimiter line never came."""
        detail = f"here-document delimited by end of file (wanted {item.delimiter!r})"
        self.issues.add(item.line, "unterminated-quote", detail)

    # ----------------------------------------------------------------------- words

    def _word_token(self) -> None:
        """Reads a word; it may turn out to be an array or an fd redirection."""
        start = self.pos
        parts = self._word_parts()
        if self.pos == start:  # never loop forever on an unexpected character
            self.pos += 1
            return
        nxt = self.text[self.pos : self.pos + 1]
        only = parts[0] if len(parts) == 1 and not parts[0].quoted else None
        if only is not None and only.kind == "lit":
            if nxt == "(" and _ASSIGN_PREFIX.match(only.value):
                self._array(start, only.value)
                return
            if nxt and nxt in "<>" and only.value.isascii() and only.value.isdigit():
                self._redirect(only.value, start)
                return
        self.tokens.append(self._make_word(parts, start))

    def _make_word(self, parts: list[WordPart], start: int) -> Token:
        """Builds a word token from its parts (plain words keep no parts)."""
        value = "".join(p.value if p.kind == "lit" else p.raw for p in parts)
        quoted = any(p.quoted for p in parts)
        line = self.line(start)  # before end_line: the line counter only moves forward
        end_line = self.line(max(self.pos - 1, start))
        plain = len(parts) == 1 and parts[0].kind == "lit" and not quoted
        stored = () if plain else tuple(parts)
        return Token("word", value, line, end_line, stored, quoted)

    def _word_parts(self) -> list[WordPart]:
        """Reads one word (up to an unquoted blank or operator) as parts."""
        text, n = self.text, self.n
        parts: list[WordPart] = []
        while self.pos < n:
            c = text[self.pos]
            if c in _WORD_END:
                if c in "<>" and not parts and text.startswith("(", self.pos + 1):
                    self._subst(parts, self.pos + 1, False)  # process substitution
                    continue
                break
            if c == "\r" and text.startswith("\n", self.pos + 1):
                break
            self._word_piece(c, parts)
        return parts

    def _word_piece(self, c: str, parts: list[WordPart]) -> None:
        """Reads one quoted, escaped, expanded or plain piece of a word."""
        if c == "'":
            self._single(parts)
        elif c == '"':
            self._double(parts)
        elif c == "\\":
            self._escape(parts)
        elif c == "$":
            self._dollar(parts, False)
        elif c == "`":
            self._backtick(parts, False)
        else:
            m = _WORD_CHUNK.match(self.text, self.pos)
            end = m.end() if m else self.pos + 1
            chunk = self.text[self.pos : end]
            parts.append(WordPart("lit", chunk, False, chunk))
            self.pos = end

    def _array(self, start: int, prefix: str) -> None:
        """Reads ``NAME=( elements )``; elements may span lines and carry comments."""
        text, n = self.text, self.n
        line = self.line(start)
        self.pos += 1
        elements: list[Token] = []
        while self.pos < n:
            c = text[self.pos]
            if c in " \t\n":
                self.pos += 1
            elif c in "\\\r" and self._line_joint():
                continue
            elif c == "#":
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            elif c == ")":
                self.pos += 1
                break
            else:
                self._array_element(elements)
        end_line = self.line(max(self.pos - 1, start))
        self.tokens.append(Token("array", prefix, line, end_line, (), False, tuple(elements)))

    def _array_element(self, elements: list[Token]) -> None:
        """Reads one element of an array literal."""
        start = self.pos
        m = _ELEMENT_PLAIN.match(self.text, start)
        if m is not None:  # the common case: an element without quotes or expansions
            line = self.line(start)
            self.pos = m.end()
            elements.append(Token("word", m.group(0), line, line))
            return
        parts = self._word_parts()
        if self.pos == start:
            self.pos += 1  # a stray operator inside the list: skip it
            return
        elements.append(self._make_word(parts, start))

    def _unterminated(self, parts: list[WordPart], start: int, quoted: bool, what: str) -> None:
        """Keeps the rest of the text as one literal after an unclosed construct."""
        self.issues.add(self.line(start), "unterminated-quote", f"unterminated {what}")
        rest = self.text[start:]
        parts.append(WordPart("lit", rest, quoted, rest))
        self.pos = self.n

    def _single(self, parts: list[WordPart]) -> None:
        """Reads a single-quoted piece: everything literal up to the next quote."""
        start = self.pos
        end = self.text.find("'", start + 1)
        if end < 0:
            self._unterminated(parts, start, True, "single quote")
            parts[-1] = parts[-1]._replace(value=self.text[start + 1 :])
            return
        body = self.text[start + 1 : end]
        parts.append(WordPart("lit", body, True, self.text[start : end + 1]))
        self.pos = end + 1

    def _double(self, parts: list[WordPart]) -> None:
        """Reads a double-quoted piece; ``""`` still yields an (empty) part."""
        start = self.pos
        self.pos += 1
        before = len(parts)
        closed = self._dq_parts(parts, heredoc=False)
        if len(parts) == before:  # "" is still a (quoted, empty) word
            parts.append(WordPart("lit", "", True, '""'))
        if not closed:
            self.issues.add(self.line(start), "unterminated-quote", "unterminated double quote")

    def _dq_parts(self, parts: list[WordPart], heredoc: bool) -> bool:
        """Reads double-quote style text; returns True when a closing quote was found."""
        text, n = self.text, self.n
        chunk_re = _HEREDOC_CHUNK if heredoc else _DQ_CHUNK
        escapable = _HEREDOC_ESCAPABLE if heredoc else _DQ_ESCAPABLE
        while self.pos < n:
            c = text[self.pos]
            if c == '"' and not heredoc:
                self.pos += 1
                return True
            if c == "\\":
                self._dq_escape(parts, escapable)
            elif c == "$":
                self._dollar(parts, True)
            elif c == "`":
                self._backtick(parts, True)
            else:
                m = chunk_re.match(text, self.pos)
                end = m.end() if m else self.pos + 1
                chunk = text[self.pos : end]
                parts.append(WordPart("lit", chunk, True, chunk))
                self.pos = end
        return heredoc

    def _dq_escape(self, parts: list[WordPart], escapable: str) -> None:
        """Backslash inside double quotes or a heredoc: escapes only ``escapable``."""
        nxt = self.text[self.pos + 1 : self.pos + 2]
        if nxt == "\n":
            self.pos += 2
        elif nxt and nxt in escapable:
            parts.append(WordPart("lit", nxt, True, "\\" + nxt))
            self.pos += 2
        else:
            parts.append(WordPart("lit", "\\", True, "\\"))
            self.pos += 1

    def _escape(self, parts: list[WordPart]) -> None:
        """Backslash outside quotes: quotes the next character or joins lines."""
        if self._line_joint():  # backslash-newline inside a word joins the lines
            return
        nxt = self.text[self.pos + 1 : self.pos + 2]
        if not nxt:
            parts.append(WordPart("lit", "\\", True, "\\"))
            self.pos += 1
            return
        parts.append(WordPart("lit", nxt, True, "\\" + nxt))
        self.pos += 2

    def _dollar(self, parts: list[WordPart], quoted: bool) -> None:
        """Reads an expansion starting with ``$`` (or a literal ``$``)."""
        text, start = self.text, self.pos
        nxt = text[start + 1 : start + 2]
        if nxt == "{":
            self._brace(parts, quoted)
        elif nxt == "(":
            self._subst(parts, start + 1, quoted)
        elif nxt == "'" and not quoted:
            self._ansi(parts)
        elif nxt == '"' and not quoted:  # $"..." locale string: a plain double quote here
            self.pos += 1
            self._double(parts)
        else:
            m = _NAME.match(text, start + 1)
            name = m.group(0) if m else (nxt if nxt and nxt in _SPECIAL_PARAMS else "")
            if not name:
                parts.append(WordPart("lit", "$", quoted, "$"))
                self.pos += 1
                return
            self.pos = start + 1 + len(name)
            parts.append(WordPart("param", name, quoted, "$" + name))

    def _brace(self, parts: list[WordPart], quoted: bool) -> None:
        """Reads ``${...}`` as a parameter part (parsed when expanded)."""
        start = self.pos
        end = _find_close(self.text, start + 2, "}q" if quoted else "}")
        if end < 0:
            self._unterminated(parts, start, quoted, "${")
            return
        parts.append(
            WordPart("param", self.text[start + 2 : end - 1], quoted, self.text[start:end])
        )
        self.pos = end

    def _subst(self, parts: list[WordPart], paren: int, quoted: bool) -> None:
        """Reads ``$(...)``, ``$((...))`` or ``<(...)`` starting at self.pos."""
        text, start = self.text, self.pos
        end = _find_close(text, paren + 1, ")")
        if end < 0:
            self._unterminated(parts, start, quoted, "command substitution")
            return
        raw = text[start:end]
        if raw.startswith("$((") and raw.endswith("))"):
            parts.append(WordPart("arith", "SUBST_ARITH", quoted, raw))
        else:
            parts.append(_substitution(text[paren + 1 : end - 1], quoted, raw))
        self.pos = end

    def _backtick(self, parts: list[WordPart], quoted: bool) -> None:
        """Reads a backquoted command substitution."""
        text, start = self.text, self.pos
        pos = start + 1
        while True:
            m = _SCAN["`"].search(text, pos)
            if m is None:
                self._unterminated(parts, start, quoted, "backquote")
                return
            if text[m.start()] == "`":
                break
            pos = m.start() + 2
        end = m.start() + 1
        parts.append(_substitution(text[start + 1 : end - 1], quoted, text[start:end]))
        self.pos = end

    def _ansi(self, parts: list[WordPart]) -> None:
        """Reads a ``$'...'`` string, decoding its escapes."""
        start = self.pos
        m = _ANSI_BODY.match(self.text, start + 2)
        end = m.end() if m else start + 2
        body = _ANSI_ESCAPE.sub(_ansi_char, self.text[start + 2 : end])
        if self.text[end : end + 1] != "'":
            self._unterminated(parts, start, True, "$'...' string")
            parts[-1] = parts[-1]._replace(value=body + self.text[end:])
            return
        parts.append(WordPart("lit", body, True, self.text[start : end + 1]))
        self.pos = end + 1

    # ----------------------------------------------------------------------- sub-lexing

    def param_word(self, in_dq: bool) -> list[WordPart]:
        """Lexes the word of ``${X:-word}``: blanks and operators are ordinary text here."""
        parts: list[WordPart] = []
        text, n = self.text, self.n
        while self.pos < n:
            c = text[self.pos]
            if c == "'" and not in_dq:
                self._single(parts)
            elif c == '"':
                self._double(parts)
            elif c == "\\":
                if in_dq:
                    self._dq_escape(parts, _DQ_ESCAPABLE)
                else:
                    self._escape(parts)
            elif c == "$":
                self._dollar(parts, in_dq)
            elif c == "`":
                self._backtick(parts, in_dq)
            else:
                m = _PARAM_WORD_CHUNK.match(text, self.pos)
                end = m.end() if m else self.pos + 1
                chunk = text[self.pos : end]
                parts.append(WordPart("lit", chunk, in_dq, chunk))
                self.pos = end
        return parts

    def heredoc_parts(self) -> list[WordPart]:
        """Lexes an unquoted heredoc body: expansions and a few backslash escapes only."""
        parts: list[WordPart] = []
        self._dq_parts(parts, heredoc=True)
        return parts


def _heredoc_body(text: str, pos: int, delimiter: str, strip_tabs: bool) -> tuple[str, bool, int]:
    """Reads heredoc lines from ``pos`` up to the delimiter line.

    Returns:
        The body, whether the delimiter was found, and the index after the body.
    """
    lines: list[str] = []
    n = len(text)
    while pos < n:
        eol = text.find("\n", pos)
        nxt = n if eol < 0 else eol + 1
        line = text[pos : n if eol < 0 else eol]
        if strip_tabs:
            line = line.lstrip("\t")
        if line == delimiter or (line.endswith("\r") and line[:-1] == delimiter):
            return "".join(lines), True, nxt
        lines.append(line if eol < 0 else line + "\n")
        pos = nxt
    return "".join(lines), False, n


def tokenize(text: str) -> list[Token]:
    """Splits shell text into tokens, with comments dropped.

    Args:
        text: Shell source.

    Returns:
        Words (with quoting information), operators, redirections, newlines and heredoc
        bodies, in source order (a heredoc body follows its delimiter word).
    """
    with _gc_paused():
        return _Lexer(text, _Issues()).run()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pauses the cyclic garbage collector while building many long-lived objects.

    Tokens are tuple subclasses, which the collector never untracks, so on multi-MB
    scripts its repeated full passes over them used to double the parse time. Nothing
    built here forms reference cycles; the previous state is restored afterwards, and a
    collector that was already off stays off.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------- split_words

_SPLIT_BLANK = re.compile(r"[ \t\r\n]+")
_SPLIT_CHUNK = re.compile(r"[^ \t\r\n'\"\\]+")
_SPLIT_DQ_CHUNK = re.compile(r"[^\"\\]+")


def split_words(s: str) -> list[str]:
    """Splits a string into words like ``shlex.split``, but never raises.

    Quotes and backslashes are honoured (bash rules inside double quotes); nothing is
    expanded and ``#`` is not a comment. An unterminated quote keeps the rest of the
    text as part of the current word.

    Args:
        s: Text such as an Oozie ``<spark-opts>`` value.

    Returns:
        The words.
    """
    words: list[str] = []
    cur: list[str] = []
    started = False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n":
            if started:
                words.append("".join(cur))
                cur, started = [], False
            m = _SPLIT_BLANK.match(s, i)
            i = m.end() if m else i + 1
            continue
        started = True
        i = _split_piece(s, i, cur)
    if started:
        words.append("".join(cur))
    return words


def _split_piece(s: str, i: int, cur: list[str]) -> int:
    """Appends one quoted, escaped or plain piece at ``s[i]`` to ``cur``; returns next index."""
    c = s[i]
    if c == "'":
        end = s.find("'", i + 1)
        cur.append(s[i + 1 :] if end < 0 else s[i + 1 : end])
        return len(s) if end < 0 else end + 1
    if c == '"':
        return _split_double(s, i + 1, cur)
    if c == "\\":
        nxt = s[i + 1 : i + 2]
        if nxt != "\n":
            cur.append(nxt or "\\")
        return i + 2
    m = _SPLIT_CHUNK.match(s, i)
    end = m.end() if m else i + 1
    cur.append(s[i:end])
    return end


def _split_double(s: str, i: int, cur: list[str]) -> int:
    """Appends the inside of a double-quoted piece; returns the index after it."""
    n = len(s)
    while i < n:
        c = s[i]
        if c == '"':
            return i + 1
        if c == "\\":
            nxt = s[i + 1 : i + 2]
            if nxt and nxt in _DQ_ESCAPABLE:
                cur.append("" if nxt == "\n" else nxt)
                i += 2
            else:
                cur.append("\\")
                i += 1
            continue
        m = _SPLIT_DQ_CHUNK.match(s, i)
        end = m.end() if m else i + 1
        cur.append(s[i:end])
        i = end
    return n


# --------------------------------------------------------------------------- expansion


@dataclass
class _Array:
    """A bash indexed array; ``names`` are placeholders embedded in its elements."""

    items: list[str]
    names: set[str] = field(default_factory=set)


# A variable is a scalar, an array, or None: assigned, but from something unknowable.
class _Partial(str):
    """A scalar whose text is partly known: unknown parts stay as `${NAME}`; `names` lists them.

    Keeping the known text matters for commands built in variables
    (`CMD="spark-submit --class X $JAR"; $CMD`): the command stays readable.
    """

    names: frozenset[str]

    def __new__(cls, text: str, names: set[str]) -> _Partial:
        obj = super().__new__(cls, text)
        obj.names = frozenset(names)
        return obj


_ONLY_PLACEHOLDERS = re.compile(r"^\s*(?:\$\{[^}]*\}\s*)*$")


def _scalar(text: str, names: set[str]) -> str | None:
    """The stored value of an assignment: known, partial, or unknown.

    A partly known single word (`$(dirname $0)/..`) reads better as `${BASE_DIR}` than as its
    pieces, so it stays unknown; a partly known word list (a command or options built in a
    variable) keeps its known words.
    """
    if not names:
        return text
    if _ONLY_PLACEHOLDERS.match(text) or len(text.split()) < 2:
        return None
    return _Partial(text, names)


_Value: TypeAlias = "str | _Array | None"


class _Param(NamedTuple):
    """A parsed ``${...}`` expression."""

    name: str
    subscript: str | None
    op: str
    word: str
    length: bool
    indirect: bool


_PARAM_HEAD = re.compile(r"(!)?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-])(?:\[([^\]]*)\])?")
_PARAM_OP = re.compile(r":[-=+?]|[-=+?]|%%|%|##|#|//|/#|/%|/|\^\^|\^|,,|,|:|@")
_INT = re.compile(r"\s*(-?[0-9]{1,18})\s*")
_INDEX_VAR = re.compile(r"\s*\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?\s*")
_SUBSTRING = re.compile(r"\s*(-?[0-9]{1,9})\s*(?::\s*(-?[0-9]{1,9})\s*)?")
_GLOB_CHARS = re.compile(r"[*?\[]")
_IFS_BLANKS = re.compile(r"[ \t\n]+")
_PLACEHOLDER_NAME = re.compile(r"[^A-Za-z0-9_]")


def _parse_param(inner: str) -> _Param | None:
    """Parses the inside of ``${...}``; None when it is not valid syntax."""
    # Scripts repeat the same short expressions a lot; long ones are not kept alive.
    return _parse_param_cached(inner) if len(inner) <= 256 else _parse_param_text(inner)


@functools.lru_cache(maxsize=4096)
def _parse_param_cached(inner: str) -> _Param | None:
    """Cached _parse_param_text."""
    return _parse_param_text(inner)


def _parse_param_text(inner: str) -> _Param | None:
    """Parses the inside of ``${...}``; None when it is not valid syntax."""
    if inner.startswith("#") and len(inner) > 1:
        m = _PARAM_HEAD.fullmatch(inner, 1)
        if m and not m.group(1):
            return _Param(m.group(2), m.group(3), "", "", True, False)
    m = _PARAM_HEAD.match(inner)
    if m is None:
        return None
    rest = inner[m.end() :]
    op_m = _PARAM_OP.match(rest)
    op = op_m.group(0) if op_m else ""
    word = rest[len(op) :]
    if not op and word:
        return None
    return _Param(m.group(2), m.group(3), op, word, False, bool(m.group(1)))


def _is_special(name: str) -> bool:
    """Positional and special parameters: never statically known."""
    return name[0] in _SPECIAL_PARAMS


class _Fields:
    """Accumulates expansion output into fields, applying IFS-whitespace word splitting."""

    __slots__ = ("_cur", "_open", "fields", "split")

    def __init__(self, split: bool) -> None:
        self.fields: list[str] = []
        self.split = split
        self._cur: list[str] = []
        self._open = False

    def text(self, s: str) -> None:
        """Adds text that is not subject to splitting."""
        self._cur.append(s)
        self._open = True

    def expansion(self, s: str, quoted: bool) -> None:
        """Adds expansion output, split on blanks when unquoted."""
        if quoted or not self.split:
            self.text(s)
            return
        if not _IFS_BLANKS.search(s):
            if s:
                self.text(s)
            return
        for k, piece in enumerate(_IFS_BLANKS.split(s)):
            if k:
                self.end()
            if piece:
                self.text(piece)

    def end(self) -> None:
        """Closes the current field, if one is open."""
        if self._open:
            self.fields.append("".join(self._cur))
            self._cur = []
            self._open = False

    def result(self) -> list[str]:
        """All fields."""
        self.end()
        return self.fields


def _trim(value: str, pattern: str, op: str) -> str | None:
    """``${X#p}``, ``${X##p}``, ``${X%p}``, ``${X%%p}``; None when too costly."""
    prefix = op[0] == "#"
    if not _GLOB_CHARS.search(pattern):
        return value.removeprefix(pattern) if prefix else value.removesuffix(pattern)
    if len(value) > _MAX_GLOB_TRIM:
        return None
    try:
        rx = re.compile(fnmatch.translate(pattern))
    except re.error:
        return None
    n = len(value)
    for k in range(n, -1, -1) if len(op) == 2 else range(n + 1):
        if rx.match(value[:k] if prefix else value[n - k :]):
            return value[k:] if prefix else value[: n - k]
    return value


def _substring(value: str, spec: str) -> str | None:
    """``${X:offset}`` / ``${X:offset:length}`` with literal integers."""
    m = _SUBSTRING.fullmatch(spec)
    if m is None:
        return None
    n = len(value)
    offset = int(m.group(1))
    start = offset if offset >= 0 else n + offset
    if start < 0 or start > n:
        return ""
    if m.group(2) is None:
        return value[start:]
    length = int(m.group(2))
    end = start + length if length >= 0 else n + length
    return value[start:end] if end >= start else None


def _case(value: str, op: str) -> str:
    """``${X^^}``, ``${X^}``, ``${X,,}``, ``${X,}``."""
    if op == "^^":
        return value.upper()
    if op == ",,":
        return value.lower()
    head = value[:1].upper() if op == "^" else value[:1].lower()
    return head + value[1:]


def _split_replacement(word: str) -> tuple[str, str]:
    """Splits ``pat/rep`` of ``${X/pat/rep}`` at the first unescaped slash."""
    i = 0
    while i < len(word):
        if word[i] == "\\":
            i += 2
            continue
        if word[i] == "/":
            return word[:i], word[i + 1 :]
        i += 1
    return word, ""


def _replace(value: str, op: str, pattern: str, replacement: str) -> str | None:
    """``${X/p/r}`` family for literal patterns; None for glob patterns."""
    if _GLOB_CHARS.search(pattern):
        return None
    if not pattern:
        return value
    if op == "//":
        return value.replace(pattern, replacement)
    if op == "/#":
        return replacement + value[len(pattern) :] if value.startswith(pattern) else value
    if op == "/%":
        if value.endswith(pattern):
            return value[: len(value) - len(pattern)] + replacement
        return value
    return value.replace(pattern, replacement, 1)


class _Expander:
    """Expands words against the current variables, collecting placeholder names."""

    def __init__(self, variables: dict[str, _Value], issues: _Issues, budget: int) -> None:
        self.vars = variables
        self.issues = issues
        self.budget = budget  # characters of expansion output and re-lexing left
        self.names: set[str] = set()
        self.line = 0
        self._guard: list[str] = []  # names whose default word is being expanded

    # ----------------------------------------------------------------------- entry points

    def fields(self, tok: Token, line: int) -> tuple[list[str], set[str]]:
        """Expands a word token into fields; returns them and the placeholder names used."""
        if tok.kind == "array":
            inner = " ".join(e.value for e in tok.elements)
            return [f"{tok.value}({inner})"], set()
        if not tok.word_parts:
            return [tok.value], set()  # a plain word
        return self._run(tok.word_parts, line, split=True, quoted=False)

    def string(
        self, parts: tuple[WordPart, ...] | list[WordPart], line: int, quoted: bool = False
    ) -> tuple[str, set[str]]:
        """Expands parts without word splitting (assignment values, heredoc bodies)."""
        fields, names = self._run(parts, line, split=False, quoted=quoted)
        return " ".join(fields), names

    def _run(
        self,
        parts: tuple[WordPart, ...] | list[WordPart],
        line: int,
        split: bool,
        quoted: bool,
        depth: int = 0,
    ) -> tuple[list[str], set[str]]:
        """Expands parts into fields, collecting placeholder names separately."""
        saved, self.names = self.names, set()
        self.line = line
        out = _Fields(split)
        self._parts(parts, out, quoted, depth)
        names, self.names = self.names, saved
        return out.result(), names

    def index(self, idx: str) -> int | None:
        """Resolves an array subscript that is a literal or a variable holding an integer."""
        m = _INT.fullmatch(idx)
        if m:
            return int(m.group(1))
        var = _INDEX_VAR.fullmatch(idx)
        value = self.vars.get(var.group(1)) if var else None
        if isinstance(value, str) and (m := _INT.fullmatch(value)):
            return int(m.group(1))
        return None

    # ----------------------------------------------------------------------- internals

    def _parts(
        self, parts: tuple[WordPart, ...] | list[WordPart], out: _Fields, quoted: bool, depth: int
    ) -> None:
        """Expands parts into ``out``."""
        for p in parts:
            q = quoted or p.quoted
            if p.kind == "lit":
                out.expansion(p.value, q)
            elif p.kind == "param":
                self._param(p.value, out, q, depth)
            else:
                self._placeholder(p.value, out)

    def _placeholder(self, name: str, out: _Fields) -> None:
        """Outputs ``${NAME}`` for a value that cannot be known."""
        if name == "*":
            name = "@"  # "all arguments" has one placeholder, however it was spelled
        self.names.add(name)
        out.text("${" + name + "}")

    def charge(self, amount: int) -> bool:
        """Spends expansion budget; False (with a too-large issue) once it is exhausted."""
        self.budget -= amount
        if self.budget >= 0:
            return True
        self.issues.add(self.line, "too-large", "expansion budget exhausted; values not expanded")
        return False

    def _param(self, inner: str, out: _Fields, quoted: bool, depth: int) -> None:
        """Expands one ``${...}`` / ``$NAME`` expression into ``out``."""
        p = _parse_param(inner)
        if p is None:
            self._placeholder(_PLACEHOLDER_NAME.sub("_", inner)[:64] or "_", out)
            return
        if depth >= MAX_EXPANSION_DEPTH:
            detail = f"expansion of {p.name} nests deeper than {MAX_EXPANSION_DEPTH}"
            self.issues.add(self.line, "cyclic-variable", detail)
            self._placeholder(p.name, out)
            return
        if p.indirect or self.budget < 0:
            self._placeholder(p.name, out)
            return
        state, value = self._lookup(p)
        if (p.length or not p.op) and state != "set":
            self._placeholder(p.name, out)
        elif p.length:
            self._emit(str(len(value)), out, quoted)
        elif not p.op:
            self._emit(value, out, quoted, p.subscript)
        elif p.op.lstrip(":") in ("-", "=", "+", "?"):
            self._defaulting(p, state, value, out, quoted, depth)
        else:
            self._transform(p, state, value, out, quoted, depth)

    def _lookup(self, p: _Param) -> tuple[str, str | list[str]]:
        """Returns ("set", value), ("unset", "") or ("unknown", "")."""
        name = p.name
        if _is_special(name):
            return "unknown", ""
        if name in self._guard:
            detail = f"{name} is defined in terms of itself"
            self.issues.add(self.line, "cyclic-variable", detail)
            return "unknown", ""
        if name not in self.vars:
            if p.subscript is not None:
                self._array_issue(name, p.subscript)
                return "unknown", ""
            return "unset", ""
        value = self.vars[name]
        if value is None:
            if p.subscript is not None:
                self._array_issue(name, p.subscript)
            return "unknown", ""
        items = value.items if isinstance(value, _Array) else [value]
        if isinstance(value, (_Array, _Partial)):
            self.names |= value.names
        return self._select(name, items, p.subscript)

    def _select(self, name: str, items: list[str], idx: str | None) -> tuple[str, str | list[str]]:
        """Picks the element(s) an optional subscript designates."""
        if idx in ("@", "*"):
            return "set", list(items)
        k = 0 if idx is None else self.index(idx)
        if k is None:
            self._array_issue(name, idx or "")
            return "unknown", ""
        if -len(items) <= k < len(items):
            return "set", items[k]
        return "unset", ""

    def _array_issue(self, name: str, idx: str) -> None:
        """Reports an array reference without a static value."""
        detail = f"{name}[{idx}] has no statically known value"
        self.issues.add(self.line, "unresolved-array", detail)

    def _emit(
        self, value: str | list[str], out: _Fields, quoted: bool, index: str | None = None
    ) -> None:
        """Outputs a looked-up value; ``"${A[@]}"`` keeps one field per element."""
        if isinstance(value, str):
            if self.charge(len(value)):
                out.expansion(value, quoted)
            return
        if quoted and index == "*":
            value = [" ".join(value)]
        for k, item in enumerate(value):
            if k:
                out.end()
            if self.charge(len(item) + 1):
                out.expansion(item, quoted)

    def _defaulting(
        self, p: _Param, state: str, value: str | list[str], out: _Fields, quoted: bool, depth: int
    ) -> None:
        """``${X:-w}``, ``${X-w}``, ``${X:=w}``, ``${X:+w}``, ``${X:?w}`` and colon-less forms."""
        if state == "unknown":
            self._placeholder(p.name, out)
            return
        empty = state == "set" and len(value) == 0
        missing = state == "unset" or (p.op.startswith(":") and empty)
        kind = p.op[-1]
        if kind == "+":
            if not missing:
                self._word(p.word, out, quoted, depth, None)
        elif not missing:
            self._emit(value, out, quoted, p.subscript)
        elif kind == "?":
            self._placeholder(p.name, out)
        elif kind == "-" or p.subscript is not None:
            self._word(p.word, out, quoted, depth, p.name)
        else:
            text, names = self._word_string(p.word, quoted, depth, p.name)
            self.vars[p.name] = None if names else text
            self.names |= names
            out.expansion(text, quoted)

    def _sublex(self, word: str, quoted: bool) -> list[WordPart]:
        """Lexes an operator word such as the ``d`` of ``${X:-d}``."""
        if not word or not self.charge(len(word)):
            return []
        return _Lexer(word, _Issues()).param_word(quoted)

    def _word(self, word: str, out: _Fields, quoted: bool, depth: int, guard: str | None) -> None:
        """Expands an operator word into ``out``, one level deeper."""
        parts = self._sublex(word, quoted)
        if guard is not None:
            self._guard.append(guard)
        self._parts(parts, out, quoted, depth + 1)
        if guard is not None:
            self._guard.pop()

    def _word_string(
        self, word: str, quoted: bool, depth: int, guard: str | None = None
    ) -> tuple[str, set[str]]:
        """Expands an operator word into one string and its placeholder names."""
        saved, self.names = self.names, set()
        out = _Fields(split=False)
        self._word(word, out, quoted, depth, guard)
        names, self.names = self.names, saved
        return " ".join(out.result()), names

    def _transform(
        self, p: _Param, state: str, value: str | list[str], out: _Fields, quoted: bool, depth: int
    ) -> None:
        """Trimming, replacement, substring and case operators on known scalars."""
        result: str | None = None
        if state == "set" and isinstance(value, str):
            result = self._operate(p, value, quoted, depth)
        if result is None:
            self._placeholder(p.name, out)
        elif self.charge(len(result)):
            out.expansion(result, quoted)

    def _operate(self, p: _Param, value: str, quoted: bool, depth: int) -> str | None:
        """Applies a trimming/replacement/substring/case operator; None if unknown."""
        op = p.op
        if op == ":":
            return _substring(value, p.word)
        if op in ("^^", "^", ",,", ","):
            return None if p.word else _case(value, op)
        if op == "@":
            return None
        if op[0] == "/":
            pat_word, rep_word = _split_replacement(p.word)
            pattern, names = self._word_string(pat_word, quoted, depth)
            replacement, rep_names = self._word_string(rep_word, quoted, depth)
            return None if names or rep_names else _replace(value, op, pattern, replacement)
        pattern, names = self._word_string(p.word, quoted, depth)
        return None if names else _trim(value, pattern, op)


# --------------------------------------------------------------------------- parser

_KEYWORDS = frozenset({
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
    "esac", "function", "case", "for", "select",
})  # fmt: skip
_DECLARATIONS = frozenset({"export", "readonly", "local", "declare", "typeset"})
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(\+?=)")
_ENV_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_DUP_REDIRECT = re.compile(r"[<>]&(?:[0-9]+-?|-)\Z")
_OPTION_START = re.compile(r"--|-[A-Za-z]")
# Wrappers that run the rest of their words as the command: option flags, options with a value.
_WRAPPERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "exec": (frozenset({"-c", "-l", "-cl", "-lc"}), frozenset({"-a"})),
    "nohup": (frozenset(), frozenset()),
    "time": (frozenset({"-p"}), frozenset()),
}
_WRAPPER_HEADS = frozenset({"eval", "env", *_WRAPPERS})
_ENV_FLAGS_WITH_VALUE = frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"})


class _Assignment(NamedTuple):
    """A ``NAME=value`` / ``NAME+=value`` / ``NAME[i]=value`` word."""

    name: str
    subscript: str | None
    append: bool
    parts: tuple[WordPart, ...]


def _literal(tok: Token) -> str | None:
    """The text of an unquoted word without expansions, else None."""
    if tok.kind != "word":
        return None
    for p in tok.word_parts:
        if p.kind != "lit" or p.quoted:
            return None
    return tok.value


def _assignment(tok: Token) -> _Assignment | None:
    """Splits an assignment word, or returns None when the word is not one."""
    if tok.kind != "word" or "=" not in tok.value:
        return None
    parts = tok.parts
    first = parts[0]
    if first.kind != "lit" or first.quoted:
        return None
    m = _ASSIGNMENT.match(first.value)
    if m is None:
        return None
    rest = first.value[m.end() :]
    head = (WordPart("lit", rest, False, rest),) if rest else ()
    return _Assignment(m.group(1), m.group(2), m.group(3) == "+=", head + parts[1:])


def _is_option_line(toks: list[Token], j: int) -> bool:
    """Whether toks[j] opens a line that reads like a forgotten continuation (``--x``)."""
    tok = toks[j]
    if tok.kind != "word" or not tok.parts:
        return False
    first = tok.parts[0]
    if first.kind != "lit" or first.quoted or not _OPTION_START.match(first.value):
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    # `-h|--help)` is a case pattern, not a continuation.
    return not (nxt is not None and nxt.kind == "op" and nxt.value in ("|", ")"))


def _skip_options(args: list[str], flags: frozenset[str], valued: frozenset[str]) -> list[str]:
    """Drops a wrapper's leading options (``--`` ends them)."""
    while args:
        if args[0] == "--":
            return args[1:]
        if args[0] in flags:
            args = args[1:]
        elif args[0] in valued:
            args = args[2:]
        else:
            break
    return args


def _env_wrapper(args: list[str], env: list[tuple[str, str]]) -> list[str]:
    """Drops ``env``'s options and moves its NAME=value words into ``env``."""
    while args:
        word = args[0]
        if word in _ENV_FLAGS_WITH_VALUE:
            args = args[2:]
        elif word.startswith("-") and "=" not in word:
            args = args[1:]
        elif _ENV_ASSIGNMENT.match(word):
            name, _, value = word.partition("=")
            env.append((name, value))
            args = args[1:]
        else:
            break
    return args


class _Cmd:
    """The simple command being collected."""

    __slots__ = ("assigns", "end_line", "heredocs", "items", "line", "words")

    def __init__(self) -> None:
        self.assigns: list[Token] = []
        self.words: list[Token] = []
        self.items: list[Token] = []  # words and redirections, in order
        self.heredocs: list[tuple[Token, Token]] = []  # (`<<` operator, body)
        self.line = 0
        self.end_line = 0

    def touch(self, tok: Token) -> None:
        """Extends the command's line span over a token."""
        if not self.line:
            self.line = tok.line
        self.end_line = max(self.end_line, tok.end_line)

    def empty(self) -> bool:
        """True when nothing has been collected."""
        return not (self.assigns or self.words or self.items or self.heredocs)


class _Parser:
    """Walks the tokens, tracking variables, functions and case statements."""

    def __init__(
        self,
        tokens: list[Token],
        issues: _Issues,
        environ: Mapping[str, str],
        max_commands: int,
        budget: int,
    ) -> None:
        self.toks = tokens
        self.issues = issues
        self.max_commands = max_commands
        self.vars: dict[str, _Value] = {k: v for k, v in environ.items() if isinstance(v, str)}
        self.exp = _Expander(self.vars, issues, budget)
        self.commands: list[ShellCommand] = []
        self.heredocs: list[Heredoc] = []
        self.cmd = _Cmd()
        self.depth = 0  # nesting of { } and ( ) groups
        self.funcs: list[tuple[str, int]] = []  # (function name, group depth of its body)
        self.pending_func: str | None = None
        self.expect_fname = False
        self.cases: list[str] = []  # per open `case`: "pattern" or "body"
        self.stopped = False

    def run(self) -> None:
        """Processes every token."""
        toks = self.toks
        i, n = 0, len(toks)
        while i < n and not self.stopped:
            if self.cases and self.cases[-1] == "pattern" and self.cmd.empty():
                i = self._pattern(i)
                continue
            kind = toks[i].kind
            if kind == "newline":
                i = self._newline(i)
            elif kind == "op":
                i = self._op(i)
            elif kind == "redirect":
                i = self._redirect(i)
            elif kind == "heredoc":
                i += 1
            else:
                i = self._word(i)
        if not self.stopped:
            self._finish()

    def known_variables(self) -> dict[str, str]:
        """Variables whose final value is fully known (arrays joined with spaces)."""
        known: dict[str, str] = {}
        for name, value in self.vars.items():
            if isinstance(value, str):
                known[name] = value
            elif isinstance(value, _Array) and not value.names:
                known[name] = " ".join(value.items)
        return known

    # ----------------------------------------------------------------------- token handlers

    def _peek(self, i: int) -> Token | None:
        """The token at ``i``, or None past the end."""
        return self.toks[i] if i < len(self.toks) else None

    def _word(self, i: int) -> int:
        """Adds a word to the current command (or handles a keyword/assignment)."""
        tok, cmd = self.toks[i], self.cmd
        if self.expect_fname:
            self.expect_fname = False
            self.pending_func = tok.value
            return i + 1
        if not cmd.words:
            value = tok.value
            if value in _KEYWORDS and not cmd.assigns and _literal(tok) is not None:
                return self._keyword(value, i)
            if tok.kind == "array" or ("=" in value and _assignment(tok) is not None):
                cmd.assigns.append(tok)
                cmd.touch(tok)
                return i + 1
            if value == "[[" and _literal(tok) is not None:
                cmd.words.append(tok)
                cmd.items.append(tok)
                cmd.touch(tok)
                return self._test_expression(i + 1)
        cmd.words.append(tok)
        cmd.items.append(tok)
        if not cmd.line:
            cmd.line = tok.line
        if tok.end_line > cmd.end_line:
            cmd.end_line = tok.end_line
        return i + 1

    def _test_expression(self, i: int) -> int:
        """Inside ``[[ ... ]]``, ``( ) | < > && ||`` are operands, not shell syntax."""
        cmd = self.cmd
        while i < len(self.toks):
            tok = self.toks[i]
            if tok.kind in ("newline", "heredoc"):
                return i
            if tok.kind in ("op", "redirect"):
                tok = Token("word", tok.value, tok.line, tok.end_line)
            cmd.words.append(tok)
            cmd.items.append(tok)
            cmd.touch(tok)
            i += 1
            if _literal(tok) == "]]":
                return i
        return i

    def _keyword(self, word: str, i: int) -> int:
        """Handles a reserved word at command start; returns the next token index."""
        if word == "{":
            self._open_group()
        elif word == "}":
            self._close_group()
        elif word == "esac" and self.cases:
            self.cases.pop()
        elif word == "function":
            self.expect_fname = True
        elif word == "case":
            return self._case_header(i)
        elif word in ("for", "select"):
            return self._skip_header(i)
        # if then else elif fi do done while until ! : the command that follows is what counts
        return i + 1

    def _case_header(self, i: int) -> int:
        """Skips ``case WORD in`` and expects patterns next."""
        j = i + 1
        while j < len(self.toks) and self.toks[j].kind in ("word", "array"):
            if _literal(self.toks[j]) == "in" and j > i + 1:
                self.cases.append("pattern")
                return j + 1
            j += 1
        return j

    def _skip_header(self, i: int) -> int:
        """Skips a ``for``/``select`` header up to its ``;`` or newline."""
        j = i + 1
        nxt = self._peek(j)
        if nxt is not None and nxt.kind == "op" and nxt.value == "(":
            j = self._skip_arith(j)
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "newline" or (tok.kind == "op" and tok.value != "("):
                return j
            j += 1
        return j

    def _skip_arith(self, i: int) -> int:
        """Skips ``(( ... ))`` starting at toks[i]; stops at a newline if unbalanced."""
        level = 0
        j = i
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "newline":
                return j
            if tok.kind == "op" and tok.value in ("(", ")"):
                level += 1 if tok.value == "(" else -1
                if level <= 0:
                    return j + 1
            j += 1
        return j

    def _pattern(self, i: int) -> int:
        """Skips one case pattern list up to its ``)``, or an ``esac``."""
        toks, n = self.toks, len(self.toks)
        while i < n and toks[i].kind == "newline":
            i += 1
        if i < n and _literal(toks[i]) == "esac":
            self.cases.pop()
            return i + 1
        self.cases[-1] = "body"
        while i < n:
            tok = toks[i]
            if tok.kind == "newline":
                return i
            if tok.kind == "op" and tok.value == ")":
                return i + 1
            i += 1
        return n

    def _op(self, i: int) -> int:
        """A control operator ends the current command."""
        value = self.toks[i].value
        if value == "(":
            return self._open_paren(i)
        self._finish()
        if value == ")":
            self._close_group()
        elif value in (";;", ";&", ";;&") and self.cases:
            self.cases[-1] = "pattern"
        return i + 1

    def _open_paren(self, i: int) -> int:
        """``(``: a function definition ``name()``, a subshell or ``((``."""
        cmd = self.cmd
        nxt = self._peek(i + 1)
        closes = nxt is not None and nxt.kind == "op" and nxt.value == ")"
        if closes and len(cmd.words) == 1 and not cmd.assigns and not cmd.items[1:]:
            self.pending_func = cmd.words[0].value  # `name() ...`
            self.cmd = _Cmd()
            return i + 2
        if closes and cmd.empty() and self.pending_func is not None:
            return i + 2  # `function name() ...`
        if not cmd.empty():
            self._finish()
            return i + 1
        if nxt is not None and nxt.kind == "op" and nxt.value == "(":
            return self._skip_arith(i)  # `(( arithmetic ))` is not a command to report
        self._open_group()
        return i + 1

    def _open_group(self) -> None:
        """Enters a ``{`` / ``(`` group; a pending function's body starts here."""
        self.depth += 1
        if self.pending_func is not None:
            self.funcs.append((self.pending_func, self.depth))
            self.pending_func = None

    def _close_group(self) -> None:
        """Leaves a group, ending the functions whose body it was."""
        while self.funcs and self.funcs[-1][1] >= self.depth:
            self.funcs.pop()
        self.depth = max(0, self.depth - 1)

    def _redirect(self, i: int) -> int:
        """Records a redirection and its target (or heredoc) with the command."""
        tok, cmd = self.toks[i], self.cmd
        cmd.touch(tok)
        if _DUP_REDIRECT.search(tok.value):
            cmd.items.append(tok)
            return i + 1
        target = self._peek(i + 1)
        if target is None or target.kind not in ("word", "array"):
            return i + 1
        if tok.value.endswith(("<<", "<<-")):
            body = self._peek(i + 2)
            if body is not None and body.kind == "heredoc":
                cmd.heredocs.append((tok, body))
                return i + 3
            return i + 2
        cmd.items.append(tok)
        cmd.items.append(target)
        return i + 2

    def _newline(self, i: int) -> int:
        """Ends the command, unless the next line reads like a lost continuation."""
        cmd = self.cmd
        if cmd.words and not cmd.heredocs:
            j = i + 1
            while j < len(self.toks) and self.toks[j].kind == "newline":
                j += 1
            if (
                j < len(self.toks)
                and self.toks[j].value[:1] == "-"
                and _is_option_line(self.toks, j)
            ):
                tok = self.toks[j]
                detail = f"{tok.value!r} continues the command of line {cmd.line} without a '\\'"
                self.issues.add(tok.line, "missing-continuation", detail)
                return j  # the author clearly meant a continuation: keep collecting
        self._finish()
        return i + 1

    # ----------------------------------------------------------------------- commands

    def _finish(self) -> None:
        """Completes the current command: applies assignments or records the command."""
        cmd, self.cmd = self.cmd, _Cmd()
        self.expect_fname = False
        if cmd.empty():
            return
        if not cmd.words:
            for tok in cmd.assigns:
                self._assign(tok, cmd.line)
            self._record_heredocs(cmd)
            return
        self.pending_func = None
        env, names = self._env_prefix(cmd)
        argv = self._argv(cmd, names)
        self._record_heredocs(cmd)
        argv = self._unwrap(argv, env, names, cmd.line)
        if argv:
            self._record(cmd, argv, env, names)

    def _record(
        self, cmd: _Cmd, argv: list[str], env: list[tuple[str, str]], names: set[str]
    ) -> None:
        """Stores a finished command, or stops at the command cap."""
        if len(self.commands) >= self.max_commands:
            detail = f"more than {self.max_commands} commands; the rest were not read"
            self.issues.add(cmd.line, "too-large", detail)
            self.stopped = True
            return
        shown: tuple[str, ...] = ()
        if names:
            text = "\x00".join(argv + [value for _, value in env])
            shown = tuple(sorted(n for n in names if "${" + n + "}" in text))
        func = self.funcs[-1][0] if self.funcs else None
        self.commands.append(
            ShellCommand(tuple(argv), cmd.line, cmd.end_line, tuple(env), shown, func)
        )

    def _unwrap(
        self, argv: list[str], env: list[tuple[str, str]], names: set[str], line: int
    ) -> list[str]:
        """Removes ``exec``/``nohup``/``time``/``env``/``eval`` so argv starts at the command.

        If nothing is left (``exec > log``), the original words are kept.
        """
        if not argv or argv[0] not in _WRAPPER_HEADS:
            return argv  # empty when every word expanded to nothing (`$EMPTY`)
        words = argv
        for _ in range(_MAX_WRAPPERS):
            if not words:
                break
            head = words[0]
            if head == "eval":
                words = self._eval_words(" ".join(words[1:]), names, line)
                while len(words) > 1 and _ENV_ASSIGNMENT.match(words[0]):
                    name, _, value = words[0].partition("=")
                    env.append((name, value))
                    words = words[1:]
            elif head == "env":
                words = _env_wrapper(words[1:], env)
            elif head in _WRAPPERS:
                flags, valued = _WRAPPERS[head]
                words = _skip_options(words[1:], flags, valued)
            else:
                break
        return words or argv

    def _eval_words(self, text: str, names: set[str], line: int) -> list[str]:
        """Re-reads ``eval``'s joined words as shell code: quotes and expansions apply again.

        Only the first simple command is kept; its redirections are dropped.
        """
        if not self.exp.charge(len(text)):
            return split_words(text)
        words: list[str] = []
        skip_target = False
        for tok in _Lexer(text, _Issues()).run():
            if tok.kind in ("op", "newline"):
                break
            if tok.kind == "redirect":
                skip_target = not _DUP_REDIRECT.search(tok.value)
            elif tok.kind in ("word", "array") and not skip_target:
                fields, used = self.exp.fields(tok, line)
                words.extend(fields)
                names |= used
            else:
                skip_target = False
        return words

    def _env_prefix(self, cmd: _Cmd) -> tuple[list[tuple[str, str]], set[str]]:
        """Expands ``NAME=value`` words before a command (they do not set shell variables)."""
        env: list[tuple[str, str]] = []
        names: set[str] = set()
        for tok in cmd.assigns:
            split = _assignment(tok)
            if split is None:  # an array before a command: bash rejects it, so do we
                continue
            value, used = self.exp.string(split.parts, cmd.line)
            env.append((split.name, value))
            names |= used
        return env, names

    def _argv(self, cmd: _Cmd, names: set[str]) -> list[str]:
        """Expands the command's words into argv."""
        head = _literal(cmd.words[0])
        if head in _DECLARATIONS:
            return self._declaration(cmd, names)
        argv: list[str] = []
        for tok in cmd.words:
            if not tok.word_parts and tok.kind == "word":
                argv.append(tok.value)  # a plain word: nothing to expand
                continue
            fields, used = self.exp.fields(tok, cmd.line)
            argv.extend(fields)
            names |= used
        if head == "unset":
            for word in argv[1:]:
                if not word.startswith("-"):
                    self.vars.pop(word, None)
        return argv

    def _declaration(self, cmd: _Cmd, names: set[str]) -> list[str]:
        """``export``/``local``/... : their NAME=value words assign, without word splitting."""
        argv = [cmd.words[0].value]
        for tok in cmd.words[1:]:
            if tok.kind == "array" or _assignment(tok) is not None:
                text, used = self._assign(tok, cmd.line)
                argv.append(text)
            else:
                fields, used = self.exp.fields(tok, cmd.line)
                argv.extend(fields)
            names |= used
        return argv

    def _record_heredocs(self, cmd: _Cmd) -> None:
        """Stores the command's heredocs with their expanded bodies."""
        if not cmd.heredocs:
            return
        command: list[str] = []
        for tok in cmd.items:
            if tok.kind == "redirect":
                command.append(tok.value)
            else:
                command.extend(self.exp.fields(tok, cmd.line)[0])
        for op, body in cmd.heredocs:
            text = body.value
            if not body.quoted and _HEREDOC_ACTIVE.search(text):
                parts = _Lexer(text, _Issues()).heredoc_parts()
                text = self.exp.string(parts, op.line, quoted=True)[0]
            self.heredocs.append(Heredoc(op.line, body.delimiter, text, tuple(command)))

    # ----------------------------------------------------------------------- variables

    def _assign(self, tok: Token, line: int) -> tuple[str, set[str]]:
        """Applies an assignment word; returns its expanded text and placeholder names."""
        if tok.kind == "array":
            return self._assign_array(tok, line)
        split = _assignment(tok)
        if split is None:
            return tok.value, set()
        text, names = self.exp.string(split.parts, line)
        value = _scalar(text, names)
        shown = f"{split.name}{'+=' if split.append else '='}{text}"
        if split.subscript is not None:
            self._assign_element(split.name, split.subscript, text, names, line)
        elif split.append:
            self._append_scalar(split.name, value)
        else:
            self.vars[split.name] = value
        return shown, names

    def _append_scalar(self, name: str, value: str | None) -> None:
        """``X+=v`` on whatever X currently holds."""
        if name not in self.vars:
            self.vars[name] = value
            return
        current = self.vars[name]
        if current is None or value is None:
            self.vars[name] = None
        elif isinstance(current, _Array):
            current.items[:1] = [(current.items[0] if current.items else "") + value]
        else:
            self.vars[name] = current + value

    def _assign_element(self, name: str, idx: str, text: str, names: set[str], line: int) -> None:
        """``A[i]=v``: sets one element, keeping unknown parts as placeholder text."""
        current = self.vars.get(name)
        k = self.exp.index(idx)
        if (name in self.vars and current is None) or k is None:
            self.issues.add(line, "unresolved-array", f"{name}[{idx}] is not statically known")
            self.vars[name] = None
            return
        if isinstance(current, _Array):
            array = current
        else:
            array = _Array([current] if isinstance(current, str) else [])
        if k < 0:
            k += len(array.items)
        if k < 0 or k > len(array.items) + _MAX_SPARSE_GAP:
            self.issues.add(line, "unresolved-array", f"{name}[{idx}] is out of range")
            return
        array.items.extend([""] * (k + 1 - len(array.items)))
        array.items[k] = text
        array.names |= names
        self.vars[name] = array

    def _assign_array(self, tok: Token, line: int) -> tuple[str, set[str]]:
        """``A=(...)`` / ``A+=(...)``."""
        append = tok.value.endswith("+=")
        name = tok.value[: -2 if append else -1]
        items: list[str] = []
        names: set[str] = set()
        for element in tok.elements:
            fields, used = self.exp.fields(element, line)
            if used and any(p.kind != "lit" and not p.quoted for p in element.parts):
                detail = f"element {element.value!r} of {name} may split into several words"
                self.issues.add(line, "unresolved-array", detail)
            items.extend(fields)
            names |= used
        shown = f"{tok.value}({' '.join(items)})"
        current = self.vars.get(name) if append and name in self.vars else ""
        if current is None:
            self.issues.add(line, "unresolved-array", f"appending to unknown array {name}")
        elif isinstance(current, _Array):
            current.items.extend(items)
            current.names |= names
        else:
            self.vars[name] = _Array(([current] if current else []) + items, names)
        return shown, names


def parse_script(
    text: str, environ: Mapping[str, str] | None = None, max_commands: int = 100_000
) -> ShellScript:
    """Reads a shell script statically and returns its commands, heredocs and issues.

    Args:
        text: Script source.
        environ: Initial variable values (nothing else is assumed to be set).
        max_commands: Stop after this many commands, with a "too-large" issue.

    Returns:
        The recovered commands, here-documents, issues and final known variables. A text
        containing NUL bytes yields only a "binary" issue.
    """
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        issue = ShellIssue(line, "binary", "NUL byte: not a text script")
        return ShellScript((), (), (issue,), {})
    issues = _Issues()
    # Expansion may copy values around; this budget keeps it linear in the input size.
    budget = 16 * len(text) + 1_000_000
    with _gc_paused():
        tokens = _Lexer(text, issues).run()
        parser = _Parser(tokens, issues, environ or {}, max_commands, budget)
        parser.run()
    ordered = tuple(sorted(issues.items, key=lambda issue: issue.line))
    return ShellScript(
        tuple(parser.commands), tuple(parser.heredocs), ordered, parser.known_variables()
    )
