"""Property tests: arbitrary input never makes a parser raise anything but its documented error.

The shell reader, spark-submit words, properties, crontabs, XML (defusedxml and the Hadoop
configuration reader), JSON/YAML within limits, text decoding and redaction. benchmarks/fuzz.py
runs the same parsers for 100,000+ examples each (outside CI); the Oozie EL parser has its own
properties in tests/oozie/test_el.py.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.crontab import CrontabAnalyzer, schedule_problem
from yarn2k8s.analyzers.hadoop_xml import read_conf
from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.analyzers.shell import ShellCommand, parse_script, split_words, tokenize
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command, parse_submission
from yarn2k8s.config import Config
from yarn2k8s.security.limits import decode_text, safe_json, safe_yaml_all
from yarn2k8s.security.redact import MASK, redact
from yarn2k8s.security.xml import XmlSyntaxError, parse_xml

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _biased(alphabet: str, max_size: int = 300) -> st.SearchStrategy[str]:
    """Text mostly made of syntax characters, with some arbitrary ones."""
    return st.lists(
        st.one_of(st.sampled_from(list(alphabet)), st.characters()), max_size=max_size
    ).map("".join)


_SHELL = _biased(" \t\n\\'\"$`(){}[];&|<>#=*?!-~%:,/.ab0123456789", 400)
_WORDS = st.sampled_from(
    ["spark-submit", "--conf", "--master", "yarn", "--class", "a.B", "--files", "x.keytab",
     "--archives", "e.tar.gz#env", "--name", "${X}", "job.py", "-c", "k=v", "--properties-file",
     "--queue", "--num-executors", "two", "--kill", "--executor-memory", "4x", "--", "="]
)  # fmt: skip
_PROPS = _biased(" \t\n\\=:!#spark.k\u0000u0041", 300)
_CRON = _biased(" \t\n*/,-0123456789@%\\'\"LW#?janmon", 300)
_XML = _biased("<>/=\"' \n&;!?[]-abcDOCTYPEENTITY%:xmlns", 300)
_CTX = AnalysisContext(Config())
_NOWHERE = Path("/nonexistent-yarn2k8s-inputs")


@_SETTINGS
@given(_SHELL)
def test_shell_reader_never_raises(text: str) -> None:
    script = parse_script(text)
    lines = text.count("\n") + 1
    for command in script.commands:
        assert 1 <= command.line <= command.end_line <= lines
    assert all(1 <= issue.line <= lines for issue in script.issues)
    tokenize(text)


@_SETTINGS
@given(_SHELL)
def test_split_words_never_raises_and_plain_words_round_trip(text: str) -> None:
    words = split_words(text)
    assert all(isinstance(w, str) for w in words)
    plain = [w for w in text.split() if w.isalnum()]
    assert split_words(" ".join(plain)) == plain


@_SETTINGS
@given(st.lists(_WORDS, max_size=30))
def test_spark_submit_words_never_raise(words: list[str]) -> None:
    parse_submission(words)
    command = ShellCommand(("spark-submit", *words), 1, 1, (), (), None)
    job_from_command(command, SubmitContext(InputFile(_NOWHERE / "x.sh", "x.sh", ""), _CTX))


@_SETTINGS
@given(_PROPS)
def test_properties_never_raise(text: str) -> None:
    values, lines = parse_properties(text)
    assert set(values) == set(lines)
    assert all(1 <= n <= max(1, len(text.splitlines())) for n in lines.values())


@_SETTINGS
@given(_CRON)
def test_crontab_reader_never_raises(text: str) -> None:
    source = InputFile(_NOWHERE / "crontab", "crontab", text)
    result = CrontabAnalyzer().analyze(source, _CTX)
    assert all(f.location.path == "crontab" for f in result.findings)
    for line in text.splitlines():
        schedule_problem(line)


@_SETTINGS
@given(_XML)
def test_xml_only_raises_its_own_errors(text: str) -> None:
    try:
        parse_xml(text)
    except XmlSyntaxError as err:
        assert err.line >= 0


@_SETTINGS
@given(_XML.map(lambda body: f"<configuration><property>{body}</property></configuration>"))
def test_hadoop_configuration_reader_never_raises(text: str) -> None:
    conf = read_conf(text)
    assert conf.error or isinstance(conf.values, dict)


@_SETTINGS
@given(_biased('[]{}",:0123456789.eE+-tfnul \\\n', 300))
def test_json_limits_only_raise_value_errors(text: str) -> None:
    with contextlib.suppress(ValueError):  # anything else fails the test
        safe_json(text, max_depth=8)


@_SETTINGS
@given(_biased("&*!|>-:?[]{},#'\"\n -abc---...%@`", 300))
def test_yaml_limits_only_raise_yaml_errors(text: str) -> None:
    with contextlib.suppress(yaml.YAMLError):  # anything else fails the test
        safe_yaml_all(text, max_depth=8, max_documents=5, max_nodes=500)


@_SETTINGS
@given(st.binary(max_size=400))
def test_decoding_never_raises(data: bytes) -> None:
    read = decode_text(data)
    assert (read.text is None) == bool(read.refused)


@_SETTINGS
@given(_biased("=: -_.;&?@/\"'\npasswordtokensecretAKIA0123456789Dkey", 300))
def test_redaction_is_total_and_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert once == text or MASK in once


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c)))
def test_safe_json_agrees_with_json_within_the_limit(value: object) -> None:
    text = json.dumps(value)
    assert safe_json(text, max_depth=1000) == json.loads(text)
