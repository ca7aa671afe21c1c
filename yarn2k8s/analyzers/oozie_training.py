"""Training and serving launches inside Oozie actions, as MigrationJobs (issue 5, item 4).

A shell action whose script (one of the application's files) or exec/arguments runs TonY,
Submarine, XLearning or horovodrun, and a java action whose main class is TonY's
ClusterSubmitter, are read by the same command readers as a standalone launch script
(`command_readers.job_from_training_command`), so the pipeline's training step applies the
very object a standalone job would get. Files the launch names (tony.xml...) are looked up
beside the script, or beside the workflow for exec/java launches: the application folder.
A later action launching a model server is read the same way, for the deploy step.
"""

from __future__ import annotations

from yarn2k8s.analyzers.base import AnalysisContext, InputFile
from yarn2k8s.analyzers.command_readers import job_from_training_command
from yarn2k8s.analyzers.oozie_app import AppRoot, find_app_file, fold_text, input_root
from yarn2k8s.analyzers.oozie_model import Node, OozieWorkflow
from yarn2k8s.analyzers.oozie_spark import aliased_file, with_arguments
from yarn2k8s.analyzers.shell import ShellCommand, parse_script
from yarn2k8s.analyzers.spark_submit import SubmitContext
from yarn2k8s.model import MigrationJob

TRAINING_KINDS = frozenset({"tensorflow", "pytorch", "mpi", "xgboost", "standalone"})
LAUNCH_KINDS = TRAINING_KINDS | {"serving"}
TONY_MAIN = frozenset({"com.linkedin.tony.cli.ClusterSubmitter", "com.linkedin.tony.TonyClient"})
LAUNCH = "oozie_launch"  # job.extra key: "training" or "serving"


def launch_job(
    node: Node, wf: OozieWorkflow, props: dict[str, str], source: InputFile, ctx: AnalysisContext
) -> MigrationJob | None:
    """The training (or model-serving) job a shell or java action launches, or None."""
    action = node.action
    assert action is not None
    if action.type == "java":
        main = fold_text(action.first("main-class"), props)
        if main not in TONY_MAIN:
            return None
        # Oozie runs the main class with the action's <arg>s: the same words as `java ... Main`.
        argv = ["java", "-cp", "tony-cli.jar", main, *action.all("arg")]
        return _read(argv, node, wf, source, ctx)
    if action.type != "shell":
        return None
    exec_ = fold_text(action.first("exec"), props)
    args = action.all("argument")
    app = AppRoot(input_root(source.path, source.rel))
    script_rel = find_app_file(app, wf.app_dir, aliased_file(exec_, action.all("file")))
    text = app.read(script_rel) if script_rel else None
    path = app.path(script_rel) if script_rel else None
    if text is None or path is None:
        return _read([exec_, *args], node, wf, source, ctx)
    # The script as the action runs it: its positional parameters are the <argument>s.
    script = InputFile(path, script_rel, with_arguments(text, args))
    for cmd in parse_script(script.text).commands:
        job = _command_job(cmd, script, ctx)
        if job is not None:
            return _mark(job, node, wf)
    return None


def _read(
    argv: list[str], node: Node, wf: OozieWorkflow, source: InputFile, ctx: AnalysisContext
) -> MigrationJob | None:
    if not argv or not argv[0]:
        return None
    cmd = ShellCommand(tuple(argv), node.line, node.line, (), (), None)
    # Parsed as a script of its own (the readers read heredocs from the source's text); the
    # path stays the workflow's, so nearby files are found in the application folder.
    here = InputFile(source.path, source.rel, "")
    job = _command_job(cmd, here, ctx)
    return _mark(job, node, wf) if job is not None else None


def _command_job(cmd: ShellCommand, source: InputFile, ctx: AnalysisContext) -> MigrationJob | None:
    if not cmd.argv:
        return None
    job = job_from_training_command(cmd, SubmitContext(source, ctx, {}))
    if job is None or job.kind not in LAUNCH_KINDS:
        return None
    return job


def _mark(job: MigrationJob, node: Node, wf: OozieWorkflow) -> MigrationJob:
    job.extra["oozie_node"] = node.name
    job.extra["oozie_workflow"] = wf.rel
    job.extra[LAUNCH] = "serving" if job.kind == "serving" else "training"
    return job
