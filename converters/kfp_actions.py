"""Oozie actions -> container components, each as mapping.md section 4.2 says.

shell, java, map-reduce, streaming, pig, hive, hive2, sqoop, distcp and ssh run their command
through the step script (prepare blocks, env, capture-output, working directory) in the
workflow image, which holds the application folder at /opt/app. fs runs its operations through
Hadoop's FsShell; email sends through SMTP with settings from a Secret. What has no conversion
gets a placeholder step that keeps the original XML, with a blocking finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from yarn2k8s.analyzers.oozie_model import Action
from yarn2k8s.analyzers.oozie_xml import configuration
from yarn2k8s.analyzers.shell import split_words
from yarn2k8s.converters.kfp_steps import (
    Arg,
    Component,
    Out,
    SecretUse,
    StepContext,
    placeholder_component,
)
from yarn2k8s.converters.kfp_values import literal, merge
from yarn2k8s.converters.train_serve_chain import training_launcher
from yarn2k8s.errors import Yarn2k8sError
from yarn2k8s.findings import make
from yarn2k8s.model.names import dns_name
from yarn2k8s.security.xml import parse_xml

APP_DIR = "/opt/app"
CLASSPATH = f"{APP_DIR}/lib/*:{APP_DIR}/*:/opt/spark/jars/*"
ACTION_CONF = "/tmp/oozie-action.conf.xml"
ACTION_OUTPUT = "/tmp/oozie-action-output.properties"
_HADOOP_CLI = re.compile(r"(?:^|[\s;|&(`])(hadoop|hdfs|yarn|mapred)\s+(?:fs|dfs|jar|job|distcp)\b")
_STREAMING = 'exec hadoop jar "$HADOOP_STREAMING_JAR" "$@"'


def _step(
    sc: StepContext,
    kind: str,
    how: str,
    command_args: list[Arg],
    options: list[Arg] | None = None,
    secrets: list[SecretUse] | None = None,
) -> Component:
    """A component running the step script with the action's common options."""
    action = sc.node.action
    assert action is not None
    args: list[Arg] = [literal("--workdir"), literal(APP_DIR), *prepare_args(sc), *(options or [])]
    outputs: list[str] = []
    if "capture-output" in action.flags and kind != "java":
        args += [literal("--capture"), Out("action_data")]
        outputs.append("action_data")
        sc.findings.append(make("OZ064", sc.loc, node=sc.node.name))
    if command_args:
        args += [literal("--"), *command_args]
    return Component(
        func=sc.func(),
        doc=f"Oozie {kind} action `{sc.node.name}`.",
        image="WORKFLOW_IMAGE",
        command=[],
        args=args,
        outputs=outputs,
        secrets=list(secrets or []),
        runner="STEP_RUNNER",
        kind=kind,
        how=how,
    )


def prepare_args(sc: StepContext) -> list[Arg]:
    """<prepare>: delete/mkdir before the command, as Oozie's launcher did."""
    action = sc.node.action
    assert action is not None
    args: list[Arg] = []
    for op in action.prepare:
        path = op.attrs.get("path", "")
        if op.op in ("delete", "mkdir") and path:
            args += [literal(f"--{op.op}"), sc.value(path)]
    return args


def _file_args(values: list[str]) -> list[str]:
    # `file#alias`: the workflow image holds the file under its alias.
    return [v.split("#", 1)[1] if "#" in v else PurePosixPath(v.split("#")[0]).name for v in values]


def shell(sc: StepContext) -> Component:
    """<shell>: exec + arguments, env-var, files in the image, capture-output."""
    action = sc.node.action
    assert action is not None
    exec_ = action.first("exec")
    options: list[Arg] = []
    for env in action.all("env-var"):
        options += [literal("--env"), sc.value(env)]
    command: list[Arg] = []
    name = PurePosixPath(exec_.split("#")[0]).name
    if name.endswith((".sh", ".bash")) or name in _file_args(action.all("file")):
        command = [literal("bash" if not name.endswith(".py") else "python3"), literal(f"./{name}")]
    else:
        command = [sc.value(exec_)]
    command += [sc.value(a) for a in action.all("argument")]
    text = " ".join([exec_, *action.all("argument"), script_text(sc, exec_)])
    _hadoop_cli(sc, text)
    _training_launch(sc, text)
    return _step(
        sc, "shell", "container step (command in the workflow image)", command, options=options
    )


def script_text(sc: StepContext, exec_: str) -> str:
    """The text of the script a shell action runs, when it is one of the app's files."""
    name = PurePosixPath(exec_.split("#")[0]).name
    for rel in sc.wf.app_files:
        if PurePosixPath(rel).name == name and sc.app is not None:
            return sc.app.read(rel) or ""
    return ""


def _hadoop_cli(sc: StepContext, text: str) -> None:
    match = _HADOOP_CLI.search(" " + text)
    if match:
        command = match.group(0).strip(" \t;|&(`")
        sc.findings.append(make("OZ017", sc.loc, node=sc.node.name, command=command))


def _training_launch(sc: StepContext, text: str) -> None:
    # A YARN training launcher cannot run in a step; say so rather than pass it off as converted.
    launcher = training_launcher(text)
    if launcher:
        sc.findings.append(make("TY044", sc.loc, node=sc.node.name, launcher=launcher))


def java(sc: StepContext) -> Component:
    """<java>: `java <java-opts> -cp lib/* Main args`, configuration as oozie.action.conf.xml."""
    action = sc.node.action
    assert action is not None
    main = action.first("main-class")
    opts: list[Arg] = [sc.value(w) for o in action.all("java-opts") for w in split_words(o)]
    opts += [sc.value(o) for o in action.all("java-opt")]
    options: list[Arg] = _conf_options(sc, action, ACTION_CONF)
    outputs: list[str] = []
    if "capture-output" in action.flags:
        options += [literal("--capture-file"), literal(ACTION_OUTPUT), Out("action_data")]
        outputs.append("action_data")
        sc.findings.append(make("OZ064", sc.loc, node=sc.node.name))
    command: list[Arg] = [
        literal("java"),
        *opts,
        literal(f"-Doozie.action.conf.xml={ACTION_CONF}"),
        literal(f"-Doozie.action.output.properties={ACTION_OUTPUT}"),
        literal("-cp"),
        literal(CLASSPATH),
        sc.value(main),
        *[sc.value(a) for a in action.all("arg")],
    ]
    sc.findings.append(make("OZ021", sc.loc, node=sc.node.name, main=main))
    _training_launch(sc, " ".join([main, *action.all("arg")]))
    comp = _step(sc, "java", "container step: java -cp lib/* main class", command, options=options)
    comp.outputs += outputs
    return comp


def effective_configuration(sc: StepContext) -> dict[str, str]:
    """The action's Hadoop configuration with Oozie's precedence: <global> job-xml, <global>
    configuration, the action's job-xml, then its own <configuration>."""
    action = sc.node.action
    assert action is not None
    conf: dict[str, str] = {}
    for layer in (sc.wf.global_job_xml, None, action.job_xml, action.configuration):
        if layer is None:
            conf.update(sc.wf.global_configuration)
        elif isinstance(layer, dict):
            conf.update(layer)
        else:
            for name in layer:
                conf.update(_job_xml(sc, name))
    return conf


def _job_xml(sc: StepContext, name: str) -> dict[str, str]:
    rel = next(
        (r for r in sc.wf.app_files if PurePosixPath(r).name == PurePosixPath(name).name), ""
    )
    text = sc.app.read(rel) if rel and sc.app is not None else None
    if not text:
        return {}
    try:
        return configuration(parse_xml(text))
    except Yarn2k8sError:
        return {}


def _conf_options(sc: StepContext, action: Action, path: str) -> list[Arg]:
    options: list[Arg] = []
    for key, value in sorted(effective_configuration(sc).items()):
        options += [literal("--conf"), literal(key), sc.value(value)]
    if options:
        options += [literal("--conf-file"), literal(path)]
    return options


_IO_KEYS = {
    "mapred.input.dir": "-input",
    "mapreduce.input.fileinputformat.inputdir": "-input",
    "mapred.output.dir": "-output",
    "mapreduce.output.fileoutputformat.outputdir": "-output",
    "mapred.mapper.class": "-mapper",
    "mapred.reducer.class": "-reducer",
    "mapred.combiner.class": "-combiner",
}


def mapreduce(sc: StepContext) -> Component:
    """<map-reduce> and <streaming>: Hadoop streaming in LocalJobRunner (mapping.md 5).

    Streaming runs its mapper/reducer commands; a Java map-reduce action is configured by
    class names, which streaming also accepts, so both run the same way in one pod.
    """
    action = sc.node.action
    assert action is not None
    streaming = action.type == "streaming"
    args: list[Arg] = [literal("-D"), literal("mapreduce.framework.name=local")]
    io: list[Arg] = []
    for key, value in sorted(effective_configuration(sc).items()):
        if key in _IO_KEYS:
            for item in (
                [v for v in value.split(",") if v] if _IO_KEYS[key] == "-input" else [value]
            ):
                io += [literal(_IO_KEYS[key]), sc.value(item)]
        else:
            args += [literal("-D"), merge([*literal(f"{key}="), *sc.value(value)])]
    for tag in ("mapper", "reducer"):
        for text in action.streaming.get(tag, []):
            io += [literal(f"-{tag}"), sc.value(text)]
    for env in action.streaming.get("env", []):
        io += [literal("-cmdenv"), sc.value(env)]
    for entry in action.all("file") + action.streaming.get("file", []):
        io += [literal("-file"), literal(f"{APP_DIR}/{_file_args([entry])[0]}")]
    code = "OZ023" if streaming else "OZ022"
    sc.findings.append(make(code, sc.loc, node=sc.node.name))
    launcher: list[Arg] = [literal("sh"), literal("-c"), literal(_STREAMING), literal("mapreduce")]
    how = "LocalJobRunner via hadoop-streaming (one pod)"
    return _step(sc, action.type, how, [*launcher, *args, *io])


def pig(sc: StepContext) -> Component:
    """<pig>: `pig -x local -f script -param K=V` (mapping.md: WARN, Spark rewrite preferred)."""
    action = sc.node.action
    assert action is not None
    command: list[Arg] = [literal("pig"), literal("-x"), literal("local")]
    for param in action.all("param"):
        command += [literal("-param"), sc.value(param)]
    command += [sc.value(a) for a in action.all("argument")]
    command += [literal("-f"), literal(PurePosixPath(action.first("script")).name)]
    sc.findings.append(make("OZ024", sc.loc, node=sc.node.name))
    return _step(sc, "pig", "container step: pig -x local (needs Pig in the image)", command)


def hive(sc: StepContext) -> Component:
    """<hive>: `spark-sql -f script --hivevar K=V --hiveconf k=v` (mapping.md: APPROX)."""
    action = sc.node.action
    assert action is not None
    command: list[Arg] = [
        literal("/opt/spark/bin/spark-sql"),
        literal("--master"),
        literal("local[*]"),
    ]
    for key, value in sorted(action.configuration.items()):
        command += [literal("--hiveconf"), merge([*literal(f"{key}="), *sc.value(value)])]
    for param in action.all("param"):
        command += [literal("--hivevar"), sc.value(param)]
    command += _script_or_query(sc, action)
    sc.findings.append(make("OZ025", sc.loc, node=sc.node.name))
    return _step(sc, "hive", "container step: spark-sql -f with the Hive metastore", command)


def _script_or_query(sc: StepContext, action: Action) -> list[Arg]:
    if action.first("query"):
        return [literal("-e"), sc.value(action.first("query"))]
    return [literal("-f"), literal(PurePosixPath(action.first("script")).name)]


def hive2(sc: StepContext) -> Component:
    """<hive2>: beeline against the action's JDBC URL (password from a Secret)."""
    action = sc.node.action
    assert action is not None
    jdbc = action.first("jdbc-url")
    command: list[Arg] = [literal("/opt/spark/bin/beeline"), literal("-u"), sc.value(jdbc)]
    secrets: list[SecretUse] = []
    if action.first("password"):
        secret = f"{_secret_prefix(sc)}-hive2"
        secrets.append(
            SecretUse(secret, path="/etc/yarn2k8s/hive2", purpose="HiveServer2 password")
        )
        command += [literal("-w"), literal("/etc/yarn2k8s/hive2/password")]
    for param in action.all("param"):
        command += [literal("--hivevar"), sc.value(param)]
    command += [sc.value(a) for a in action.all("argument")]
    command += _script_or_query(sc, action)
    sc.findings.append(make("OZ026", sc.loc, node=sc.node.name, jdbc=jdbc))
    return _step(sc, "hive2", "container step: beeline -u <jdbc-url>", command, secrets=secrets)


def _secret_prefix(sc: StepContext) -> str:
    return dns_name(sc.wf.name or "oozie", max_len=40)


def sqoop(sc: StepContext) -> Component:
    """<sqoop>: the Sqoop command kept (Sqoop is retired: WARN, Spark JDBC preferred)."""
    action = sc.node.action
    assert action is not None
    words = split_words(action.first("command")) if action.first("command") else action.all("arg")
    command: list[Arg] = [literal("sqoop")]
    secrets: list[SecretUse] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--password":  # never carry a password into the pipeline
            secret = f"{_secret_prefix(sc)}-sqoop"
            secrets.append(
                SecretUse(secret, path="/etc/yarn2k8s/sqoop", purpose="database password")
            )
            command += [literal("--password-file"), literal("file:///etc/yarn2k8s/sqoop/password")]
            skip = True
            continue
        command.append(sc.value(word))
    sc.findings.append(make("OZ027", sc.loc, node=sc.node.name))
    return _step(
        sc, "sqoop", "container step: sqoop (needs Sqoop in the image)", command, secrets=secrets
    )


def distcp(sc: StepContext) -> Component:
    """<distcp>: `hadoop distcp` in local mode inside the pod (mapping.md: APPROX)."""
    action = sc.node.action
    assert action is not None
    command: list[Arg] = [
        literal("hadoop"),
        literal("distcp"),
        literal("-Dmapreduce.framework.name=local"),
    ]
    for key, value in sorted(action.configuration.items()):
        command.append(merge([*literal(f"-D{key}="), *sc.value(value)]))
    command += [sc.value(a) for a in action.all("arg")]
    sc.findings.append(make("OZ028", sc.loc, node=sc.node.name))
    return _step(sc, "distcp", "container step: hadoop distcp (local mode)", command)


_FS_ATTRS = {
    "delete": ("path",),
    "mkdir": ("path",),
    "move": ("source", "target"),
    "touchz": ("path",),
    "setrep": ("path", "replication-factor"),
}


def fs(sc: StepContext) -> Component:
    """<fs>: delete, mkdir, move, chmod, touchz, chgrp, setrep through FsShell, in order."""
    action = sc.node.action
    assert action is not None
    options: list[Arg] = []
    perms: list[str] = []
    for op in action.ops:
        if op.op in ("chmod", "chgrp"):
            attr = "permissions" if op.op == "chmod" else "group"
            recursive = "true" if op.recursive else "false"
            options += [literal(f"--{op.op}"), sc.value(op.attrs.get("path", ""))]
            options += [sc.value(op.attrs.get(attr, "")), literal(recursive)]
            perms.append(op.op)
            continue
        names = _FS_ATTRS.get(op.op, ("path",))
        options += [literal(f"--{op.op}"), *[sc.value(op.attrs.get(n, "")) for n in names]]
        if op.op == "setrep":
            perms.append(op.op)
    if perms:
        sc.findings.append(
            make("OZ029", sc.loc, node=sc.node.name, ops=", ".join(sorted(set(perms))))
        )
    return _step(sc, "fs", "FsShell operations in order", [], options=options)


def email(sc: StepContext) -> Component:
    """<email>: to/cc/bcc/subject/body/content_type/attachment through SMTP."""
    action = sc.node.action
    assert action is not None
    args: list[Arg] = []
    for tag, flag in (
        ("to", "--to"),
        ("cc", "--cc"),
        ("bcc", "--bcc"),
        ("subject", "--subject"),
        ("body", "--body"),
        ("content_type", "--content-type"),
        ("attachment", "--attachment"),
    ):
        for value in action.all(tag):
            args += [literal(flag), sc.value(value)]
    secret = "oozie-smtp"
    keys = ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_STARTTLS")
    sc.findings.append(make("OZ030", sc.loc, node=sc.node.name, secret=secret))
    return Component(
        func=sc.func(),
        doc=f"Oozie email action `{sc.node.name}`.",
        image="WORKFLOW_IMAGE" if action.all("attachment") else "CONTROL_IMAGE",
        command=[],
        args=args,
        runner="EMAIL_RUNNER",
        secrets=[SecretUse(secret, env={k: k for k in keys}, purpose="SMTP settings")],
        kind="email",
        how="SMTP step, settings from Secret oozie-smtp",
    )


def ssh(sc: StepContext) -> Component:
    """<ssh>: the remote command re-hosted in the step's container (mapping.md: WARN)."""
    action = sc.node.action
    assert action is not None
    command_text = action.first("command")
    command: list[Arg] = [sc.value(w) for w in split_words(command_text)]
    command += [sc.value(a) for a in action.all("args") + action.all("arg")]
    host = action.first("host")
    sc.findings.append(make("OZ031", sc.loc, node=sc.node.name, command=command_text, host=host))
    _training_launch(sc, " ".join([command_text, *action.all("args"), *action.all("arg")]))
    return _step(sc, "ssh", "container step (command re-hosted from the ssh host)", command)


def git(sc: StepContext) -> Component:
    """<git>: clone the repository in the step, then copy it to the destination."""
    action = sc.node.action
    assert action is not None
    uri, branch = action.first("git-uri"), action.first("branch")
    checkout = "/tmp/git-checkout"
    command: list[Arg] = [literal("git"), literal("clone"), literal("--depth"), literal("1")]
    if branch:
        command += [literal("--branch"), sc.value(branch)]
    command += [sc.value(uri), literal(checkout)]
    options: list[Arg] = [
        literal("--put"),
        literal(checkout),
        sc.value(action.first("destination-uri")),
    ]
    secrets: list[SecretUse] = []
    secret = f"{_secret_prefix(sc)}-git"
    if action.first("key-path"):
        secrets.append(SecretUse(secret, path="/etc/yarn2k8s/git", purpose="git SSH key"))
        ssh_command = "ssh -i /etc/yarn2k8s/git/key -o StrictHostKeyChecking=accept-new"
        options += [literal("--env"), literal(f"GIT_SSH_COMMAND={ssh_command}")]
    sc.findings.append(make("OZ032", sc.loc, node=sc.node.name, uri=uri, secret=secret))
    return _step(
        sc, "git", "container step: git clone + copy", command, options=options, secrets=secrets
    )


def pipes(sc: StepContext) -> Component:
    """map-reduce <pipes>: no conversion (C++ programs); a placeholder step."""
    sc.findings.append(make("OZ033", sc.loc, node=sc.node.name))
    return placeholder_component(sc, "map-reduce pipes has no conversion")


BUILDERS: dict[str, Callable[[StepContext], Component]] = {
    "shell": shell,
    "java": java,
    "map-reduce": mapreduce,
    "streaming": mapreduce,
    "pipes": pipes,
    "pig": pig,
    "hive": hive,
    "hive2": hive2,
    "sqoop": sqoop,
    "distcp": distcp,
    "fs": fs,
    "email": email,
    "ssh": ssh,
    "git": git,
}


def unsupported(sc: StepContext) -> Component:
    """An action type with no builder: placeholder + blocking finding."""
    kind = sc.node.action.type if sc.node.action else ""
    sc.findings.append(make("OZ013", sc.loc, node=sc.node.name, type=kind or "(empty)"))
    return placeholder_component(sc, f"`{kind}` actions have no conversion")
