"""Catalogue entries for the core: YK tool and inputs, SP spark-submit, RS resources and queues,
DA data paths, SE secrets and Kerberos, DF Dockerfiles, KM manifests."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- YK: the tool and its inputs ------------------------------------------------------
    _R(
        "YK001",
        "input.unreadable",
        "error",
        "cannot read input: {reason}",
        "Check that the file exists and is readable; the rest of the batch was converted.",
    ),
    _R(
        "YK002",
        "input.too_large",
        "error",
        "input is {size} bytes, over the {limit}-byte limit",
        "Split the file, or raise `limits.max_file_bytes` in the config if it is genuine.",
    ),
    _R(
        "YK003",
        "input.binary",
        "warning",
        "input looks binary ({reason}); it was not read",
        "Remove it from the inputs, or check that it is the file you meant.",
    ),
    _R(
        "YK004",
        "input.unrecognized",
        "info",
        "not recognized as a job, workflow or configuration input; nothing was converted from it",
        "Nothing to do if the file is unrelated; otherwise open an issue with a sample.",
    ),
    _R(
        "YK005",
        "shell.unterminated_quote",
        "error",
        "unterminated quote opened here; the rest of the script was read as one word",
        "Fix the quoting in the script; the commands after it may be wrong.",
    ),
    _R(
        "YK006",
        "shell.missing_continuation",
        "warning",
        "line looks like the continuation "
        "of the previous command but the previous line has no trailing backslash; joined",
        "Check the script: as written, the shell runs this line as a separate command.",
    ),
    _R(
        "YK007",
        "shell.cyclic_variable",
        "warning",
        "variable expansion did not converge ({detail}); the value was left unresolved",
        "Set the value under `jobs.<glob>.parameters` in the config.",
    ),
    _R(
        "YK008",
        "shell.placeholder",
        "warning",
        "`${{{name}}}` cannot be resolved statically "
        "(positional parameter, command substitution or unset variable)",
        "Set it under `jobs: [{{match: <glob>, parameters: {{{name}: ...}}}}]` in the config.",
    ),
    _R(
        "YK009",
        "input.parse_error",
        "error",
        "cannot parse input: {detail}",
        "Fix the syntax error; the rest of the batch was converted.",
    ),
    _R(
        "YK010",
        "input.no_jobs",
        "info",
        "script contains no command yarn2k8s converts",
        "Nothing to do if the script only prepares the environment.",
    ),
    _R(
        "YK011",
        "tool.internal_error",
        "error",
        "yarn2k8s failed on this input: {detail}",
        "Please report it with the input; the rest of the batch was converted.",
    ),
    _R(
        "YK012",
        "input.encoding",
        "info",
        "input is not UTF-8; read as {encoding}",
        "Nothing to do; re-save as UTF-8 to silence this.",
    ),
    _R(
        "YK013",
        "shell.unresolved_array",
        "warning",
        "array expansion cannot be followed ({detail})",
        "Set the value under `jobs.<glob>.parameters` in the config.",
    ),
    _R(
        "YK014",
        "input.too_many_commands",
        "error",
        "script has more commands than the reader's limit; the rest were skipped",
        "Split the script.",
    ),
    _R(
        "YK015",
        "tool.no_converter",
        "error",
        "no converter handles `{kind}` units yet; nothing was generated for it",
        "Convert it by hand, or open an issue with the input.",
    ),
    _R(
        "YK016",
        "input.link_outside",
        "warning",
        "symbolic link leads outside the input folder; it was not read",
        "Copy the file into the input folder if it belongs to the estate.",
    ),
    _R(
        "YK017",
        "input.unsafe_value",
        "warning",
        "{what} `{value}` holds characters that could change the structure of the output "
        "(a path, a Dockerfile line); it was not used",
        "Rename it in the source to letters, digits, `.`, `_`, `-` and `+`.",
    ),
    _R(
        "YK018",
        "cron.invalid_schedule",
        "error",
        "crontab schedule `{when}` is not valid ({detail}); nothing was generated for this line",
        "Fix the schedule: cron would never have run this line as written.",
    ),
    # --- SP: spark-submit -----------------------------------------------------------------
    _R(
        "SP001",
        "spark.master_not_yarn",
        "info",
        "master `{master}` is not YARN; converted to a Kubernetes SparkApplication all the same",
        "Check the job did not rely on "
        "a local or standalone master's behaviour (e.g. local files).",
    ),
    _R(
        "SP002",
        "spark.client_mode",
        "warning",
        "client deploy mode becomes cluster mode on "
        "the Spark Operator; the driver no longer runs on the gateway",
        "Make sure the driver does not read or write gateway-local files.",
    ),
    _R(
        "SP003",
        "spark.legacy_master",
        "warning",
        "master `{master}` was removed in Spark 3.0",
        "Nothing to do for the SparkApplication; update scripts still using it.",
    ),
    _R(
        "SP004",
        "spark.yarn_conf_dropped",
        "info",
        "`{key}` only applies to YARN and was dropped: {why}",
        "Nothing to do unless the job depended on it.",
    ),
    _R(
        "SP005",
        "spark.legacy_conf_renamed",
        "info",
        "`{old}` renamed to `{new}`",
        "Update the source scripts to the new key.",
    ),
    _R(
        "SP006",
        "spark.shuffle_service",
        "warning",
        "external shuffle service is not "
        "available on Kubernetes; `spark.shuffle.service.enabled` set to false{tracking}",
        "Check executor losses do not lose shuffle data the job needs.",
    ),
    _R(
        "SP007",
        "spark.default_executors",
        "info",
        "no executor count given; YARN's default of {n} made explicit (the operator would start 1)",
        "Set `--num-executors` explicitly if another count is wanted.",
    ),
    _R(
        "SP008",
        "spark.packages",
        "warning",
        "`--packages` are resolved by spark-submit in the "
        "operator pod: a writable ivy dir (`spark.jars.ivy=/tmp/.ivy2`) was set and the pod "
        "needs network access to the repositories",
        "Prefer baking the jars into the image.",
    ),
    _R(
        "SP009",
        "spark.no_main",
        "error",
        "spark-submit line has no application file or class to run",
        "Check the script: the command may be built at run time.",
    ),
    _R(
        "SP010",
        "spark.unknown_option",
        "warning",
        "unknown spark-submit option `{option}` was ignored",
        "Check whether the option matters and set it by hand.",
    ),
    _R(
        "SP011",
        "spark.alias_rename",
        "warning",
        "`{value}` uses YARN's `#alias` renaming, "
        "which the Spark Operator only honours for archives",
        "Rename the file in the image, or change the job to read the original name.",
    ),
    _R(
        "SP012",
        "spark.properties_file_missing",
        "warning",
        "properties file `{path}` was not found among the inputs; its settings are missing",
        "Add the file to the inputs, or set `cluster.spark_defaults` in the config.",
    ),
    _R(
        "SP013",
        "spark.defaults_applied",
        "info",
        "{count} setting(s) taken from `{path}`",
        "Nothing to do.",
    ),
    _R(
        "SP014",
        "spark.cluster_default_assumed",
        "info",
        "no `cluster:` section in the config: assumed {what}",
        "Describe the source cluster under `cluster:` in the config.",
    ),
    _R(
        "SP015",
        "spark.training_launcher",
        "info",
        "`{launcher}` distributed training is "
        "launched through spark-submit; converted as a Spark job",
        "Consider a TFJob/MPIJob for it (issue 5 routes these).",
    ),
    _R(
        "SP016",
        "spark.shipped_env",
        "info",
        "job ships its Python environment as archive `{archive}`",
        "Bake the environment into the image (see the Dockerfile).",
    ),
    _R(
        "SP017",
        "spark.cron_time_zone",
        "info",
        "crontab schedule runs in the gateway's time zone; using `{tz}` from {source}",
        "Set `cluster.time_zone` in the config.",
    ),
    _R(
        "SP018",
        "spark.cron_not_spark",
        "info",
        "crontab line does not run a pure spark-submit; left for the batch-job converter",
        "See the batch-job conversion.",
        status="removed",  # issue 8: such lines now become batch jobs (analyzers/batch_cron.py)
    ),
    _R(
        "SP019",
        "spark.not_a_submission",
        "info",
        "spark-submit {action} is not a job submission; nothing to convert",
        "Nothing to do.",
    ),
    _R(
        "SP020",
        "spark.pyspark_python",
        "info",
        "Python interpreter `{python}` becomes the image's interpreter",
        "Make sure the image provides the same Python version.",
    ),
    _R(
        "SP021",
        "spark.driver_env_dropped",
        "info",
        "`{key}` has no effect in cluster mode and was dropped",
        "Nothing to do.",
    ),
    _R(
        "SP022",
        "spark.hive_support",
        "warning",
        "job uses a Hive metastore (`{key}`); pods must reach it and need hive-site.xml",
        "Provide hive-site.xml through "
        "`hadoopConfigMap` and open the network path to the metastore.",
    ),
    _R(
        "SP023",
        "spark.main_unresolved",
        "error",
        "the application file `{main}` cannot be resolved statically, so no SparkApplication "
        "was written",
        "Set the value under `jobs: [{{match: <glob>, parameters: {{...}}}}]` in the config and "
        "convert again.",
    ),
    _R(
        "SP024",
        "spark.defaults_configmap",
        "info",
        "spark-defaults.conf became ConfigMap `{name}` (SPARK_CONF_DIR, `sparkConfigMap` of the "
        "jobs that read it): {kept} key(s) translated as in sparkConf, {dropped} left out "
        "(fields, YARN-only or secret)",
        "Nothing to do: sparkConf carries the same values and wins over the file.",
    ),
    _R(
        "SP025",
        "spark.defaults_secret",
        "warning",
        "secret value of `{key}` was left out of the `{name}` ConfigMap",
        "The jobs that use it read it from their Secret; give other readers a Secret too.",
    ),
    # --- RS: resources, queues, labels -----------------------------------------------------
    _R(
        "RS001",
        "resources.memory_parity",
        "info",
        "{role}: pod memory {pod} MiB would be "
        "below the YARN container's {yarn} MiB; memoryOverhead set to {overhead} MiB",
        "Lower it only with evidence (`convert --right-size`).",
    ),
    _R(
        "RS002",
        "resources.queue_label",
        "info",
        "YARN queue `{queue}` kept as a label; no "
        "batch scheduler is configured, so it has no effect",
        "Set `scheduler: kueue|yunikorn|volcano` in the config to enforce queues.",
    ),
    _R(
        "RS003",
        "resources.kueue_fixed_executors",
        "warning",
        "Kueue does not admit dynamic allocation: fixed at {n} executors (maxExecutors)",
        "Lower the count if the job does not need its peak.",
    ),
    _R(
        "RS004",
        "resources.gpu",
        "info",
        "{role}: {n} GPU(s) requested as `nvidia.com/gpu`",
        "Nodes need the NVIDIA device plugin; match CUDA to the driver.",
    ),
    _R(
        "RS005",
        "resources.node_label",
        "info",
        "{role}: node label expression `{expr}` becomes nodeSelector {selector}",
        "Label the nodes (and taint them if the YARN partition was exclusive).",
    ),
    _R(
        "RS006",
        "resources.dynamic_no_max",
        "warning",
        "dynamic allocation has no maxExecutors; capped at {n}",
        "Set `spark.dynamicAllocation.maxExecutors`.",
    ),
    _R(
        "RS007",
        "resources.node_label_complex",
        "warning",
        "node label expression `{expr}` cannot be expressed as a nodeSelector",
        "Write a nodeAffinity by hand.",
    ),
    _R(
        "RS008",
        "resources.bad_value",
        "error",
        "`{key}` has an invalid value `{value}`",
        "Fix the value in the source.",
    ),
    # --- DA: data paths --------------------------------------------------------------------
    _R(
        "DA001",
        "data.hdfs_unmapped",
        "warning",
        "HDFS path `{path}` has no storage mapping; pods must reach the NameNode and DataNodes",
        "Add a `storage:` rewrite to the config, or open the network path to HDFS.",
    ),
    _R(
        "DA002",
        "data.rewritten",
        "info",
        "`{old}` rewritten to `{new}` by the storage map",
        "Copy the data before the first run.",
    ),
    # --- SE: secrets, Kerberos and pod security --------------------------------------------
    _R(
        "SE001",
        "secret.moved",
        "info",
        "secret value for `{key}` moved to Secret "
        "`{secret}` (key `{item}`), read from environment variable `{env}`",
        "Create the Secret before applying (see the example beside the job).",
    ),
    _R(
        "SE002",
        "secret.unwirable",
        "error",
        "secret value for `{key}` cannot be read from "
        "the environment by Spark or Hadoop; it was removed from the output",
        "Change the job to read it from a file or environment variable.",
    ),
    _R(
        "SE003",
        "secret.keytab",
        "warning",
        "keytab `{keytab}` becomes Secret `{secret}` "
        "mounted at {path}; the KDC must be reachable from pods",
        "Create the Secret from the keytab and check network access to the KDC.",
    ),
    _R(
        "SE004",
        "secret.proxy_user",
        "warning",
        "job runs as proxy user `{user}`; the operator's identity must be a Hadoop proxyuser",
        "Configure `hadoop.proxyuser.*` for the submitter.",
    ),
    _R(
        "SE005",
        "security.pod_not_restricted",
        "error",
        "{kind} `{name}` {where}: {problem}, which the Pod Security Standards `restricted` "
        "profile forbids",
        "Restore the restricted securityContext (runAsNonRoot, allowPrivilegeEscalation false, "
        "capabilities drop ALL, seccomp RuntimeDefault) or justify the exception.",
    ),
    _R(
        "SE006",
        "secret.parameter",
        "warning",
        "property `{key}` holds a secret; it is not kept as a default and must be supplied "
        "when the run starts",
        "Pass it as a run parameter, or better read it from a Kubernetes Secret in the step.",
    ),
    # --- DF: Dockerfiles and build contexts ------------------------------------------------
    _R(
        "DF001",
        "docker.file_missing",
        "warning",
        "local file `{path}` was not found among the "
        "inputs; put it at `{dest}` before building the image",
        "Copy the file into the build context, or point the job at a remote copy.",
    ),
    _R(
        "DF002",
        "docker.secret_not_baked",
        "warning",
        "`{path}` looks like a key, keytab or token; it was not copied into the build context",
        "Mount it from a Kubernetes Secret at the path the job reads.",
    ),
    # --- KM: manifests ---------------------------------------------------------------------
    _R(
        "KM001",
        "manifest.name_changed",
        "info",
        "name `{old}` is not a valid Kubernetes name; using `{new}`",
        "Nothing to do.",
    ),
)
