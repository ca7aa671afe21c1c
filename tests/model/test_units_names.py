"""Memory units and Kubernetes names: unit and property tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yarn2k8s.model.names import MAX_NAME, dns_name, label_value, queue_name, with_suffix
from yarn2k8s.model.units import format_mib, parse_memory_mib, round_up

DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


@pytest.mark.parametrize(
    ("text", "mib"),
    [
        ("4g", 4096),
        ("4G", 4096),
        ("512m", 512),
        ("1536", 1536),
        ("2gb", 2048),
        ("1t", 1048576),
        ("1.5g", 1536),
        ("1024k", 1),
        ("1025k", 2),
        (" 8g ", 8192),
    ],
)
def test_parse_memory(text: str, mib: int) -> None:
    assert parse_memory_mib(text) == mib


def test_parse_memory_bytes_default_unit() -> None:
    assert parse_memory_mib("1048576", default_unit="") == 1
    assert parse_memory_mib("1048577", default_unit="") == 2


@pytest.mark.parametrize("bad", ["", "g", "4x", "-1g", "four"])
def test_parse_memory_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not a memory size"):
        parse_memory_mib(bad)


@given(st.integers(min_value=1, max_value=10**7))
def test_format_round_trip(mib: int) -> None:
    assert parse_memory_mib(format_mib(mib)) == mib


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_units_monotonic(a: int, b: int) -> None:
    small, big = sorted((a, b))
    assert parse_memory_mib(f"{small}m") <= parse_memory_mib(f"{big}m")
    assert parse_memory_mib(f"{small}k") <= parse_memory_mib(f"{big}k")


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=8192))
def test_round_up(value: int, step: int) -> None:
    rounded = round_up(value, step)
    assert rounded % step == 0
    assert value <= rounded < value + step


@given(st.text())
def test_dns_name_is_valid_bounded_and_idempotent(raw: str) -> None:
    name = dns_name(raw)
    assert DNS_LABEL.match(name), name
    assert len(name) <= MAX_NAME
    assert dns_name(name) == name


def test_dns_name_examples() -> None:
    assert dns_name("My_Spark.Job  v2") == "my-spark-job-v2"
    assert dns_name("123-start") == "job-123-start"
    assert dns_name("!!!") == "job"
    assert len(dns_name("x" * 200)) == MAX_NAME


@given(st.text(min_size=1), st.text(alphabet="0123456789abcdef", min_size=1, max_size=8))
def test_with_suffix_stays_bounded(raw: str, suffix: str) -> None:
    name = with_suffix(dns_name(raw), suffix)
    assert len(name) <= MAX_NAME
    assert name.endswith("-" + suffix)


@given(st.text())
def test_label_value_is_valid(raw: str) -> None:
    value = label_value(raw)
    assert len(value) <= 63
    assert re.match(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", value), value


def test_queue_name() -> None:
    assert queue_name("root.etl.daily") == "etl-daily"
    assert queue_name("default") == "default"
    assert queue_name("root.ML_Team") == "ml-team"
