"""Catalogue entries: OZ Oozie workflows, coordinators and bundles; KF Kubeflow Pipelines."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- OZ: reading Oozie ----------------------------------------------------------------
    _R(
        "OZ001",
        "oozie.xml_syntax",
        "error",
        "Oozie XML cannot be parsed: {detail}",
        "Fix the XML; Oozie itself would reject this application.",
    ),
    _R(
        "OZ002",
        "oozie.xml_unsafe",
        "error",
        "Oozie XML refused: {detail}",
        "Remove entity declarations and external references from the file.",
    ),
    _R(
        "OZ003",
        "oozie.dangling_transition",
        "error",
        "node `{node}` moves to `{target}`, which the workflow does not define",
        "Fix the transition; Oozie rejects the workflow at submission.",
    ),
    _R(
        "OZ004",
        "oozie.unreachable_node",
        "info",
        "node `{node}` cannot be reached from <start>; it was not converted",
        "Delete the node from the workflow, or connect it if it was meant to run.",
    ),
    _R(
        "OZ005",
        "oozie.cycle",
        "error",
        "the workflow loops back to `{node}`; Oozie forbids cycles and the loop was cut",
        "Remove the cycle; for repeated work use a coordinator or a dsl.ParallelFor.",
    ),
    _R(
        "OZ006",
        "oozie.unstructured_fork",
        "error",
        "fork `{fork}` does not close on one join ({detail}); its paths were converted as "
        "parallel tasks without a join",
        "Give the fork a matching join, as Oozie's fork/join validation requires.",
    ),
    _R(
        "OZ007",
        "oozie.el_syntax",
        "warning",
        "EL expression cannot be parsed ({detail}); `{text}` was kept as literal text",
        "Fix the expression; Oozie would fail when it evaluates it.",
    ),
    _R(
        "OZ008",
        "oozie.job_properties",
        "info",
        "submission properties read from `{path}` ({count} values); referenced ones are "
        "pipeline parameters with these defaults",
        "Review the defaults in the README's parameter table.",
    ),
    _R(
        "OZ009",
        "oozie.folded",
        "info",
        "`{name}` folded to `{value}` at conversion time because it shapes the {what}; "
        "changing the parameter at run time does not change it",
        "Regenerate with a config `jobs` override (`parameters`) to use another value.",
    ),
    _R(
        "OZ010",
        "oozie.el_no_equivalent",
        "warning",
        "`${{{expr}}}` has no Kubeflow equivalent; it became pipeline parameter `{param}`",
        "Pass the value when you create the run (or set a default with a config override).",
    ),
    _R(
        "OZ011",
        "oozie.undefined_variable",
        "warning",
        "`${{{name}}}` is set by neither job.properties, config-default.xml nor <parameters>; "
        "it became a required pipeline parameter",
        "Pass the value when you create the run, or add it to job.properties and regenerate.",
    ),
    _R(
        "OZ012",
        "oozie.decision_folded",
        "info",
        "decision `{node}` always takes `{target}` (its predicates are constants); "
        "only that branch was converted",
        "Nothing to do, unless the predicate was meant to depend on a parameter.",
    ),
    _R(
        "OZ013",
        "oozie.unsupported_action",
        "error",
        "action `{node}` of type `{type}` has no conversion; a placeholder step keeps its "
        "original XML and fails when run",
        "Replace the placeholder step in pipeline.py with a component doing the same work.",
    ),
    _R(
        "OZ014",
        "oozie.subworkflow_unresolved",
        "error",
        "sub-workflow `{node}` ({path}) cannot be converted: {reason}; a placeholder step "
        "fails when run",
        "Add the child application to the inputs (same folder name as its app-path) and "
        "regenerate.",
    ),
    _R(
        "OZ015",
        "oozie.credentials",
        "warning",
        "credential `{name}` ({type}) fetched Hadoop delegation tokens; the steps using it "
        "mount Secret `{secret}` at {path} instead",
        "Create the Secret with a keytab or token file, and check the service is reachable.",
    ),
    _R(
        "OZ016",
        "oozie.sla",
        "info",
        "SLA definitions (<sla:info>) are not converted",
        "Recreate the alerts with your monitoring (e.g. Prometheus rules on run duration).",
    ),
    _R(
        "OZ017",
        "oozie.shell_hadoop_cli",
        "warning",
        "shell action `{node}` runs `{command}`, which needs a Hadoop client and cluster "
        "configuration in the image",
        "Add a Hadoop client to the workflow image, or rewrite the calls for the object store.",
    ),
    _R(
        "OZ018",
        "oozie.script_commands_dropped",
        "warning",
        "shell action `{node}` became a Spark step; other commands of `{script}` were not "
        "carried over: {commands}",
        "Add steps for the dropped commands if they matter (e.g. cleanup, notifications).",
    ),
    _R(
        "OZ019",
        "oozie.error_handler",
        "warning",
        "on failure, `{node}` moves to `{target}`, which recovers: the path runs from a status "
        "gate (ignore_upstream_failure), but Kubeflow still marks the run failed where Oozie "
        "succeeded",
        "Check that downstream consumers accept a failed run status after a recovered error.",
    ),
    _R(
        "OZ020",
        "oozie.error_to_end",
        "warning",
        "on failure, `{node}` moves to <end> (Oozie ends successfully); Kubeflow marks the "
        "run failed",
        "If the failure is expected, make the step tolerate it instead.",
    ),
    _R(
        "OZ021",
        "oozie.java_action",
        "info",
        "java action `{node}` runs `java ... {main}` in the workflow image with lib/ on the "
        "classpath",
        "Check the image's Java version against the cluster's.",
    ),
    _R(
        "OZ022",
        "oozie.mapreduce_local",
        "warning",
        "map-reduce action `{node}` runs in Hadoop's LocalJobRunner inside one pod "
        "(mapreduce.framework.name=local); large inputs need a Spark rewrite",
        "Add a Hadoop client to the workflow image, or rewrite the job in Spark.",
    ),
    _R(
        "OZ023",
        "oozie.streaming_pipe",
        "warning",
        "streaming action `{node}` runs `mapper | sort | reducer` on the whole input in one "
        "pod; large inputs need PySpark rdd.pipe",
        "Check input sizes; keep part-* and _SUCCESS for downstream consumers.",
    ),
    _R(
        "OZ024",
        "oozie.pig",
        "warning",
        "pig action `{node}` runs `pig -x local`; the image needs Apache Pig, and a Spark "
        "rewrite is preferred",
        "Install Pig in the workflow image (Dockerfile), or port the script to Spark SQL.",
    ),
    _R(
        "OZ025",
        "oozie.hive",
        "warning",
        "hive action `{node}` runs `spark-sql -f` against the Hive metastore; HiveQL "
        "differences and metastore access need checking",
        "Point hive-site.xml at a reachable metastore and test the script under Spark SQL.",
    ),
    _R(
        "OZ026",
        "oozie.hive2",
        "warning",
        "hive2 action `{node}` runs beeline against `{jdbc}`, which must be reachable from "
        "the cluster",
        "Check network access and authentication to HiveServer2 (or a Spark Thrift Server).",
    ),
    _R(
        "OZ027",
        "oozie.sqoop",
        "warning",
        "sqoop action `{node}` keeps its Sqoop command, but Sqoop is retired (Apache Attic); "
        "the image needs it",
        "Rewrite the transfer with Spark JDBC, or install Sqoop in the workflow image.",
    ),
    _R(
        "OZ028",
        "oozie.distcp",
        "warning",
        "distcp action `{node}` runs `hadoop distcp` in local mode inside one pod",
        "Prefer an object-store copy tool for large trees; the image needs hadoop-distcp.",
    ),
    _R(
        "OZ029",
        "oozie.fs_permissions",
        "info",
        "fs action `{node}` changes permissions or replication ({ops}); object stores ignore these",
        "Nothing to do on object stores; on HDFS the step runs them as before.",
    ),
    _R(
        "OZ030",
        "oozie.email",
        "info",
        "email action `{node}` sends through SMTP with settings from Secret `{secret}`",
        "Create the Secret with SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM.",
    ),
    _R(
        "OZ031",
        "oozie.ssh",
        "warning",
        "ssh action `{node}` ran `{command}` on `{host}`; the command now runs inside the "
        "step's container",
        "Make sure the command and what it needs exist in the workflow image.",
    ),
    _R(
        "OZ032",
        "oozie.git",
        "warning",
        "git action `{node}` clones `{uri}` in the step; the image needs git and network "
        "access to the repository",
        "Install git in the workflow image; provide the key as Secret `{secret}` if needed.",
    ),
    _R(
        "OZ033",
        "oozie.pipes",
        "error",
        "map-reduce pipes action `{node}` (C++ map/reduce) has no conversion; a placeholder "
        "step keeps its XML",
        "Port the program, e.g. to Spark with rdd.pipe.",
    ),
    _R(
        "OZ034",
        "oozie.retry",
        "info",
        "action `{node}`: retry-max {retries}, retry-interval {minutes} min became "
        'set_retry(num_retries={retries}, backoff_duration="{seconds}s")',
        "Check that the action's outputs are idempotent, as retries re-run it.",
    ),
    _R(
        "OZ035",
        "oozie.error_functions",
        "info",
        "`${{{expr}}}` reads the last error on a path where no action failed; it is empty, "
        "as in Oozie",
        "Nothing to do; inside an error handler the status gate provides the real error.",
    ),
    _R(
        "OZ036",
        "oozie.settings_dropped",
        "info",
        "Oozie setting `{name}` = `{value}` has no Kubeflow equivalent and was dropped",
        "Nothing to do unless the setting changed how jobs ran (sharelib, notifications).",
    ),
    _R(
        "OZ037",
        "oozie.kill_message",
        "info",
        "kill node `{node}` is reached on a normal path: a step prints `{message}` and fails "
        "the run",
        "Nothing to do.",
    ),
    _R(
        "OZ038",
        "oozie.spark_client_mode",
        "info",
        "spark action `{node}` ran with master `{master}`; the SparkApplication runs in "
        "cluster mode from the pipeline step",
        "Nothing to do unless the driver used files local to the Oozie launcher.",
    ),
    _R(
        "OZ039",
        "oozie.script_missing",
        "warning",
        "action `{node}` uses `{path}`, which is not among the inputs; the image will not "
        "contain it",
        "Add the file to the application folder (or lib/) and regenerate.",
    ),
    _R(
        "OZ040",
        "oozie.no_start",
        "error",
        "the workflow's <start> points to `{target}`, which does not exist; nothing to run",
        "Fix <start to=...>.",
    ),
    _R(
        "OZ041",
        "oozie.too_many_nodes",
        "error",
        "the workflow has more than {limit} nodes; the rest were not read",
        "Split the workflow into sub-workflows.",
    ),
    _R(
        "OZ042",
        "oozie.duplicate_node",
        "error",
        "node name `{node}` is defined twice; the last definition was used",
        "Rename one of the nodes; Oozie rejects duplicate names.",
    ),
    _R(
        "OZ043",
        "oozie.app_file",
        "info",
        "file of the Oozie application `{workflow}`; converted with that workflow",
        "Nothing to do.",
    ),
    # --- OZ: coordinators and bundles --------------------------------------------------------
    _R(
        "OZ050",
        "oozie.coord_schedule",
        "info",
        "coordinator frequency `{frequency}` became {schedule}",
        "Check the first runs against the Oozie schedule.",
    ),
    _R(
        "OZ051",
        "oozie.coord_timezone",
        "warning",
        "coordinator time zone `{tz}` is not UTC: the cron was converted to UTC at the start "
        "date ({offset}); after a daylight-saving change runs happen one hour off",
        "Use `yarn2k8s.schedule: cronjob` (config `jobs` parameters) to keep the time zone "
        "with a CronJob, or adjust the cron twice a year.",
    ),
    _R(
        "OZ052",
        "oozie.coord_cron_feature",
        "warning",
        "cron field `{field}`: `{feature}` has no equivalent in the target cron (robfig, no "
        "Quartz L/W/#, months without that day are skipped); approximated as `{approx}`",
        "Check the schedule, or add a date check as the pipeline's first step.",
    ),
    _R(
        "OZ053",
        "oozie.coord_sensor",
        "info",
        "input event `{event}` waits for `{flag}` under dataset `{dataset}` in a sensor step "
        "before the workflow runs",
        "Check that the data lands where the sensor looks (after storage rewrites).",
    ),
    _R(
        "OZ054",
        "oozie.coord_latest",
        "warning",
        "`{expr}` (resolved when data appears) was approximated by the nominal instance",
        "Check that the expected instance is the one produced on time.",
    ),
    _R(
        "OZ055",
        "oozie.coord_workflow_unresolved",
        "error",
        "the coordinator's workflow `{path}` cannot be converted: {reason}",
        "Add the workflow application to the inputs and regenerate.",
    ),
    _R(
        "OZ056",
        "oozie.coord_execution",
        "info",
        "execution `{execution}` and concurrency {concurrency} became catchup={catchup}, "
        "max-concurrency {concurrency}",
        "Nothing to do.",
    ),
    _R(
        "OZ057",
        "oozie.coord_unsupported",
        "warning",
        "coordinator feature {what} is not converted",
        "Recreate it by hand in the pipeline (e.g. a sensor step).",
    ),
    _R(
        "OZ058",
        "oozie.coord_frequency",
        "error",
        "coordinator frequency `{frequency}` cannot be evaluated ({detail}); no schedule "
        "was written",
        "Use a literal frequency or a coord:minutes/hours/days/months call.",
    ),
    _R(
        "OZ059",
        "oozie.coord_hcatalog",
        "warning",
        "dataset `{dataset}` is an HCatalog table ({uri}); the sensor cannot wait for it and "
        "the coord:* table functions became parameters",
        "Wait for the partition with a metastore query step, or move the table to files.",
    ),
    _R(
        "OZ060",
        "oozie.coord_window",
        "info",
        "coordinator start `{start}` and end `{end}` became the recurring run's start-time "
        "and end-time",
        "Move the window if the migration happens after the original start.",
    ),
    _R(
        "OZ061",
        "oozie.bundle",
        "info",
        "bundle of {count} coordinator(s): each has a recurring run in bundle.yaml and its "
        "own folder",
        "Create the recurring runs together (see the README).",
    ),
    _R(
        "OZ062",
        "oozie.bundle_coordinator_unresolved",
        "error",
        "bundle coordinator `{name}` ({path}) cannot be converted: {reason}",
        "Add the coordinator application to the inputs and regenerate.",
    ),
    _R(
        "OZ063",
        "oozie.coord_cronjob",
        "info",
        "the schedule keeps time zone `{tz}` as a {kind} (by config), instead of a KFP "
        "recurring run",
        "Apply k8s/ with kustomize; the CronJob needs the KFP endpoint in its Secret.",
    ),
    _R(
        "OZ065",
        "oozie.coord_window_unresolved",
        "warning",
        "coordinator {what} `{value}` cannot be resolved from the properties; the recurring "
        "run {effect}",
        "Set the value in job.properties (or a config `jobs` override) and regenerate.",
    ),
    _R(
        "OZ066",
        "oozie.error_handler_kill",
        "info",
        "on failure, `{node}` runs its handler `{target}` from a status gate "
        "(ignore_upstream_failure), then the run fails, as in Oozie",
        "Nothing to do.",
    ),
    _R(
        "OZ064",
        "oozie.capture_output",
        "info",
        "action `{node}` captures its output (stdout, or for java the "
        "oozie.action.output.properties file; up to 2 KB, as Oozie): the step's `action_data` "
        "output, read by wf:actionData",
        "Nothing to do.",
    ),
    # --- KF: Kubeflow Pipelines ------------------------------------------------------------
    _R(
        "KF001",
        "kfp.too_large",
        "error",
        "the pipeline is too large to compile ({detail}, limit {limit}); pipeline.yaml was "
        "not written",
        "Split the workflow into sub-workflows, or raise the limit if it is genuine.",
    ),
    _R(
        "KF002",
        "kfp.not_installed",
        "error",
        "the kfp SDK is not installed; pipeline.py was written but not compiled",
        "Install `yarn2k8s[kfp]` and regenerate (or run `python pipeline.py`).",
    ),
    _R(
        "KF003",
        "kfp.compile_failed",
        "error",
        "kfp could not compile the pipeline: {detail}",
        "Report the workflow as a bug; pipeline.py shows what was generated.",
    ),
    _R(
        "KF004",
        "kfp.workflow_image",
        "info",
        "steps running the application's own code use image `{image}`, built from this "
        "folder's Dockerfile",
        "Build and push the image before the first run (see the README).",
    ),
    _R(
        "KF005",
        "kfp.spark_rbac",
        "info",
        "Spark steps create SparkApplications in namespace `{namespace}`: run the pipeline as "
        "ServiceAccount `{account}` (k8s/)",
        "Apply k8s/ and set the run's service account.",
    ),
    _R(
        "KF006",
        "kfp.secret",
        "info",
        "steps read Secret `{secret}` ({purpose})",
        "Create the Secret in the run's namespace before the first run.",
    ),
    _R(
        "KF007",
        "kfp.caching_off",
        "info",
        "caching is disabled on every step: Oozie actions have side effects and re-run each time",
        "Enable caching per step only where a step is a pure function of its inputs.",
    ),
)
