"""Safe XML: defusedxml refusals, external DTDs, depth and element limits, with lines."""

from __future__ import annotations

import time

import pytest

from yarn2k8s.analyzers.hadoop_xml import read_conf
from yarn2k8s.security.xml import (
    UnsafeXmlError,
    XmlLimitError,
    XmlSyntaxError,
    local_name,
    parse_xml,
)

_XXE = """<?xml version="1.0"?>
<!DOCTYPE configuration [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<configuration><property><name>a</name><value>&xxe;</value></property></configuration>
"""
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>\n"
)


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        (_XXE, 3, "entity declarations"),
        (_LAUGHS, 3, "entity declarations"),
        ('<!DOCTYPE a [<!ENTITY % p SYSTEM "http://x/y.dtd"> %p;]><a/>', 1, "entity"),
        ('<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd">\n<a/>', 2, "DTD"),
        ('<!DOCTYPE a PUBLIC "-//X//DTD X//EN" "x.dtd"><a/>', 1, "DTD"),
        ('<!DOCTYPE a [<!ENTITY e "inline">]><a>&e;</a>', 1, "entity declarations"),
        ('<!DOCTYPE a [<!ENTITY u SYSTEM "x" NDATA gif>]><a/>', 1, "entity"),
    ],
)
def test_refused_features_raise_with_their_line(text: str, line: int, what: str) -> None:
    start = time.monotonic()
    with pytest.raises(UnsafeXmlError, match=what) as info:
        parse_xml(text)
    assert info.value.line == line
    assert time.monotonic() - start < 1.0  # refused before anything is expanded or fetched


def test_an_internal_doctype_without_entities_is_fine() -> None:
    assert parse_xml("<!DOCTYPE configuration><configuration/>").tag == "configuration"


def test_limits_raise_a_limit_error() -> None:
    with pytest.raises(XmlLimitError, match="nested deeper than 4"):
        parse_xml("<a><b><c><d><e/></d></c></b></a>", max_depth=4)
    with pytest.raises(XmlLimitError, match="more than 3 elements"):
        parse_xml("<a><b/><b/><b/></a>", max_elements=3)
    assert len(parse_xml("<a><b/><b/></a>", max_depth=2, max_elements=3)) == 2


def test_deep_document_is_refused_quickly() -> None:
    depth = 200_000
    start = time.monotonic()
    with pytest.raises(XmlLimitError):
        parse_xml("<a>" * depth + "</a>" * depth)
    assert time.monotonic() - start < 2.0


def test_error_hierarchy_lets_syntax_handlers_see_refusals() -> None:
    assert issubclass(XmlLimitError, UnsafeXmlError)
    assert issubclass(UnsafeXmlError, XmlSyntaxError)


def test_syntax_errors_keep_their_line() -> None:
    with pytest.raises(XmlSyntaxError) as info:
        parse_xml("<a>\n<b>\n</a>")
    assert info.value.line == 3 and not isinstance(info.value, UnsafeXmlError)


def test_ordinary_documents_parse_with_text_tails_and_namespaces() -> None:
    root = parse_xml('<w xmlns="uri:x">a<!-- c --><?pi x?>b<n k="v">t</n>tail</w>')
    assert local_name(root.tag) == "w" and root.text == "ab"
    child = root[0]
    assert (local_name(child.tag), child.get("k"), child.text, child.tail) == (
        "n",
        "v",
        "t",
        "tail",
    )


def test_hadoop_reader_reports_refusals_with_the_line() -> None:
    conf = read_conf(_XXE)
    assert conf.values == {} and "entity" in conf.error and conf.error_line == 3


def test_xinclude_is_never_followed() -> None:
    root = parse_xml(
        '<configuration xmlns:xi="http://www.w3.org/2001/XInclude">'
        '<xi:include href="file:///etc/passwd" parse="text"/></configuration>'
    )
    assert "root:" not in "".join(root.itertext())


@pytest.mark.parametrize("declared", ["UT8", "ISO-8859-1", "UTF-16", "bogus-enc"])
def test_declared_encoding_never_re_decodes_the_text(declared: str) -> None:
    # Found by benchmarks/fuzz.py: `encoding="UT8"` raised LookupError past every handler.
    root = parse_xml(f'<?xml version="1.0" encoding="{declared}"?><a>café</a>')
    assert root.text == "café"


def test_size_is_bounded_before_parsing() -> None:
    with pytest.raises(XmlLimitError, match="over the 10 limit"):
        parse_xml("<a>" + "x" * 20 + "</a>", max_chars=10)
