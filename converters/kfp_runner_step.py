"""Pipeline step: run an Oozie action's command the way Oozie's launcher did.

Standard library only. Options come first, then `--` and the command (optional):

    --env NAME=VALUE             environment for the command
    --workdir DIR                run there (the image's copy of the application folder)
    --delete PATH | --mkdir PATH  <prepare> and fs operations (also --move SRC DST,
    --touchz PATH, --chmod PATH PERMS RECURSIVE, --chgrp PATH GROUP RECURSIVE,
    --setrep PATH N), run in order through Hadoop's FsShell
    --conf KEY VALUE --conf-file PATH   write a Hadoop configuration file first (map-reduce)
    --capture OUT                 stdout (first 2 KB, Oozie's limit) -> output parameter file
    --capture-file FILE OUT       a properties file the command writes -> output parameter
    --put LOCAL REMOTE            copy a local result to storage after the command

File-system calls use `hadoop fs` when present, else Hadoop's FsShell class from the Spark
image's jars (`YARN2K8S_FS_SHELL` overrides the command, e.g. in tests).
"""

import os
import shlex
import shutil
import subprocess
import sys
from xml.sax.saxutils import escape

MAX_CAPTURE = 2048  # oozie.action.max.output.data
FS_OPS = {
    "--delete": 1,
    "--mkdir": 1,
    "--move": 2,
    "--touchz": 1,
    "--chmod": 3,
    "--chgrp": 3,
    "--setrep": 2,
    "--put": 2,
}


class Step:
    """What to do, in order: file-system operations, the command, captures."""

    def __init__(self) -> None:
        self.env: dict[str, str] = {}
        self.ops: list[tuple[str, list[str]]] = []
        self.after: list[tuple[str, list[str]]] = []
        self.conf: list[tuple[str, str]] = []
        self.conf_file = ""
        self.capture = ""
        self.workdir = ""
        self.capture_file: tuple[str, str] | None = None
        self.command: list[str] = []


def parse_args(argv: list[str]) -> Step:
    """Read the options described in the module docstring."""
    step, i = Step(), 0
    while i < len(argv):
        flag = argv[i]
        if flag == "--":
            step.command = argv[i + 1 :]
            break
        if flag in FS_OPS:
            count = FS_OPS[flag]
            target = step.after if flag == "--put" else step.ops
            target.append((flag[2:], argv[i + 1 : i + 1 + count]))
            i += 1 + count
        elif flag == "--env":
            name, _, value = argv[i + 1].partition("=")
            step.env[name] = value
            i += 2
        elif flag == "--conf":
            step.conf.append((argv[i + 1], argv[i + 2]))
            i += 3
        elif flag in ("--conf-file", "--capture", "--workdir"):
            setattr(step, flag[2:].replace("-", "_"), argv[i + 1])
            i += 2
        elif flag == "--capture-file":
            step.capture_file = (argv[i + 1], argv[i + 2])
            i += 3
        else:
            raise SystemExit(f"unexpected argument {flag!r}")
    return step


def fs_shell() -> list[str]:
    """The FsShell command prefix."""
    override = os.environ.get("YARN2K8S_FS_SHELL")
    if override:
        return shlex.split(override)
    if shutil.which("hadoop"):
        return ["hadoop", "fs"]
    spark_home = os.environ.get("SPARK_HOME", "/opt/spark")
    return ["java", "-cp", f"{spark_home}/jars/*", "org.apache.hadoop.fs.FsShell"]


def fs_command(op: str, args: list[str]) -> list[str]:
    """FsShell arguments for one Oozie file-system operation."""
    if op == "delete":
        return ["-rm", "-r", "-f", args[0]]
    if op == "mkdir":
        return ["-mkdir", "-p", args[0]]
    if op == "move":
        return ["-mv", args[0], args[1]]
    if op == "touchz":
        return ["-touchz", args[0]]
    if op in ("chmod", "chgrp"):
        recursive = ["-R"] if args[2] == "true" else []
        return [f"-{op}", *recursive, args[1], args[0]]
    if op == "setrep":
        return ["-setrep", args[1], args[0]]
    return ["-put", "-f", args[0], args[1]]


def run_fs(op: str, args: list[str]) -> None:
    """One operation; a failure stops the step, as it failed the Oozie action."""
    command = fs_shell() + fs_command(op, args)
    print("+ " + shlex.join(command), flush=True)
    subprocess.run(command, check=True)


def write_conf(path: str, conf: list[tuple[str, str]]) -> None:
    """A Hadoop configuration XML file (values escaped)."""
    rows = "".join(
        f"  <property><name>{escape(k)}</name><value>{escape(v)}</value></property>\n"
        for k, v in conf
    )
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'<?xml version="1.0"?>\n<configuration>\n{rows}</configuration>\n')


def write_output(path: str, text: str) -> None:
    """An output parameter file (created with its folder)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text[:MAX_CAPTURE])


def run_command(step: Step) -> int:
    """Run the command (streaming stdout through when not captured); returns its exit code."""
    env = dict(os.environ, **step.env)
    print("+ " + shlex.join(step.command), flush=True)
    if not step.capture:
        return subprocess.run(step.command, env=env).returncode
    done = subprocess.run(step.command, env=env, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(done.stdout)
    write_output(step.capture, done.stdout)
    return done.returncode


def main(argv: list[str]) -> int:
    """Prepare, run, capture; the command's exit code is the step's."""
    step = parse_args(argv)
    if step.workdir:
        os.chdir(step.workdir)  # where Oozie's launcher had the action's files
    for op, args in step.ops:
        run_fs(op, args)
    if step.conf_file:
        write_conf(step.conf_file, step.conf)
    code = run_command(step) if step.command else 0
    if step.capture and not step.command:
        write_output(step.capture, "")
    if code == 0 and step.capture_file:
        source, out = step.capture_file
        text = ""
        if os.path.exists(source):
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        write_output(out, text)
    for op, args in step.after if code == 0 else []:
        run_fs(op, args)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
