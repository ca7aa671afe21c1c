"""Pipeline step: evaluate Oozie EL at run time (decisions and computed values).

Embedded after `oozie_el_eval` (the same evaluator that folded constants at conversion time);
the import below is dropped when the step's script is assembled. Options:

    --var NAME VALUE            a variable (pipeline parameter) the expressions read
    --call NAME VALUE           a zero-argument function's value (coord:nominalTime, wf:id...)
    --action-data NODE TEXT     wf:actionData(NODE): the node's captured key=value output
    --case TARGET TEMPLATE      a decision case (JSON template: text and trees), in order
    --default TARGET --branch-out PATH    the default target; the chosen target is written
    --value TEMPLATE PATH       a JSON template (text and trees) rendered to an output file

fs:exists/isDir/fileSize/dirSize/blockSize ask Hadoop's FsShell (the step runs in the
workflow image, which has the Hadoop client jars).
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
from typing import Any

from yarn2k8s.analyzers.oozie_el_eval import (  # embed: drop
    ELError,  # embed: drop
    Scope,  # embed: drop
    evaluate,  # embed: drop
    parse_properties_text,  # embed: drop
    render,  # embed: drop
    to_bool,  # embed: drop
)  # embed: drop


class Bindings:
    """Values the expressions may read."""

    def __init__(self) -> None:
        self.vars: dict[str, str] = {}
        self.calls: dict[str, str] = {}
        self.action_data: dict[str, str] = {}

    def resolve(self, name: str) -> Any:
        if name in self.vars:
            return self.vars[name]
        raise ELError(f"variable {name!r} has no value")

    def call(self, name: str, args: list[Any]) -> Any:
        if name in self.calls:  # zero-argument functions and the error path's wf:error*()
            return self.calls[name]
        if name in ("wf:conf", "coord:conf") and len(args) == 1:
            return self.vars.get(str(args[0]))
        if name == "wf:actionData" and len(args) == 1:
            return parse_properties_text(self.action_data.get(str(args[0]), ""))
        if name.startswith("fs:") and len(args) == 1:
            return fs_function(name[3:], str(args[0]))
        raise ELError(f"{name}() cannot be evaluated in a pipeline step")


def fs_shell() -> list[str]:
    """The FsShell command prefix (see the step runner)."""
    override = os.environ.get("YARN2K8S_FS_SHELL")
    if override:
        return shlex.split(override)
    if shutil.which("hadoop"):
        return ["hadoop", "fs"]
    home = os.environ.get("SPARK_HOME", "/opt/spark")
    return ["java", "-cp", f"{home}/jars/*", "org.apache.hadoop.fs.FsShell"]


def fs_function(name: str, path: str) -> Any:
    """fs:exists, fs:isDir, fs:fileSize, fs:dirSize, fs:blockSize through FsShell."""
    if name in ("exists", "isDir"):
        flag = "-e" if name == "exists" else "-d"
        return subprocess.run([*fs_shell(), "-test", flag, path]).returncode == 0
    if name == "dirSize":
        done = subprocess.run([*fs_shell(), "-du", "-s", path], capture_output=True, text=True)
        return int(done.stdout.split()[0]) if done.returncode == 0 and done.stdout else -1
    if name in ("fileSize", "blockSize"):
        fmt = "%b" if name == "fileSize" else "%o"
        done = subprocess.run([*fs_shell(), "-stat", fmt, path], capture_output=True, text=True)
        return int(done.stdout.strip() or -1) if done.returncode == 0 else -1
    raise ELError(f"fs:{name}() is not supported")


def truth(template: list[Any], scope: Scope) -> bool:
    """A case predicate: one expression keeps its type; mixed text is read as a boolean."""
    if len(template) == 1 and not isinstance(template[0], str):
        return to_bool(evaluate(template[0], scope))
    return to_bool(render(template, scope))


def write(path: str, text: str) -> None:
    """An output parameter file."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


class Request:
    """What one step evaluates."""

    def __init__(self) -> None:
        self.bindings = Bindings()
        self.cases: list[tuple[str, Any]] = []
        self.values: list[tuple[Any, str]] = []
        self.default = ""
        self.branch_out = ""


def parse_args(argv: list[str]) -> Request:
    """Read the options described in the module docstring."""
    req, i = Request(), 0
    while i < len(argv):
        flag = argv[i]
        if flag in ("--default", "--branch-out"):
            setattr(req, flag[2:].replace("-", "_"), argv[i + 1])
            i += 2
            continue
        if flag not in ("--var", "--call", "--action-data", "--case", "--value"):
            raise SystemExit(f"unexpected argument {flag!r}")
        first, second = argv[i + 1], argv[i + 2]
        i += 3
        if flag == "--var":
            req.bindings.vars[first] = second
        elif flag == "--call":
            req.bindings.calls[first] = second
        elif flag == "--action-data":
            req.bindings.action_data[first] = second
        elif flag == "--case":
            req.cases.append((first, json.loads(second)))
        else:
            req.values.append((json.loads(first), second))
    return req


def main(argv: list[str]) -> int:
    """Evaluate the values and the cases (the first true case wins); errors fail the step."""
    req = parse_args(argv)
    scope = Scope(resolve=req.bindings.resolve, call=req.bindings.call)
    for template, path in req.values:
        write(path, render(template, scope))
    if req.branch_out:
        chosen = next((t for t, tpl in req.cases if truth(tpl, scope)), req.default)
        print(f"decision: {chosen}")
        write(req.branch_out, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
