"""Imports of a job's Python code, read from the AST (never executed).

Records plain and `from` imports, `importlib.import_module("literal")` and `__import__`
calls, and whether an import sits under `try/except ImportError` (optional). Branches that only
run on Python 2 (`if six.PY2:`, `if sys.version_info < (3,)`) and `if TYPE_CHECKING:` blocks
are skipped. A file that does not parse as Python 3 is read line by line instead, and reported.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from typing import Any

_OPTIONAL_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_IMPORT_LINE = re.compile(r"^\s*import\s+([\w., \t]+)", re.M)
_FROM_LINE = re.compile(r"^\s*from\s+([\w.]+)\s+import\s+\(?([\w., \t]+)", re.M)


@dataclass(frozen=True)
class ImportRef:
    """One imported module, where it was imported, and how."""

    module: str  # absolute dotted name ("" never happens for kept refs)
    path: str  # display path of the importing file (input-relative; zip members as a!b)
    line: int
    names: tuple[str, ...] = ()  # `from module import names`
    optional: bool = False
    dynamic: bool = False
    relative: bool = False  # resolved from a relative import: always local

    @property
    def where(self) -> str:
        """file:line for messages."""
        return f"{self.path}:{self.line}"

    @property
    def top(self) -> str:
        """The top-level package name."""
        return self.module.split(".")[0]

    def dotted_candidates(self) -> list[str]:
        """`from a.b import c` may import the module a.b.c: try it before a.b."""
        return [f"{self.module}.{n}" for n in self.names if n != "*"] + [self.module]


@dataclass(frozen=True)
class ParsedFile:
    """A file's imports, and the reason it did not parse as Python 3 (if it did not)."""

    imports: tuple[ImportRef, ...] = ()
    error: str = ""


_CACHED_TEXT_CHARS = 256 * 1024  # bounds the cache at 512 x 256 KiB


def parse_source(
    text: str, path: str, package: str = "", target: tuple[int, int] = (3, 10)
) -> ParsedFile:
    """Imports of one source file; `package` is its dotted package, for relative imports.

    `target` is the Python version the job will run on, for `sys.version_info` branches.
    """
    if len(text) <= _CACHED_TEXT_CHARS:
        return _parse_cached(text, path, package, target)
    return _parse(text, path, package, target)


# Pure in its arguments, and one estate's jobs share their code files (hundreds of jobs run the
# same etl.py): parse each distinct text once. Results are immutable, so sharing them is safe.
@functools.lru_cache(maxsize=512)
def _parse_cached(text: str, path: str, package: str, target: tuple[int, int]) -> ParsedFile:
    return _parse(text, path, package, target)


def _parse(text: str, path: str, package: str, target: tuple[int, int]) -> ParsedFile:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as err:
        line = getattr(err, "lineno", 0) or 0
        detail = f"line {line}: {getattr(err, 'msg', str(err))}"
        return ParsedFile(tuple(_line_imports(text, path)), detail)
    visitor = _Visitor(path, package, target)
    visitor.visit(tree)
    return ParsedFile(tuple(visitor.found))


def _line_imports(text: str, path: str) -> list[ImportRef]:
    """Fallback for Python 2 sources: `import x` / `from x import y` lines."""
    found: list[ImportRef] = []
    for match in _IMPORT_LINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for part in match.group(1).split(","):
            name = part.strip().split(" ")[0].strip()
            if name:
                found.append(ImportRef(name, path, line))
    for match in _FROM_LINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        module = match.group(1)
        if not module.startswith("."):
            names = tuple(n.strip().split(" ")[0] for n in match.group(2).split(",") if n.strip())
            found.append(ImportRef(module, path, line, names))
    return found


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, package: str, target: tuple[int, int]) -> None:
        self.path = path
        self.package = package
        self.target = target
        self.optional = 0
        self.found: list[ImportRef] = []

    def _ref(self, module: str, node: ast.AST, **kw: object) -> None:
        line = getattr(node, "lineno", 0)
        self.found.append(ImportRef(module, self.path, line, optional=self.optional > 0, **kw))  # type: ignore[arg-type]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._ref(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        names = tuple(a.name for a in node.names)
        if node.level == 0 and node.module:
            self._ref(node.module, node, names=names)
            return
        base = self.package.split(".") if self.package else []
        keep = len(base) - (node.level - 1)
        if keep < 0 or (keep == 0 and not node.module):
            return  # beyond the top-level package: nothing we can follow
        parent = ".".join([*base[:keep], *([node.module] if node.module else [])])
        if parent:
            self._ref(parent, node, names=names, relative=True)

    def visit_Try(self, node: ast.Try) -> None:
        self._try(node)

    def visit_TryStar(self, node: Any) -> None:
        """`try/except*` (Python 3.11+) guards imports the same way."""
        self._try(node)

    def _try(self, node: Any) -> None:
        guarded = any(_catches_import_error(h) for h in node.handlers)
        self.optional += guarded
        for child in [*node.body, *node.handlers]:
            self.visit(child)
        self.optional -= guarded
        for child in [*node.orelse, *node.finalbody]:
            self.visit(child)

    def visit_If(self, node: ast.If) -> None:
        branch = _static_branch(node.test, self.target)
        if branch is not False:
            for child in node.body:
                self.visit(child)
        if branch is not True:
            for child in node.orelse:
                self.visit(child)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node.func)
        first = node.args[0] if node.args else None
        literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if name in ("import_module", "__import__") and literal:
            module = str(first.value)  # type: ignore[union-attr]
            if module and not module.startswith("."):
                self._ref(module, node, dynamic=True)
        self.generic_visit(node)


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr if func.value.id == "importlib" else ""
    return ""


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in _OPTIONAL_ERRORS for t in types)


def _static_branch(test: ast.expr, target: tuple[int, int]) -> bool | None:
    """True/False when a condition is known for the target Python (or for type checkers)."""
    text = ast.unparse(test).replace(" ", "")
    if text in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "six.PY2", "PY2"):
        return False
    if text in ("six.PY3", "PY3"):
        return True
    match = re.fullmatch(
        r"sys\.version_info(\[0\]|\.major)?(<|<=|>=|>|==|!=)\(?([\d,]+?),?\)?", text
    )
    if match is None:
        return None
    wanted = tuple(int(p) for p in match.group(3).split(",") if p)
    have = target[:1] if match.group(1) else target[: len(wanted)]
    op = match.group(2)
    results = {
        "<": have < wanted,
        "<=": have <= wanted,
        ">=": have >= wanted,
        ">": have > wanted,
        "==": have == wanted,
        "!=": have != wanted,
    }
    return results[op]
