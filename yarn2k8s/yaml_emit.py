"""Block-style YAML text, byte for byte what rendering's PyYAML/libyaml dumper writes, faster.

PyYAML's C emitter is quick, but its pure-Python representer and serializer (a node per value,
an event per node) dominate the cost of every Kubernetes document yarn2k8s writes. This module
writes the same text directly for the plain data those documents are made of: dicts with string
keys, lists and tuples, strings, bools, ints, floats and None.

It never guesses. How a string is written (plain, 'single', "double" quoted or a `|` literal
block) is asked of libyaml itself, once per distinct string, through the very dumper that
rendering uses; so is each distinct float's text. What remains is layout, which this module
reproduces: two-space indents, indentless sequences under keys, a mapping inside a sequence
item starting on the dash line, `{}`/`[]` for empty collections, and the folding of long plain
and single-quoted values at column 100. Whenever a document holds anything whose text could
depend on more than that (a date, a key libyaml would write as a `? ` complex key, a
double-quoted value long enough to fold, a `|+` block, which makes libyaml end the stream with
`...`), `BlockYaml.dump` returns None and the caller uses PyYAML for the whole document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

# The line breaks libyaml recognises besides "\n"; they change quoting and key rules in ways
# not worth reproducing, so a string holding one is always left to PyYAML.
_ODD_BREAK = re.compile("[\r\x85\u2028\u2029]")
# Runs of spaces and of other characters: libyaml folds only at a lone space.
_SPACES_OR_WORD = re.compile(" +|[^ ]+")
# Strings up to this length share a large cache; longer ones (scripts, long commands) a small
# one, enough for the 2-3 dumps of a job's objects, so the memory held stays bounded. Beyond
# _CACHED_CHARS they are probed afresh each time (PyYAML's own cost is proportional anyway).
_SHORT_CHARS = 512
_CACHED_CHARS = 1 << 16
# libyaml writes a key longer than this (in UTF-8 bytes) as a `? ` complex key.
_MAX_SIMPLE_KEY_BYTES = 128
# Wide enough that the probe never folds a line: folding depends on where the value sits.
_NO_FOLD_WIDTH = 1 << 30

# How a string is written; see BlockYaml._probe.
_PLAIN, _SINGLE, _DOUBLE, _LITERAL = range(4)

# (form, text, foldable): text is the one-line rendering (quotes included) or, for a literal,
# its header (`|`, `|-`, `|2-`...); foldable says a one-line form holds a space, where libyaml
# may break a long line.
_Scalar = tuple[int, str, bool]


class _Fallback(Exception):
    """The document holds something this module does not write exactly as PyYAML would."""


class BlockYaml:
    """Writes documents as `dump(obj, width)` would, or says it cannot (returns None).

    `dump` must be the reference dumper (PyYAML with the caller's Dumper) and `width` the line
    width the caller passes it; both are used only to learn how each string is written.
    """

    def __init__(self, dump: Callable[[Any, int], str], width: int, cache_size: int = 1 << 13):
        self._reference = dump
        self._width = width
        # Bounded: an estate has many distinct strings, but most repeat across documents
        # (keys, images, namespaces, conf names).
        cache = functools.lru_cache(cache_size)
        long_cache = functools.lru_cache(max(cache_size >> 6, 1))
        self._scalar: Callable[[str], _Scalar | None] = cache(self._probe)
        self._long_scalar: Callable[[str], _Scalar | None] = long_cache(self._probe)
        self._key: Callable[[str], str | None] = cache(self._key_text)
        # Keyed by repr: 0.0 == -0.0 and nan != nan would confuse a cache keyed by the float.
        self._float: Callable[[str], str | None] = cache(self._float_text)
        # Folding depends on the column too; long strings sit at the same places every time.
        self._fold: Callable[[str, bool, int, int], str] = long_cache(self._folded)

    def dump(self, obj: Any) -> str | None:
        """The document's YAML text, or None when only PyYAML can be trusted to write it."""
        out: list[str] = []
        try:
            if type(obj) is dict:
                if not obj:
                    return "{}\n"
                self._mapping(obj, 0, out, False)
            elif type(obj) is list or type(obj) is tuple:
                if not obj:
                    return "[]\n"
                self._sequence(obj, 0, out, False)
            else:  # a lone scalar document: rare, and libyaml may end it with `...`
                return None
        except (_Fallback, RecursionError):
            return None
        return "".join(out)

    def _probe(self, value: str) -> _Scalar | None:
        """How libyaml writes `value` in a block context, or None if it is not simple enough."""
        if _ODD_BREAK.search(value):
            return None
        try:
            text = self._reference(value, _NO_FOLD_WIDTH)
        except Exception:  # e.g. a lone surrogate: PyYAML will raise it again, properly
            return None
        first, _, rest = text.partition("\n")
        if first.startswith("|"):
            # A literal block. `|+` (several trailing newlines) leaves libyaml "open ended",
            # which appends `...` to the whole stream. The body is the value's lines, indented
            # (2 at the top level): _string writes it so, and the check makes sure.
            if "+" in first or rest != _literal_body(value, "  "):
                return None
            return (_LITERAL, first, False)
        if rest or not first:  # a quoted scalar spanning lines, or a `...` end marker
            return None
        form = {"'": _SINGLE, '"': _DOUBLE}.get(first[0], _PLAIN)
        return (form, first, " " in value)

    def _float_text(self, text: str) -> str | None:
        """A float's text (PyYAML's: `1.0e+16`, `.nan`...), given its repr."""
        try:
            dumped = self._reference(float(text), _NO_FOLD_WIDTH)
        except Exception:  # pragma: no cover - PyYAML represents every float
            return None
        first, _, rest = dumped.partition("\n")
        return first if first and not rest and " " not in first else None

    def _key_text(self, key: str) -> str | None:
        """A key's text: libyaml writes it like a value, but never folds it."""
        if (
            "\n" in key  # libyaml's simple keys are one line, even double-quoted ones
            or len(key.encode("utf-8", "surrogatepass")) > _MAX_SIMPLE_KEY_BYTES
        ):
            return None  # a `? ` complex key
        scalar = self._scalar(key)
        return None if scalar is None else scalar[1]

    def _mapping(self, mapping: dict[Any, Any], indent: int, out: list[str], inline: bool) -> None:
        """A non-empty mapping whose keys start at column `indent`.

        `inline`: the first key continues the current line (after a sequence's `- `).
        """
        try:
            keys = sorted(mapping)
        except TypeError:  # mixed key types: PyYAML decides (and may refuse)
            raise _Fallback from None
        pad = " " * indent
        first = "" if inline else pad
        width = self._width
        for key in keys:
            if type(key) is not str:
                raise _Fallback
            key_text = self._key(key)
            if key_text is None:
                raise _Fallback
            value = mapping[key]
            # The common case, a short one-line string, is written here in one piece.
            if type(value) is str and len(value) <= _SHORT_CHARS:
                scalar = self._scalar(value)
                if scalar is not None:
                    form, text, foldable = scalar
                    if form != _LITERAL and (
                        not foldable or indent + len(key_text) + 2 + len(text) <= width
                    ):
                        out.append(f"{first}{key_text}: {text}\n")
                        first = pad
                        continue
            out.append(f"{first}{key_text}:")
            first = pad
            self._value(value, indent, indent + len(key_text) + 1, out, True)

    def _sequence(
        self, items: list[Any] | tuple[Any, ...], indent: int, out: list[str], inline: bool
    ) -> None:
        """A non-empty sequence whose dashes sit at column `indent`."""
        pad = " " * indent
        first = "" if inline else pad
        for item in items:
            out.append(f"{first}-")
            first = pad
            self._value(item, indent, indent + 1, out, False)

    def _value(
        self, value: Any, indent: int, column: int, out: list[str], in_mapping: bool
    ) -> None:
        """A mapping value or sequence item, after its `key:` or `-` (which ends at `column`).

        `indent` is the column of that key or dash; libyaml indents a scalar's continuation
        lines, and a nested mapping, by 2 more.
        """
        kind = type(value)
        if kind is str:
            self._string(value, indent + 2, column + 1, out)
        elif value is None:
            out.append(" null\n")
        elif kind is bool:
            out.append(" true\n" if value else " false\n")
        elif kind is int:
            try:
                out.append(f" {int.__repr__(value)}\n")
            except ValueError:  # beyond Python's int-to-str digit limit
                raise _Fallback from None
        elif kind is float:
            text = self._float(float.__repr__(value))
            if text is None:
                raise _Fallback
            out.append(f" {text}\n")
        elif kind is dict:
            if not value:
                out.append(" {}\n")
            elif in_mapping:
                out.append("\n")
                self._mapping(value, indent + 2, out, False)
            else:  # `- key: value`, the first key on the dash line
                out.append(" ")
                self._mapping(value, indent + 2, out, True)
        elif kind is list or kind is tuple:
            if not value:
                out.append(" []\n")
            elif in_mapping:  # indentless: the dashes line up with the key
                out.append("\n")
                self._sequence(value, indent, out, False)
            else:  # `- - item`
                out.append(" ")
                self._sequence(value, indent + 2, out, True)
        else:  # dates, bytes, subclasses (IntEnum, OrderedDict...): PyYAML writes the document
            raise _Fallback

    def _string(self, value: str, indent: int, start: int, out: list[str]) -> None:
        """A string value whose text starts at column `start` (after the separating space)."""
        size = len(value)
        if size <= _SHORT_CHARS:
            scalar = self._scalar(value)
        else:
            scalar = self._long_scalar(value) if size <= _CACHED_CHARS else self._probe(value)
        if scalar is None:
            raise _Fallback
        form, text, foldable = scalar
        if form == _LITERAL:
            out.append(f" {text}\n")
            out.append(_literal_body(value, " " * indent))
            return
        if foldable and start + len(text) > self._width:
            # libyaml folds at a space once the line has passed the width.
            if form == _DOUBLE:  # escapes and `\` continuations: not reproduced
                raise _Fallback
            fold = self._fold if size <= _CACHED_CHARS else self._folded
            text = fold(value, form == _SINGLE, indent, start)
        out.append(f" {text}\n")

    def _folded(self, value: str, quoted: bool, indent: int, column: int) -> str:
        """`value` plain or single-quoted from `column`, folded as libyaml's writers fold it.

        At a lone space (a non-space either side), once the column is past the width, libyaml
        starts a new line indented to `indent` instead of writing the space; inside single
        quotes, never at the first or last character (plain values cannot start or end with a
        space).
        """
        width = self._width
        pieces: list[str] = []
        if quoted:
            pieces.append("'")
            column += 1
        end = len(value)
        for run in _SPACES_OR_WORD.finditer(value):
            text = run.group()
            if text == " " and column > width and run.start() > 0 and run.end() < end:
                pieces.append("\n" + " " * indent)
                column = indent
                continue
            if quoted and text[0] != " ":
                text = text.replace("'", "''")
            pieces.append(text)
            column += len(text)
        if quoted:
            pieces.append("'")
        return "".join(pieces)


def _literal_body(value: str, pad: str) -> str:
    """A literal block's body: the value's lines after `pad`, blank ones left empty.

    The last line break is the one the block's last line ends with (chomping `|` keeps it,
    `|-` writes one the value does not have).
    """
    lines = value.split("\n")
    if not lines[-1]:
        lines.pop()
    return "".join([f"{pad}{line}\n" if line else "\n" for line in lines])
