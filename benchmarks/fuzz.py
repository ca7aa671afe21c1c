"""Fuzz every input parser (issue 9): arbitrary input must never raise an unhandled exception.

Outside CI (it takes a while): by default 100,000 examples per parser. Examples are random text
biased to each format's syntax characters, and mutations (insertions, deletions, duplicated
slices, spliced syntax) of the real inputs under samples/. Each parser may raise only its
documented error; anything else is a failure, and so is an example slower than --slow seconds
(a sign of super-linear backtracking). Prints, per parser, the examples run, the failures, the
slowest example and the time taken; exits 1 if any parser failed.

    python benchmarks/fuzz.py                     # 100,000 examples for each parser
    python benchmarks/fuzz.py --examples 2000 --only shell.parse_script --seed 7
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.crontab import CrontabAnalyzer
from yarn2k8s.analyzers.hadoop_xml import read_conf
from yarn2k8s.analyzers.oozie_el import ELSyntaxError, parse_template, to_json
from yarn2k8s.analyzers.oozie_el_eval import ELError, Scope, evaluate
from yarn2k8s.analyzers.properties import parse_properties
from yarn2k8s.analyzers.shell import ShellCommand, parse_script, split_words, tokenize
from yarn2k8s.analyzers.shell_script import ShellScriptAnalyzer
from yarn2k8s.analyzers.spark_submit import SubmitContext, job_from_command, parse_submission
from yarn2k8s.config import Config
from yarn2k8s.security.limits import decode_text, safe_json, safe_yaml_all
from yarn2k8s.security.redact import redact
from yarn2k8s.security.xml import XmlSyntaxError, parse_xml

REPO = Path(__file__).resolve().parents[1]
_CTX = AnalysisContext(Config())
_NOWHERE = Path("/nonexistent-yarn2k8s-inputs")


# --- inputs ------------------------------------------------------------------------------


def _seeds(*patterns: str) -> list[str]:
    texts = []
    for pattern in patterns:
        for path in sorted(REPO.glob(pattern)):
            if path.is_file() and path.stat().st_size < 64 * 1024:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts or [""]


@dataclass
class Source:
    """Random text for one format: syntax characters, tokens, and mutated real inputs."""

    alphabet: str
    tokens: list[str]
    seeds: list[str]
    max_size: int = 400

    def text(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.45 and self.seeds:
            return self._mutate(rng, rng.choice(self.seeds))
        if roll < 0.75:
            return "".join(rng.choice(self.tokens) for _ in range(rng.randint(0, 60)))
        size = rng.randint(0, self.max_size)
        chars = [
            rng.choice(self.alphabet) if rng.random() < 0.85 else chr(rng.randint(0, 0x2FFF))
            for _ in range(size)
        ]
        return "".join(chars)

    def _mutate(self, rng: random.Random, text: str) -> str:
        chars = list(text[:4000])
        for _ in range(rng.randint(1, 8)):
            where = rng.randint(0, len(chars))
            action = rng.random()
            if action < 0.3:
                chars[where:where] = rng.choice(self.tokens + list(self.alphabet))
            elif action < 0.55 and chars:
                del chars[where : where + rng.randint(1, 20)]
            elif action < 0.75 and chars:
                start = rng.randint(0, len(chars) - 1)
                chars[where:where] = chars[start : start + rng.randint(1, 80)]
            elif chars:
                chars[min(where, len(chars) - 1)] = rng.choice(self.alphabet)
        return "".join(chars)


_SHELL = Source(
    " \t\n\\'\"$`(){}[];&|<>#=*?!-~%:,/.ab0123456789",
    ["spark-submit ", "--conf ", "k=v ", "${X:-", "${X#*/}", "$(", "`", "<<EOF\n", "\nEOF\n",
     "hadoop jar x.jar ", "java -cp a.jar ", "horovodrun -np 2 ", "python train.py ",
     "yarn jar ", "tony-cli ", "submarine job run ", "mapred streaming ", "-D a=b ",
     "'", '"', "\\\n", "; ", "&& ", "| ", "if ", "then ", "fi\n", "case x in ", "esac\n",
     "eval ", "export A=", "A=(", ")", "${A[@]}", "$'\\x41'", "function f() {", "}\n",
     "$((1+", "))", "2>&1 ", "--files a.keytab#k ", "--archives e.tgz#env ", "# c\n"],
    _seeds("samples/**/input/**/*.sh", "tests/hostile/shell/*.sh"),
)  # fmt: skip
_WORDS = [
    "spark-submit", "--conf", "--master", "yarn", "--class", "a.B", "--files", "x.keytab",
    "--archives", "e.tar.gz#env", "--name", "${X}", "job.py", "-c", "k=v", "--queue",
    "--properties-file", "--num-executors", "two", "--kill", "--executor-memory", "4x",
    "--", "=", "--py-files", "a.zip,b.egg", "--jars", "", "--deploy-mode", "client",
]  # fmt: skip
_PROPS = Source(
    " \t\n\\=:!#spark.kvu0041",
    ["spark.executor.memory", " = ", ":", "\\\n", "\\u00", "# c\n", "! c\n", "\n", "\\ "],
    _seeds("samples/**/input/**/*.conf", "samples/**/input/**/*.properties"),
)
_CRON = Source(
    " \t\n*/,-0123456789@%\\'\"LW#?",
    ["* ", "*/5 ", "0-23 ", "jan ", "mon-fri ", "@daily ", "@reboot ", "spark-submit ",
     "--master yarn ", "job.py", "\n", "%", "\\%", "CRON_TZ=UTC\n", "# c\n"],
    _seeds("samples/**/input/**/crontab*", "samples/**/input/**/*.cron"),
)  # fmt: skip
_XML = Source(
    "<>/=\"' \n&;!?[]-abc:%#",
    ["<configuration>", "</configuration>", "<property>", "</property>", "<name>", "</name>",
     "<value>", "</value>", "<!DOCTYPE x [", "]>", '<!ENTITY e "x">', "&e;", "<![CDATA[",
     "]]>", "<!--", "-->", '<?xml version="1.0"?>', 'SYSTEM "file:///etc/passwd"', "&#10;",
     "&amp;", "xmlns:x='u'"],
    _seeds("samples/**/input/**/*.xml", "tests/hostile/xml/**/*.xml"),
)  # fmt: skip
_EL = Source(
    "${}()[]'\",.:+-*/%<>=!&|?0123456789 abc",
    ["${", "}", "wf:conf(", "coord:formatTime(", "')", "'", " + ", " ? ", " : ", " and ",
     " or ", " not ", " empty ", " div ", " mod ", "[0]", "1e3", "'\\''", "\\${", "true"],
    _seeds("samples/oozie/**/*.xml"),
)  # fmt: skip
_JSON = Source(
    '[]{}",:0123456789.eE+-tfnul \\\n', ['{"a": ', "[", "]", "}", ", ", '"x"', "1e9"], []
)
_YAML = Source(
    "&*!|>-:?[]{},#'\"\n -abc.%@`",
    ["a: ", "- ", "&x ", "*x", "!!python/object:os.system ", "---\n", "...\n", "{", "}", "[",
     "]", "? ", "<<: *x\n", "  "],
    _seeds("samples/**/input/**/*.yaml", "tests/hostile/yaml/*.yaml"),
)  # fmt: skip
_FREE = Source(
    "=: -_.;&?@/\"'\npasswordtokensecretAKIA0123456789D",
    ["--password ", "-Dx.password=", "jdbc:mysql://u:p@h/d?password=", "AKIA", "ghp_",
     "-----BEGIN RSA PRIVATE KEY-----", "Bearer ", "://", "eyJ", "${env.X}", "***REDACTED***"],
    _seeds("tests/security/planted/**/*.sh"),
)  # fmt: skip


# --- parsers -----------------------------------------------------------------------------


def _spark(words: list[str]) -> None:
    parse_submission(words)
    command = ShellCommand(("spark-submit", *words), 1, 1, (), (), None)
    job_from_command(command, SubmitContext(InputFile(_NOWHERE / "x.sh", "x.sh", ""), _CTX))


def _script(text: str) -> None:
    ShellScriptAnalyzer().analyze(InputFile(_NOWHERE / "x.sh", "x.sh", text), _CTX)


def _crontab(text: str) -> None:
    CrontabAnalyzer().analyze(InputFile(_NOWHERE / "crontab", "crontab", text), _CTX)


def _el(text: str) -> None:
    try:
        template = parse_template(text)
    except ELSyntaxError:
        return
    for expr in template.expressions:
        with suppress(ELError):
            evaluate(to_json(expr), Scope())


def _redact(text: str) -> None:
    once = redact(text)
    if redact(once) != once:
        raise AssertionError("redaction is not idempotent")


@dataclass
class Target:
    """One parser: how to make an input, what to call, which errors are its contract."""

    make: Callable[[random.Random], Any]
    run: Callable[[Any], object]
    allowed: tuple[type[BaseException], ...] = ()


TARGETS: dict[str, Target] = {
    "shell.parse_script": Target(_SHELL.text, parse_script),
    "shell.tokenize": Target(_SHELL.text, tokenize),
    "shell.split_words": Target(_SHELL.text, split_words),
    "spark_submit.words": Target(
        lambda rng: [rng.choice(_WORDS) for _ in range(rng.randint(0, 30))], _spark
    ),
    "shell_script.analyze": Target(_SHELL.text, _script),
    "properties.parse": Target(_PROPS.text, parse_properties),
    "crontab.analyze": Target(_CRON.text, _crontab),
    "oozie.el": Target(_EL.text, _el),
    "xml.parse_xml": Target(_XML.text, parse_xml, (XmlSyntaxError,)),
    "hadoop_xml.read_conf": Target(_XML.text, read_conf.__wrapped__),
    "limits.safe_json": Target(_JSON.text, lambda t: safe_json(t, max_depth=16), (ValueError,)),
    "limits.safe_yaml": Target(
        _YAML.text,
        lambda t: safe_yaml_all(t, max_depth=16, max_documents=10, max_nodes=5000),
        (yaml.YAMLError,),
    ),
    "limits.decode_text": Target(lambda rng: rng.randbytes(rng.randint(0, 600)), decode_text),
    "redact": Target(_FREE.text, _redact),
}


# --- running -----------------------------------------------------------------------------


class _Slow(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise _Slow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Result:
    """What fuzzing one parser found."""

    examples: int = 0
    failures: list[str] = field(default_factory=list)
    failed: int = 0
    slowest: float = 0.0
    seconds: float = 0.0


def fuzz(name: str, target: Target, examples: int, seed: int, slow: float) -> Result:
    """Run one parser on `examples` inputs; collect failures (first few in full)."""
    rng = random.Random(f"{seed}:{name}")
    result = Result()
    start = time.monotonic()
    for _ in range(examples):
        value = target.make(rng)
        began = time.monotonic()
        try:
            with _deadline(slow * 10):
                target.run(value)
        except target.allowed:
            pass
        except _Slow:
            _fail(result, value, f"no answer within {slow * 10:.0f}s")
        except Exception:  # everything else is what we are looking for
            _fail(result, value, traceback.format_exc(limit=4))
        took = time.monotonic() - began
        result.slowest = max(result.slowest, took)
        if slow < took < slow * 10:
            _fail(result, value, f"took {took:.2f}s (over {slow}s)")
        result.examples += 1
    result.seconds = time.monotonic() - start
    return result


def _fail(result: Result, value: object, why: str) -> None:
    result.failed += 1
    if len(result.failures) < 5:
        result.failures.append(f"input {value!r:.300}\n{why}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000, help="per parser")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", type=float, default=1.0, help="seconds per example")
    parser.add_argument("--only", action="append", choices=sorted(TARGETS), help="repeatable")
    args = parser.parse_args(argv)
    names = args.only or list(TARGETS)
    print(f"{'parser':<24}{'examples':>10}{'failures':>10}{'slowest ms':>12}{'seconds':>10}")
    failed = False
    for name in names:
        result = fuzz(name, TARGETS[name], args.examples, args.seed, args.slow)
        failed |= result.failed > 0
        print(
            f"{name:<24}{result.examples:>10}{result.failed:>10}"
            f"{result.slowest * 1000:>12.1f}{result.seconds:>10.1f}",
            flush=True,
        )
        for failure in result.failures:
            print("    " + failure.replace("\n", "\n    "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
