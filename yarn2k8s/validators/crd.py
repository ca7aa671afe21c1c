"""Validate Kubernetes custom resources against the OpenAPI v3 schemas of their CRDs.

This is the test oracle for every custom object the tool generates. A :class:`CRDSchemas`
reads CustomResourceDefinition files once, and builds one JSON Schema validator per served
``(apiVersion, kind)`` the first time an object of that kind is validated; the validator is then
reused, so validating thousands of objects costs only the validation itself. Alongside it,
:func:`compile_check` compiles the schema into a fast valid/invalid test; jsonschema itself only
runs on objects that test invalid, to report why (about 40 us for a typical SparkApplication).

The OpenAPI v3 structural schema is translated to JSON Schema (Draft 7) by
:func:`to_json_schema`. The translation is strict in the way ``kubectl apply --validate=strict``
is: an object schema that declares ``properties`` rejects any other field, unless it preserves
unknown fields or declares ``additionalProperties``. A ``null`` value is only accepted where
the schema says ``nullable: true``. Not checked: CEL rules (``x-kubernetes-validations``),
``format`` and the key uniqueness of ``x-kubernetes-list-type: map`` lists.

:func:`check_metadata` checks ``apiVersion``, ``kind`` and ``metadata`` (name, namespace,
label and annotation keys, label values) and also works for core kinds, which have no CRD.
"""

from __future__ import annotations

import copy
import json
import numbers
import operator
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

__all__ = [
    "CRDSchemas",
    "SchemaError",
    "check_metadata",
    "compile_check",
    "format_path",
    "is_dns1123_subdomain",
    "is_label_value",
    "is_qualified_name",
    "to_json_schema",
]

_CRD_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# JSON Schema keywords kept by the translation; everything else (description, default, format,
# example, x-kubernetes-*) is dropped, which also keeps validation fast.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_ONE = frozenset({"items", "additionalProperties", "not"})
_PLAIN_KEYWORDS = frozenset(
    {
        "type", "required", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties",
    }
)  # fmt: skip
_INT_OR_STRING = ["integer", "string"]
_EMBEDDED_FIELDS: dict[str, Any] = {
    "apiVersion": {"type": "string"},
    "kind": {"type": "string"},
    "metadata": {"type": "object"},
}

_DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_RE = re.compile(_DNS1123_LABEL)
_DNS1123_SUBDOMAIN_RE = re.compile(rf"{_DNS1123_LABEL}(\.{_DNS1123_LABEL})*")
_QUALIFIED_NAME_RE = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE_RE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_SIMPLE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, order=True)
class SchemaError:
    """One reason why an object is invalid.

    Attributes:
        path: Where the problem is, as a dotted path such as ``spec.driver.cores``; list
            indexes and keys that are not simple words are bracketed:
            ``spec.volumes[0].name``, ``metadata.labels["app.kubernetes.io/name"]``.
            Empty for the object itself.
        message: What is wrong there.
    """

    path: str
    message: str


def format_path(parts: Iterable[str | int]) -> str:
    """Join path segments into the dotted form used by :class:`SchemaError`.

    Args:
        parts: Field names and list indexes from the root of the object.

    Returns:
        The path, for example ``spec.volumes[0].name``.
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _SIMPLE_KEY_RE.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


# --------------------------------------------------------------------------- schema translation


def to_json_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Translate an OpenAPI v3 structural schema into a Draft 7 JSON Schema.

    Pure: the input is not changed and shares nothing with the result. Translated are
    ``x-kubernetes-int-or-string`` (integer or string), ``nullable`` (also ``null``),
    ``x-kubernetes-preserve-unknown-fields`` (other fields allowed),
    ``x-kubernetes-embedded-resource`` (``apiVersion``, ``kind`` and ``metadata`` allowed),
    ``x-kubernetes-list-type: set`` (unique items) and boolean ``exclusiveMinimum`` /
    ``exclusiveMaximum``. An object schema with ``properties`` that neither preserves unknown
    fields nor has ``additionalProperties`` gets ``additionalProperties: false``.

    Args:
        schema: One node of an ``openAPIV3Schema`` (normally the root).

    Returns:
        The equivalent JSON Schema node.
    """
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS:
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS:
            out[key] = [to_json_schema(sub) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = _translate_one(value)
        elif key in _PLAIN_KEYWORDS:
            out[key] = copy.deepcopy(value)
    _apply_int_or_string(schema, out)
    _apply_nullable(schema, out)
    _apply_exclusive_bounds(out)
    _apply_closed_object(schema, out)
    if schema.get("x-kubernetes-list-type") == "set":
        out["uniqueItems"] = True
    return out


def _translate_one(value: Any) -> Any:
    """Translate a keyword whose value is a schema, a list of schemas or a boolean."""
    if isinstance(value, Mapping):
        return to_json_schema(value)
    if isinstance(value, list):
        return [to_json_schema(sub) for sub in value]
    return value


def _apply_int_or_string(schema: Mapping[str, Any], out: dict[str, Any]) -> None:
    """Accept integers and strings; drop controller-gen's equivalent ``anyOf``."""
    if not schema.get("x-kubernetes-int-or-string"):
        return
    out["type"] = list(_INT_OR_STRING)
    branches = out.get("anyOf")
    if isinstance(branches, list) and all(b.keys() <= {"type"} for b in branches):
        del out["anyOf"]


def _apply_nullable(schema: Mapping[str, Any], out: dict[str, Any]) -> None:
    """Add ``null`` to the allowed types (and enum values) of a ``nullable`` schema."""
    if not schema.get("nullable"):
        return
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        out["type"] = [*kind, "null"]
    if isinstance(out.get("enum"), list) and None not in out["enum"]:
        out["enum"].append(None)


def _apply_exclusive_bounds(out: dict[str, Any]) -> None:
    """Turn OpenAPI 3.0 boolean ``exclusiveMinimum``/``exclusiveMaximum`` into numbers."""
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = out.get(exclusive)
        if not isinstance(flag, bool):
            continue
        del out[exclusive]
        if flag and bound in out:
            out[exclusive] = out.pop(bound)


def _apply_closed_object(schema: Mapping[str, Any], out: dict[str, Any]) -> None:
    """Reject undeclared fields, as ``kubectl apply --validate=strict`` does."""
    if (
        "properties" not in schema
        or "additionalProperties" in schema
        or schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        return
    out["additionalProperties"] = False
    if schema.get("x-kubernetes-embedded-resource"):
        for name, sub in _EMBEDDED_FIELDS.items():
            out["properties"].setdefault(name, copy.deepcopy(sub))


# --------------------------------------------------------------------------- metadata checks


def check_metadata(obj: Mapping[str, Any]) -> list[SchemaError]:
    """Check ``apiVersion``, ``kind`` and ``metadata`` of any Kubernetes object.

    ``metadata.name`` must be a DNS-1123 subdomain, ``metadata.namespace`` (if given) a
    DNS-1123 label, label and annotation keys qualified names with an optional DNS prefix,
    label values valid label values and annotation values strings.

    Args:
        obj: The object, as loaded from YAML/JSON.

    Returns:
        The problems found, sorted by path then message; empty when all is well.
    """
    errors = [*_check_type_fields(obj), *_check_metadata_block(obj.get("metadata"))]
    return sorted(set(errors))


def _check_type_fields(obj: Mapping[str, Any]) -> Iterator[SchemaError]:
    """Require ``apiVersion`` and ``kind`` to be non-empty strings."""
    for field in ("apiVersion", "kind"):
        value = obj.get(field)
        if value is None:
            yield SchemaError(field, "required field is missing")
        elif not isinstance(value, str) or not value:
            yield SchemaError(field, "must be a non-empty string")


def _check_metadata_block(meta: Any) -> Iterator[SchemaError]:
    """Check the ``metadata`` mapping: name, namespace, labels and annotations."""
    if meta is None:
        yield SchemaError("metadata", "required field is missing")
        return
    if not isinstance(meta, Mapping):
        yield SchemaError("metadata", "must be an object")
        return
    yield from _check_name(meta.get("name"))
    yield from _check_namespace(meta.get("namespace"))
    yield from _check_string_map(meta.get("labels"), "labels", check_value=True)
    yield from _check_string_map(meta.get("annotations"), "annotations", check_value=False)


def _check_name(name: Any) -> Iterator[SchemaError]:
    """``metadata.name`` must be present and a DNS-1123 subdomain."""
    if name is None:
        yield SchemaError("metadata.name", "required field is missing")
    elif not is_dns1123_subdomain(name):
        yield SchemaError(
            "metadata.name",
            f"invalid name {name!r}: must be a lowercase RFC 1123 subdomain of at most 253 "
            "characters (a-z, 0-9, '-' and '.', starting and ending with a letter or digit)",
        )


def _check_namespace(namespace: Any) -> Iterator[SchemaError]:
    """``metadata.namespace``, when given, must be a DNS-1123 label."""
    if namespace is not None and not (
        isinstance(namespace, str)
        and len(namespace) <= 63
        and _DNS1123_LABEL_RE.fullmatch(namespace)
    ):
        yield SchemaError(
            "metadata.namespace",
            f"invalid namespace {namespace!r}: must be a lowercase RFC 1123 label of at most "
            "63 characters",
        )


def _check_string_map(value: Any, field: str, *, check_value: bool) -> Iterator[SchemaError]:
    """Check the keys (and label values) of ``metadata.labels`` or ``metadata.annotations``."""
    if value is None:
        return
    if not isinstance(value, Mapping):
        yield SchemaError(f"metadata.{field}", "must be an object of strings")
        return
    for key, item in value.items():
        path = format_path(["metadata", field, str(key)])
        if not is_qualified_name(key):
            yield SchemaError(
                path,
                f"invalid key {key!r}: must be [prefix/]name, name at most "
                "63 characters of alphanumerics, '-', '_' or '.', starting and "
                "ending with an alphanumeric, prefix a DNS subdomain",
            )
        if not isinstance(item, str):
            yield SchemaError(path, f"value {item!r} must be a string")
        elif check_value and not is_label_value(item):
            yield SchemaError(
                path,
                f"invalid label value {item!r}: at most 63 characters of "
                "alphanumerics, '-', '_' or '.', starting and ending with an "
                "alphanumeric",
            )


def is_dns1123_subdomain(value: Any) -> bool:
    """Tell whether ``value`` is a DNS-1123 subdomain (the rule for most object names)."""
    return (
        isinstance(value, str)
        and len(value) <= 253
        and _DNS1123_SUBDOMAIN_RE.fullmatch(value) is not None
    )


def is_qualified_name(value: Any) -> bool:
    """Tell whether ``value`` is a valid label/annotation key: ``[dns-prefix/]name``."""
    if not isinstance(value, str):
        return False
    prefix, slash, name = value.rpartition("/")
    if slash and not (prefix and is_dns1123_subdomain(prefix)):
        return False
    return len(name) <= 63 and _QUALIFIED_NAME_RE.fullmatch(name) is not None


def is_label_value(value: Any) -> bool:
    """Tell whether ``value`` is a valid label value (may be empty)."""
    return (
        isinstance(value, str) and len(value) <= 63 and _LABEL_VALUE_RE.fullmatch(value) is not None
    )


# --------------------------------------------------------------------------- error translation


def _convert_error(error: ValidationError) -> Iterator[SchemaError]:
    """Turn one jsonschema error into errors that point at the offending field."""
    parts = list(error.absolute_path)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, Mapping):
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        for name in _undeclared_fields(instance, schema):
            yield SchemaError(format_path([*parts, name]), f"unknown field {name!r}")
    elif error.validator == "required" and isinstance(instance, Mapping):
        for name in _missing_fields(instance, error.validator_value):
            yield SchemaError(format_path([*parts, name]), "required field is missing")
    else:
        yield SchemaError(format_path(parts), error.message)


def _undeclared_fields(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """Return the keys of ``instance`` that neither ``properties`` nor patterns declare."""
    declared = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [
        str(key)
        for key in instance
        if key not in declared and not any(p.search(str(key)) for p in patterns)
    ]


def _missing_fields(instance: Mapping[str, Any], required: Any) -> list[str]:
    """Return the names in ``required`` that ``instance`` lacks."""
    names = required if isinstance(required, list) else []
    return [str(name) for name in names if name not in instance]


def _is_object(_checker: object, instance: object) -> bool:
    """JSON object type check that accepts any mapping, not only ``dict``."""
    return isinstance(instance, Mapping)


_K8sValidator = validators.create(
    meta_schema=Draft7Validator.META_SCHEMA,
    validators=Draft7Validator.VALIDATORS,
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("object", _is_object),
)


# --------------------------------------------------------------------------- fast validity check
#
# jsonschema spends most of its time creating a validator per sub-schema it descends into
# (~6 us each). Most objects checked are valid, so each kind also gets a compiled yes/no check
# for the keywords the translation produces; jsonschema itself runs only for objects that check
# invalid (to report errors) and for sub-schemas using any other keyword.

Check = Callable[[Any], bool]

_FAST_KEYWORDS = frozenset(
    {
        "type", "properties", "additionalProperties", "required", "minProperties",
        "maxProperties", "items", "minItems", "maxItems", "enum", "pattern", "minLength",
        "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    }
)  # fmt: skip
# Each bound fails when ``fails(value, bound)``, exactly as jsonschema tests it.
_BOUNDS: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (
    ("minimum", operator.lt),
    ("maximum", operator.gt),
    ("exclusiveMinimum", operator.le),
    ("exclusiveMaximum", operator.ge),
)


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


_TYPE_TESTS: dict[str, Check] = {
    "object": _is_mapping,
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": _is_number,
}


def _accept(_value: Any) -> bool:
    return True


def _reject(_value: Any) -> bool:
    return False


def compile_check(schema: Any) -> Check:
    """Compile a translated JSON Schema into a fast function telling whether a value is valid.

    The function gives the same answer as a Draft 7 jsonschema validator (objects being any
    mapping); sub-schemas with keywords it does not handle itself are delegated to jsonschema.

    Args:
        schema: A JSON Schema, as made by :func:`to_json_schema`.

    Returns:
        A function returning ``True`` for valid values.
    """
    if schema is True or (isinstance(schema, Mapping) and not schema):
        return _accept
    if schema is False:
        return _reject
    if not _is_fast(schema):
        return _K8sValidator(schema).is_valid
    parts = (_type_check, _string_check, _number_check, _enum_check, _object_check, _array_check)
    checks = [check for check in (part(schema) for part in parts) if check is not None]
    return _all_of(checks)


def _is_fast(schema: Any) -> bool:
    """Tell whether :func:`compile_check` handles every keyword of this schema node itself."""
    if not isinstance(schema, Mapping) or not schema.keys() <= _FAST_KEYWORDS:
        return False
    types = schema.get("type", [])
    enum = schema.get("enum", [])
    return (
        all(name in _TYPE_TESTS for name in ([types] if isinstance(types, str) else types))
        and all(value is None or isinstance(value, str) for value in enum)
        and isinstance(schema.get("items", {}), Mapping)
        and isinstance(schema.get("additionalProperties", True), (bool, Mapping))
        and all(isinstance(name, str) for name in schema.get("required", []))
        and all(_is_number(schema[key]) for key, _ in _BOUNDS if key in schema)
    )


def _all_of(checks: Sequence[Check]) -> Check:
    """Combine checks that must all pass."""
    if not checks:
        return _accept
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        for part in checks:  # noqa: SIM110 - a plain loop is faster on this hot path
            if not part(value):
                return False
        return True

    return check


def _type_check(schema: Mapping[str, Any]) -> Check | None:
    """Check ``type`` (one name or a list of names)."""
    names = schema.get("type")
    if names is None:
        return None
    tests = tuple(_TYPE_TESTS[name] for name in ([names] if isinstance(names, str) else names))
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def _string_check(schema: Mapping[str, Any]) -> Check | None:
    """Check ``pattern``, ``minLength`` and ``maxLength`` (strings only)."""
    pattern, low, high = schema.get("pattern"), schema.get("minLength"), schema.get("maxLength")
    if pattern is None and low is None and high is None:
        return None
    regex = re.compile(pattern) if pattern is not None else None

    def check(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return False
        return regex is None or regex.search(value) is not None

    return check


def _number_check(schema: Mapping[str, Any]) -> Check | None:
    """Check ``minimum``, ``maximum`` and the numeric exclusive bounds (numbers only)."""
    bounds = [(fails, schema[key]) for key, fails in _BOUNDS if key in schema]
    if not bounds:
        return None

    def check(value: Any) -> bool:
        return not _is_number(value) or not any(fails(value, bound) for fails, bound in bounds)

    return check


def _enum_check(schema: Mapping[str, Any]) -> Check | None:
    """Check an ``enum`` of strings and ``None``."""
    if "enum" not in schema:
        return None
    strings = frozenset(value for value in schema["enum"] if isinstance(value, str))
    allow_none = None in schema["enum"]
    return lambda value: (
        (value in strings) if isinstance(value, str) else (value is None and allow_none)
    )


def _object_check(schema: Mapping[str, Any]) -> Check | None:
    """Check ``required``, ``properties``, ``additionalProperties`` and the property counts."""
    if not schema.keys() & {
        "properties",
        "additionalProperties",
        "required",
        "minProperties",
        "maxProperties",
    }:
        return None
    fields = {name: compile_check(sub) for name, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    extra_check = None if extra is True else compile_check(extra)
    required = tuple(schema.get("required", ()))
    low, high = schema.get("minProperties", 0), schema.get("maxProperties")

    def check(value: Any) -> bool:
        if not _is_mapping(value):
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        if any(name not in value for name in required):
            return False
        for name, item in value.items():
            field = fields.get(name, extra_check)
            if field is not None and not field(item):
                return False
        return True

    return check


def _array_check(schema: Mapping[str, Any]) -> Check | None:
    """Check ``items``, ``minItems`` and ``maxItems`` (lists only)."""
    if not schema.keys() & {"items", "minItems", "maxItems"}:
        return None
    item_check = compile_check(schema.get("items", True))
    low, high = schema.get("minItems", 0), schema.get("maxItems")

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        return all(item_check(item) for item in value)

    return check


# --------------------------------------------------------------------------- loading CRDs


def _crd_files(folder: Path) -> list[Path]:
    """List the CRD candidate files of ``folder`` (not recursive), sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in _CRD_SUFFIXES and p.is_file())


def _parse_documents(path: Path, text: str) -> list[Any]:
    """Parse every document of a YAML (multi-document) or JSON file's text."""
    if path.suffix == ".json":
        return [json.loads(text)]
    return list(yaml.load_all(text, Loader=_LOADER))


def _mentions(kind: str) -> re.Pattern[str]:
    """Find ``kind`` as a whole word (``SparkApplication`` not in ``ScheduledSparkApplication``).

    A CRD names its kind verbatim (``spec.names.kind``), so a file where the word never occurs
    cannot serve it; that is what lets :class:`CRDSchemas` skip parsing most of a folder.
    """
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(kind)}(?![A-Za-z0-9])")


def _iter_crds(doc: Any) -> Iterator[Mapping[str, Any]]:
    """Yield the CustomResourceDefinitions in one document (which may be a ``List``)."""
    if not isinstance(doc, Mapping):
        return
    if doc.get("kind") == "CustomResourceDefinition":
        yield doc
    elif isinstance(doc.get("items"), list):
        for item in doc["items"]:
            yield from _iter_crds(item)


def _served_schemas(crd: Mapping[str, Any]) -> Iterator[tuple[tuple[str, str], Any]]:
    """Yield ``((apiVersion, kind), openAPIV3Schema)`` for each served version of a CRD."""
    spec = crd.get("spec") or {}
    group, kind = spec.get("group"), (spec.get("names") or {}).get("kind")
    if not isinstance(group, str) or not isinstance(kind, str):
        return
    shared = (spec.get("validation") or {}).get("openAPIV3Schema")  # apiextensions v1beta1
    for version in spec.get("versions") or []:
        if isinstance(version, Mapping) and version.get("served") is True:
            schema = (version.get("schema") or {}).get("openAPIV3Schema", shared)
            yield (f"{group}/{version['name']}", kind), schema or {}


def _collect(documents: Iterable[Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Map each served ``(apiVersion, kind)`` of the CRDs among ``documents`` to its schema."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    _merge(found, documents)
    return found


def _merge(found: dict[tuple[str, str], Mapping[str, Any]], documents: Iterable[Any]) -> None:
    """Add the served schemas of the CRDs among ``documents``; a kind twice must match."""
    for doc in documents:
        for crd in _iter_crds(doc):
            for key, schema in _served_schemas(crd):
                if key in found and found[key] != schema:
                    raise ValueError(f"two different CRD schemas for {key[0]} {key[1]}")
                found[key] = schema


def _folder_signature(files: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """Identify the current content of a set of files by name, mtime and size."""
    stats = [(str(p.resolve()), p.stat()) for p in files]
    return tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)


@dataclass(frozen=True)
class _Compiled:
    """What validating one kind needs: jsonschema (for errors) and the fast check."""

    validator: Validator
    check: Check


_FOLDER_CACHE: dict[tuple[tuple[str, int, int], ...], CRDSchemas] = {}


# --------------------------------------------------------------------------- public class


class CRDSchemas:
    """The served schemas of a set of CRDs, with a lazily built validator per kind.

    Loaded from a folder, CRD files are parsed lazily too: the first question about a kind
    parses the files that mention it, and only those. Big CRDs (several MB of YAML for the
    Kubeflow and KServe kinds) cost most of a small validation run otherwise, and a tree
    usually holds a few of the folder's kinds. What a kind resolves to never depends on the
    order of the questions: every file that could define it is parsed before it is answered.
    Instances may be shared (also across threads); loading is serialised by a lock.
    """

    def __init__(
        self,
        schemas: Mapping[tuple[str, str], Mapping[str, Any]],
        pending: Sequence[tuple[Path, str]] = (),
    ) -> None:
        """Wrap already extracted schemas, and files still to parse when asked for.

        Args:
            schemas: ``openAPIV3Schema`` of each ``(apiVersion, kind)``; not copied, so the
                caller must not change them afterwards.
            pending: ``(path, text)`` of CRD files not parsed yet.
        """
        self._schemas = dict(schemas)
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._pending = list(pending)
        self._searched: set[str] = set()  # kinds whose files are all parsed
        self._lock = threading.Lock()

    @classmethod
    def from_dir(cls, path: str | Path) -> CRDSchemas:
        """Load every CRD in the ``*.yaml``, ``*.yml`` and ``*.json`` files of a folder.

        Files may hold several documents; documents that are not CRDs are ignored. Loading is
        cached per process: asking again for a folder whose files are unchanged returns the
        same instance (with its already parsed files and built validators). Files are read
        here but parsed on first use (see the class), so a file that is not valid YAML, or
        two files giving one kind different schemas, raise when that kind is first looked up.

        Args:
            path: The folder (not searched recursively).

        Returns:
            The schemas of every served version of every CRD found.

        Raises:
            NotADirectoryError: ``path`` is not a folder.
        """
        folder = Path(path)
        if not folder.is_dir():
            raise NotADirectoryError(f"not a folder of CRDs: {folder}")
        files = _crd_files(folder)
        signature = _folder_signature(files)
        cached = _FOLDER_CACHE.get(signature)
        if cached is None:
            cached = cls({}, [(f, f.read_text(encoding="utf-8")) for f in files])
            _FOLDER_CACHE[signature] = cached
        return cached

    @classmethod
    def from_documents(cls, documents: Iterable[Any]) -> CRDSchemas:
        """Build from already parsed documents (e.g. CRDs read from a cluster).

        Args:
            documents: Parsed YAML/JSON documents; those that are neither CRDs nor lists of
                CRDs are ignored.

        Returns:
            The schemas of every served version of every CRD found.

        Raises:
            ValueError: Two CRDs give different schemas for the same apiVersion and kind.
        """
        return cls(_collect(documents))

    def kinds(self) -> list[tuple[str, str]]:
        """Return the known ``(apiVersion, kind)`` pairs, sorted (this parses every file).

        Raises:
            ValueError: Two CRDs give different schemas for the same apiVersion and kind.
            yaml.YAMLError: A file is not valid YAML.
        """
        with self._lock:
            self._parse(lambda _text: True)
        return sorted(self._schemas)

    def has(self, api_version: str, kind: str) -> bool:
        """Tell whether a CRD serves ``kind`` at ``api_version`` (e.g. ``kubeflow.org/v1``).

        Raises:
            ValueError: Two CRDs give different schemas for this kind.
            yaml.YAMLError: A file that mentions the kind is not valid YAML.
        """
        if not isinstance(api_version, str) or not isinstance(kind, str):
            return False  # e.g. straight from an unchecked document
        if self._pending and kind not in self._searched:
            with self._lock:
                if kind not in self._searched:
                    self._parse(_mentions(kind).search)
                    self._searched.add(kind)
        return (api_version, kind) in self._schemas

    def _parse(self, wanted: Callable[[str], object]) -> None:
        """Parse the pending files whose text ``wanted`` accepts, all at once.

        All at once, so that two files serving one kind are always compared (ValueError).
        The caller holds the lock.
        """
        chosen = [(path, text) for path, text in self._pending if wanted(text)]
        if not chosen:
            return
        found = dict(self._schemas)
        _merge(found, (doc for path, text in chosen for doc in _parse_documents(path, text)))
        # Publish only after every chosen file parsed: a failure leaves the instance as it was.
        self._schemas = found
        done = {path for path, _text in chosen}
        self._pending = [item for item in self._pending if item[0] not in done]

    def validate(self, obj: Mapping[str, Any]) -> list[SchemaError]:
        """Validate one object against the schema of its apiVersion and kind.

        Args:
            obj: The custom resource, as loaded from YAML/JSON.

        Returns:
            The problems found, sorted by path then message; empty when the object is valid
            and also when its apiVersion/kind is unknown (check :meth:`has` first).
        """
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if not (isinstance(api_version, str) and isinstance(kind, str)):
            return []
        if not self.has(api_version, kind):
            return []
        compiled = self._compile((api_version, kind))
        errors = set(check_metadata(obj))
        if not compiled.check(obj):
            errors.update(
                e for err in compiled.validator.iter_errors(obj) for e in _convert_error(err)
            )
        return sorted(errors)

    def json_schema(self, api_version: str, kind: str) -> Mapping[str, Any]:
        """Return the translated JSON Schema used for a kind.

        Args:
            api_version: For example ``sparkoperator.k8s.io/v1beta2``.
            kind: For example ``SparkApplication``.

        Returns:
            The Draft 7 schema (shared; do not change it).

        Raises:
            KeyError: The kind is not known.
        """
        schema = self._compile((api_version, kind)).validator.schema
        return schema if isinstance(schema, Mapping) else {}

    def _compile(self, key: tuple[str, str]) -> _Compiled:
        """Return the cached validator and check of ``key``, building them on first use."""
        compiled = self._compiled.get(key)
        if compiled is None:
            self.has(*key)  # parses the files that may serve it; KeyError below if none does
            schema = to_json_schema(self._schemas[key])
            compiled = _Compiled(_K8sValidator(schema), compile_check(schema))
            self._compiled[key] = compiled
        return compiled
