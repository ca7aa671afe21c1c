"""Dependency inference for one job: evidence strongest first, each item with provenance.

1. shipped environments (conda-pack / venv-pack archives): exact versions;
2. declared files near the job (lock files, requirements, pyproject, setup, Pipfile...);
3. imports of the code the main file reaches, mapped through the offline import table.
No package index is asked: an unknown import is a finding, not a guess sent to PyPI (unless the
config sets `deps.allow_index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from yarn2k8s.config import Config
from yarn2k8s.deps.archives import ArchiveError, is_archive
from yarn2k8s.deps.codebase import Codebase, ScanResult, ZipRoot, entry_source, load_zip, scan
from yarn2k8s.deps.declared import Declared, nearest_folder, read_declared
from yarn2k8s.deps.envs import read_env
from yarn2k8s.deps.evidence import DepsPlan, PythonVersion, Requirement
from yarn2k8s.deps.import_table import Candidates, ImportTable, canonical, load_table
from yarn2k8s.deps.imports import ImportRef
from yarn2k8s.deps.locate import locate, relative
from yarn2k8s.deps.stdlib import PYTHON2_ONLY, parse_version, stdlib_names
from yarn2k8s.deps.versions import SPARK_IMAGE_PYTHON, minor, pyspark_min_python
from yarn2k8s.findings import make
from yarn2k8s.model import MigrationJob, SourceLocation
from yarn2k8s.model.job import Dependency


@dataclass
class _Context:
    job: MigrationJob
    root: Path
    config: Config
    table: ImportTable
    plan: DepsPlan


def infer_dependencies(job: MigrationJob, root: Path, config: Config) -> DepsPlan:
    """Everything a Python job needs, with provenance; an empty plan for JVM jobs."""
    plan = DepsPlan()
    if job.language != "python":
        return plan
    ctx = _Context(job, root, config, load_table(config.deps.import_map), plan)
    main = locate(job.main_file, job, root) if job.main_file else None
    _environments(ctx)
    declared = _declared(ctx, main)
    _imports(ctx, main, declared)
    _python_version(ctx, declared)
    _summary(ctx)
    return plan


# --- 1. shipped environments ----------------------------------------------------------------


def _environments(ctx: _Context) -> None:
    for dep in ctx.job.deps:
        if dep.kind != "archive" or not is_archive(dep.value):
            continue
        if "://" in dep.value and not dep.value.startswith("file:"):
            reason = "it is on a remote file system; fetch it beside the job to read it"
            ctx.plan.findings.append(make("DP002", dep.location, archive=dep.value, reason=reason))
            continue
        path = locate(dep.value, ctx.job, ctx.root)
        if path is not None:
            _environment(ctx, dep, path)


def _environment(ctx: _Context, dep: Dependency, path: Path) -> None:
    where = SourceLocation(relative(path, ctx.root))
    ctx.plan.inputs.append(where.path)
    try:
        env = read_env(path, dep.value, dep.alias, where, ctx.table)
    except ArchiveError as err:
        ctx.plan.findings.append(make("DP002", dep.location, archive=dep.value, reason=str(err)))
        return
    if env.layout == "unknown":
        ctx.plan.findings.append(make("DP003", dep.location, archive=dep.value))
        return
    ctx.plan.environments.append(env)
    for req in env.packages:
        ctx.plan.add(req)
    ctx.plan.findings.append(
        make(
            "DP001",
            dep.location,
            layout=env.layout,
            archive=dep.value,
            python=env.python or "unknown",
            count=len(env.packages),
        )
    )


# --- 2. declared files ----------------------------------------------------------------------


def _declared(ctx: _Context, main: Path | None) -> Declared:
    # The main file's folder describes the code; the script's only when the code is missing.
    starts = [main.parent] if main is not None else [(ctx.root / ctx.job.location.path).parent]
    folders: list[Path] = []
    for start in starts:
        folder = nearest_folder(start, ctx.root)
        if folder is not None and folder not in folders:
            folders.append(folder)
    declared = read_declared(folders, ctx.root, ctx.table)
    ctx.plan.findings += declared.findings
    ctx.plan.inputs += declared.files
    target = ctx.config.versions.spark
    for req in declared.requirements:
        if ctx.table.is_provided(req.key.replace("-", "_")):
            _provided(ctx, req, target)
            continue
        pinned = declared.constraints.get(req.key)
        if pinned and not req.version:
            req = Requirement(req.name, req.location, "requirements", pinned, marker=req.marker)
        ctx.plan.add(req)
    return declared


def _provided(ctx: _Context, req: Requirement, target: str) -> None:
    ctx.plan.findings.append(make("DP010", req.location, name=req.name, target=target))
    version = req.version or req.spec.lstrip("=<>!~")
    if version and minor(version) != minor(target):
        ctx.plan.findings.append(make("DP011", req.location, requirement=req.line(), target=target))


# --- 3. imports -----------------------------------------------------------------------------


def _imports(ctx: _Context, main: Path | None, declared: Declared) -> None:
    if main is None:
        if ctx.job.main_file:
            ctx.plan.findings.append(make("DP024", ctx.job.location, path=ctx.job.main_file))
        return
    target = parse_version(ctx.config.versions.python) or (3, 10)
    result = scan(entry_source(main, ctx.root), _codebase(ctx, main), target)
    ctx.plan.scanned = result.files
    _local_modules(ctx, main, result)
    _python2_findings(ctx, result)
    stdlib = stdlib_names(ctx.config.versions.python)
    handled: set[str] = set()
    for ref in result.imports:
        if ref.top in stdlib or ref.top in handled:
            continue
        _map_import(ctx, ref, bool(declared.requirements), handled)


def _local_modules(ctx: _Context, main: Path, result: ScanResult) -> None:
    """Modules beside the main file that it imports: the image needs them next to it."""
    folder = main.parent.resolve()
    for display in result.files:
        if "!" in display:
            continue
        path = (ctx.root / display).resolve()
        if path != main.resolve() and path.is_relative_to(folder):
            ctx.plan.local_modules[path.relative_to(folder).as_posix()] = display
    ctx.plan.inputs += [d for d in result.files if "!" not in d]


def _codebase(ctx: _Context, main: Path) -> Codebase:
    zips: list[ZipRoot] = []
    modules: list[Path] = []
    for dep in ctx.job.deps:
        if dep.kind not in ("py-file", "file"):
            continue
        path = locate(dep.value, ctx.job, ctx.root)
        name = PurePosixPath(dep.value).name
        if path is None:
            continue
        if name.endswith((".zip", ".egg")):
            try:
                zips.append(load_zip(path, relative(path, ctx.root)))
            except ArchiveError as err:
                ctx.plan.findings.append(
                    make("DP025", dep.location, path=dep.value, reason=str(err))
                )
        elif name.endswith(".py"):
            modules.append(path)
    return Codebase(ctx.root, [main.parent], zips, modules)


def _python2_findings(ctx: _Context, result: ScanResult) -> None:
    for path, detail in result.python2:
        where = SourceLocation(path.split("!")[0], 0)
        ctx.plan.findings.append(
            make("DP008", where, path=path, detail=detail, target=ctx.config.versions.spark)
        )


def _candidates(table: ImportTable, ref: ImportRef) -> list[Candidates]:
    """`from google.cloud import storage, pubsub_v1` names two distributions, not one."""
    base = table.lookup(ref.module)
    specific = [
        found
        for name in ref.names
        if (found := table.lookup(f"{ref.module}.{name}")) is not None
        and (base is None or len(found.key) > len(base.key))
    ]
    return specific or ([base] if base is not None else [])


def _map_import(ctx: _Context, ref: ImportRef, has_declared: bool, handled: set[str]) -> None:
    where = SourceLocation(ref.path, ref.line)
    if ref.top in PYTHON2_ONLY:
        handled.add(ref.top)
        ctx.plan.findings.append(make("DP009", where, module=ref.top, where=ref.where))
        return
    if ctx.table.is_provided(ref.module) or ctx.table.is_internal(ref.module):
        return
    found = _candidates(ctx.table, ref)
    if not found:
        handled.add(ref.top)
        _unknown(ctx, ref, where)
        return
    for cands in found:
        if cands.key not in handled:
            handled.add(cands.key)
            _map_one(ctx, ref, where, cands, has_declared)


def _map_one(
    ctx: _Context, ref: ImportRef, where: SourceLocation, cands: Candidates, declared: bool
) -> None:
    if any(canonical(d) in ctx.plan.requirements for d in cands.dists):
        return  # the environment or a declared file already provides it
    if ref.optional:
        ctx.plan.findings.append(make("DP007", where, module=ref.module, where=ref.where))
        return
    envs = [e for e in ctx.plan.environments if e.packages]
    if envs:
        ctx.plan.findings.append(
            make("DP014", where, module=ref.module, where=ref.where, archive=envs[0].value)
        )
        return
    _add_import(ctx, ref, where, cands, declared)


def _add_import(
    ctx: _Context, ref: ImportRef, where: SourceLocation, cands: Candidates, declared: bool
) -> None:
    dists = cands.dists
    chosen = dists[0]
    note = f"import {cands.key} at {ref.where}"
    if len(dists) > 1:
        note += f" (ranked guess; also {', '.join(dists[1:])})"
        ctx.plan.findings.append(
            make(
                "DP005",
                where,
                module=ref.module,
                where=ref.where,
                candidates=", ".join(dists),
                chosen=chosen,
            )
        )
    elif declared:
        ctx.plan.findings.append(
            make("DP023", where, module=ref.module, where=ref.where, dist=chosen)
        )
    ctx.plan.add(Requirement(chosen, where, "import", note=note))


def _unknown(ctx: _Context, ref: ImportRef, where: SourceLocation) -> None:
    if ref.optional:
        ctx.plan.findings.append(make("DP007", where, module=ref.module, where=ref.where))
    elif ctx.config.deps.allow_index is True:
        ctx.plan.findings.append(
            make("DP026", where, module=ref.top, where=ref.where, dist=ref.top)
        )
        ctx.plan.add(Requirement(ref.top, where, "import", note=f"unknown import at {ref.where}"))
    else:
        ctx.plan.findings.append(make("DP006", where, module=ref.module, where=ref.where))


# --- Python version and summary -------------------------------------------------------------


def _python_version(ctx: _Context, declared: Declared) -> None:
    for env in ctx.plan.environments:
        if env.python:
            ctx.plan.python = PythonVersion(env.python, env.location, env.value)
            return
    if declared.pythons:
        ctx.plan.python = declared.pythons[0]


def _summary(ctx: _Context) -> None:
    plan, job, target = ctx.plan, ctx.job, ctx.config.versions.spark
    loose = [r.name for r in plan.sorted_requirements() if not r.version]
    if loose:
        plan.findings.append(make("DP004", job.location, count=len(loose), names=", ".join(loose)))
    minimum = pyspark_min_python(target)
    for env in plan.environments:
        version = parse_version(env.python) if env.python else None
        if env.layout == "conda-pack":
            plan.findings.append(
                make(
                    "DP022",
                    env.location,
                    archive=env.value,
                    path=f"/opt/env/{env_dir(env.value, env.alias)}",
                )
            )
            if version and version < minimum:
                plan.findings.append(
                    make(
                        "DP012",
                        env.location,
                        archive=env.value,
                        python=env.python,
                        target=target,
                        minimum=".".join(map(str, minimum)),
                    )
                )
        else:
            plan.findings.append(
                make("DP021", env.location, archive=env.value, count=len(env.packages))
            )
    _python_mismatch(ctx)


def _python_mismatch(ctx: _Context) -> None:
    plan = ctx.plan
    if plan.python is None or any(e.layout == "conda-pack" for e in plan.environments):
        return
    source, image = parse_version(plan.python.version), parse_version(SPARK_IMAGE_PYTHON)
    pinned = any(r.version for r in plan.requirements.values())
    if pinned and source and image and source[:2] != image[:2]:
        plan.findings.append(
            make(
                "DP013",
                plan.python.location,
                source=f"{source[0]}.{source[1]}",
                where=plan.python.source,
                image=SPARK_IMAGE_PYTHON,
            )
        )


def env_dir(value: str, alias: str) -> str:
    """The folder a shipped environment lives in: its `#alias`, else the archive's stem."""
    if alias:
        return alias
    name = PurePosixPath(value).name
    for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
