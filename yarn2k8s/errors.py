"""Exceptions that stop a command, and the CLI's exit codes.

Exceptions mean "cannot continue"; things a human must look at are Findings, not exceptions.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes of the CLI."""

    OK = 0
    FINDINGS = 1  # findings at or above --fail-on, or --check found drift
    ERROR = 2  # usage, config or missing-path errors


class Yarn2k8sError(Exception):
    """Base of every error the CLI turns into a message and exit code 2."""


class ConfigError(Yarn2k8sError):
    """The configuration file is invalid."""


class InputError(Yarn2k8sError):
    """A path given on the command line cannot be used."""


class OutputError(Yarn2k8sError):
    """The output folder cannot be written safely."""
