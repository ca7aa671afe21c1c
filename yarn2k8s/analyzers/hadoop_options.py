"""Option tables and a small parser for `hadoop jar` programs.

Hadoop's GenericOptionsParser (used by every ToolRunner program: streaming, the examples and
tests jars, most MapReduce drivers) reads `-D`, `-conf`, `-files`... before the program's own
arguments and stops at the first word that is not one of them. Streaming adds its own options
(`-input`, `-mapper`...), accepted in any order. Each consumed word gets a role (see
`batch_common`) so the converter knows which values are files for the image and which are data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from yarn2k8s.analyzers.batch_common import (
    ROLE_CONF,
    ROLE_DATA,
    ROLE_FILE,
    ROLE_FILES,
)

GENERIC_OPTIONS = {
    "-D": ROLE_CONF,
    "-conf": ROLE_FILE,
    "-fs": ROLE_DATA,
    "-jt": ROLE_DATA,
    "-files": ROLE_FILES,
    "-libjars": ROLE_FILES,
    "-archives": ROLE_FILES,
    "-tokenCacheFile": ROLE_FILE,
}
STREAMING_OPTIONS = {
    **GENERIC_OPTIONS,
    "-input": ROLE_DATA,
    "-output": ROLE_DATA,
    "-mapper": ROLE_DATA,
    "-combiner": ROLE_DATA,
    "-reducer": ROLE_DATA,
    "-file": ROLE_FILE,
    "-inputformat": ROLE_DATA,
    "-outputformat": ROLE_DATA,
    "-partitioner": ROLE_DATA,
    "-numReduceTasks": ROLE_DATA,
    "-inputreader": ROLE_DATA,
    "-cmdenv": ROLE_DATA,
    "-mapdebug": ROLE_DATA,
    "-reducedebug": ROLE_DATA,
    "-io": ROLE_DATA,
    "-cacheFile": ROLE_DATA,
    "-cacheArchive": ROLE_DATA,
    "-jobconf": ROLE_CONF,
    "-dfs": ROLE_DATA,
    "-additionalconfspec": ROLE_FILE,
}
STREAMING_FLAGS = frozenset({"-verbose", "-info", "-help", "-debug", "-lazyOutput", "-background"})

# Old (Hadoop 1) property names still accepted by Hadoop 3, mapped to the current ones.
LEGACY_KEYS = {
    "mapred.job.name": "mapreduce.job.name",
    "mapred.job.queue.name": "mapreduce.job.queuename",
    "mapred.reduce.tasks": "mapreduce.job.reduces",
    "mapred.map.tasks": "mapreduce.job.maps",
    "mapred.job.map.memory.mb": "mapreduce.map.memory.mb",
    "mapred.job.reduce.memory.mb": "mapreduce.reduce.memory.mb",
    "mapred.map.child.java.opts": "mapreduce.map.java.opts",
    "mapred.reduce.child.java.opts": "mapreduce.reduce.java.opts",
}


@dataclass
class ParsedOptions:
    """Options in order, flags, unknown options, the remaining words, and a role per word."""

    values: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def all(self, option: str) -> list[str]:
        """Every value given to an option, in order."""
        return [v for o, v in self.values if o == option]

    def last(self, option: str) -> str:
        """The last value given to an option (later ones win), or ''."""
        found = self.all(option)
        return found[-1] if found else ""

    def conf(self) -> dict[str, str]:
        """`-D` and `-jobconf` settings, legacy names mapped, later ones winning."""
        conf: dict[str, str] = {}
        for option, value in self.values:
            if option in ("-D", "-jobconf"):
                key, _, val = value.partition("=")
                conf[LEGACY_KEYS.get(key.strip(), key.strip())] = val
        return conf


def parse_options(
    words: Sequence[str],
    table: dict[str, str],
    flags: frozenset[str] = frozenset(),
    stop_at_argument: bool = True,
) -> ParsedOptions:
    """Sort words into options (by `table`), flags and the rest.

    With `stop_at_argument`, the first word that is not an option ends option parsing (how
    GenericOptionsParser works); otherwise such words are kept in `rest` and parsing goes on.
    """
    out = ParsedOptions()
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("-D") and len(word) > 2 and "-D" in table:
            out.values.append(("-D", word[2:]))
            out.roles.append(ROLE_CONF)
        elif word in table and i + 1 < len(words):
            out.values.append((word, words[i + 1]))
            out.roles += [ROLE_DATA, table[word]]
            i += 1
        elif word in flags:
            out.flags.append(word)
            out.roles.append(ROLE_DATA)
        elif stop_at_argument and not (word.startswith("-") and word in table):
            out.rest = list(words[i:])
            out.roles += [ROLE_DATA] * len(out.rest)
            return out
        else:
            if word.startswith("-"):
                out.unknown.append(word)
            out.rest.append(word)
            out.roles.append(ROLE_DATA)
        i += 1
    return out
