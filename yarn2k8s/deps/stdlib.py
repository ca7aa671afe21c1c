"""Standard-library module names for the *target* Python, not the one running yarn2k8s.

`sys.stdlib_module_names` (3.10+) describes the running interpreter; the tables below move it to
the target version: modules added after the target are not there yet, modules removed after the
target are still there. Python 2 names are kept apart: importing one is an upgrade problem, not a
missing distribution.
"""

from __future__ import annotations

import sys

# Top-level modules added to the standard library, by the version that added them.
ADDED: dict[tuple[int, int], frozenset[str]] = {
    (3, 11): frozenset({"tomllib"}),
    (3, 12): frozenset(),
    (3, 13): frozenset({"_colorize", "_interpreters", "_interpqueues", "_interpchannels"}),
    (3, 14): frozenset({"annotationlib", "compression", "_zstd"}),
}

# Top-level modules removed, by the version that removed them (PEP 594, PEP 632).
REMOVED: dict[tuple[int, int], frozenset[str]] = {
    (3, 12): frozenset({"asynchat", "asyncore", "distutils", "imp", "smtpd"}),
    (3, 13): frozenset({
        "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap",
        "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau",
        "telnetlib", "uu", "xdrlib",
    }),
}  # fmt: skip

# Python 2 standard-library modules that are gone (or renamed) in Python 3.
PYTHON2_ONLY = frozenset({
    "BaseHTTPServer", "CGIHTTPServer", "ConfigParser", "Cookie", "DocXMLRPCServer",
    "HTMLParser", "Queue", "SimpleHTTPServer", "SimpleXMLRPCServer", "SocketServer",
    "StringIO", "Tkinter", "UserDict", "UserList", "UserString", "__builtin__", "anydbm",
    "commands", "cPickle", "cStringIO", "cookielib", "copy_reg", "dbhash", "dircache",
    "dumbdbm", "dummy_thread", "exceptions", "htmlentitydefs", "httplib", "md5", "mimetools",
    "multifile", "new", "popen2", "repr", "rfc822", "robotparser", "sets", "sha", "statvfs",
    "thread", "urllib2", "urlparse", "user", "whichdb", "xmlrpclib",
})  # fmt: skip


def parse_version(text: str) -> tuple[int, int] | None:
    """`3.10`, `3.10.4`, `python-3.7.3`, `>=3.8` -> (major, minor); None if unreadable."""
    digits = ""
    for i, ch in enumerate(text):
        if ch.isdigit():
            digits = text[i:]
            break
    parts = digits.replace("*", "0").split(".")
    try:
        return int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()) or "0")
    except (IndexError, ValueError):
        return None


def stdlib_names(target: str) -> frozenset[str]:
    """Top-level standard-library module names of the target Python (e.g. "3.10")."""
    names = set(sys.stdlib_module_names)
    running = sys.version_info[:2]
    wanted = parse_version(target) or running
    for version, added in ADDED.items():
        if wanted < version <= running:
            names -= added
        elif running < version <= wanted:
            names |= added
    for version, removed in REMOVED.items():
        if wanted < version <= running:
            names |= removed
        elif running < version <= wanted:
            names -= removed
    return frozenset(names | {"__future__", "__main__"})
