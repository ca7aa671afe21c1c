"""Catalogue entries: MR MapReduce and streaming; BJ shell and Java batch jobs; YS YARN services,
Slider, Skein; QU queues, tenancy and cluster configuration."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- MR: MapReduce, streaming, DistributedShell -----------------------------------------
    _R(
        "MR001",
        "mr.local_runner",
        "info",
        "runs in one pod with Hadoop's LocalJobRunner, its {maps} map and {reduces} reduce "
        "task(s) a few at a time, where YARN ran them in parallel containers",
        "Fine for small inputs; for large data see the Spark rewrite advice, or raise the pod's "
        "CPU and `mapreduce.local.map.tasks.maximum`.",
    ),
    _R(
        "MR002",
        "mr.spark_rewrite",
        "warning",
        "Java MapReduce driver `{main}` runs unchanged in a LocalJobRunner pod, which only suits "
        "small inputs; for large data rewrite it in Spark",
        "Port the mapper and reducer to Spark (`newAPIHadoopFile`, DataFrames) and convert it as "
        "a SparkApplication.",
    ),
    _R(
        "MR003",
        "mr.streaming_spark",
        "info",
        "streaming job with reducers runs in one LocalJobRunner pod; for large inputs the same "
        "scripts run under PySpark as `rdd.pipe(mapper)` -> sort by key -> `pipe(reducer)`",
        "Keep the Job for small data; rewrite with `RDD.pipe` when the input is large.",
    ),
    _R(
        "MR004",
        "mr.map_only_indexed",
        "info",
        "map-only streaming job becomes an Indexed Job of {n} pod(s): pod i runs the mapper over "
        "every input file whose position modulo {n} is i and writes `part-m-<i>`",
        "Check that the mapper does not depend on how Hadoop split the input.",
    ),
    _R(
        "MR005",
        "mr.indexed_no_success",
        "warning",
        "the Indexed Job writes `part-m-*` files but no `_SUCCESS` marker (no pod knows the others "
        "finished)",
        "Have downstream consumers wait for the Job's completion instead of `_SUCCESS`.",
    ),
    _R(
        "MR006",
        "mr.unknown_option",
        "warning",
        "unknown option `{option}` was passed through unchanged",
        "Check the option is valid for the program.",
    ),
    _R(
        "MR007",
        "mr.nothing_to_run",
        "error",
        "the command names no jar, program or shell command to run",
        "Check the script: the command may be built at run time.",
    ),
    _R(
        "MR008",
        "mr.streaming_incomplete",
        "error",
        "streaming job lacks `-input`, `-output` or `-mapper`",
        "Complete the command; hadoop-streaming refuses to run without them.",
    ),
    _R(
        "MR009",
        "mr.wrapper_assumed",
        "warning",
        "`{command}` is not defined in this script; read as a wrapper running `hadoop jar {jar}`",
        "Check what the wrapper adds (options, environment) and set it on the Job.",
    ),
    _R(
        "MR010",
        "mr.manual_feature",
        "warning",
        "job uses {feature} (`{key}`), which needs a manual port in any rewrite",
        "Keep it on the LocalJobRunner Job, or port the feature by hand.",
    ),
    _R(
        "MR011",
        "mr.conf_dump",
        "warning",
        "a job configuration dump records neither the driver nor its arguments: running "
        "`{main}` with `${{ARGS}}` to fill in",
        "Set the arguments under `jobs: [{{match: <glob>, parameters: {{ARGS: ...}}}}]`, or "
        "convert the script that submitted the job instead.",
    ),
    _R(
        "MR012",
        "mr.image_program",
        "info",
        "`{program}` runs from the image's own `{jar}` (Hadoop {version})",
        "Results of benchmarks (teragen/terasort, TestDFSIO) are not comparable with the "
        "cluster's: storage and network differ.",
    ),
    _R(
        "MR013",
        "mr.indexed_formats",
        "warning",
        "the Indexed Job's shard runner reads text lines and ignores {options}",
        "Use the LocalJobRunner form (set `-numReduceTasks 1`) or port the formats.",
    ),
    _R(
        "MR014",
        "mr.distributed_shell",
        "info",
        "DistributedShell: `{command}` runs in {n} pod(s) of an Indexed Job",
        "Nothing to do.",
    ),
    # --- BJ: shell and Java batch jobs ------------------------------------------------------
    _R(
        "BJ001",
        "batch.shell_script",
        "info",
        "script `{path}` runs as a batch Job with the script baked into the image",
        "Check the commands it runs exist in the image (see the Dockerfile).",
    ),
    _R(
        "BJ002",
        "batch.cron_command",
        "info",
        "crontab command runs unchanged under `bash -c` in the Job's pod: `{command}`",
        "Check every program it calls exists in the image.",
    ),
    _R(
        "BJ003",
        "batch.cluster_admin",
        "info",
        "script administers the Hadoop cluster (`{command}`); it has no Kubernetes job",
        "Nothing to convert: the cluster it manages is being replaced.",
    ),
    _R(
        "BJ004",
        "batch.cron_no_schedule",
        "warning",
        "schedule `{when}` has no CronJob equivalent; nothing was generated for this line",
        "Run it as an init step or a one-off Job instead.",
    ),
    _R(
        "BJ005",
        "batch.output_redirect",
        "info",
        "output is redirected to `{target}`, which disappears with the pod",
        "Drop the redirection and read the pod's logs, or write to a volume.",
    ),
    _R(
        "BJ006",
        "batch.cron_spark_inside",
        "warning",
        "the line runs spark-submit inside a compound command; it runs as a shell Job, not a "
        "SparkApplication",
        "Move the spark-submit to its own line (or script) so it converts to a SparkApplication.",
    ),
    _R(
        "BJ007",
        "batch.cron_user",
        "info",
        "the line ran as user `{user}`; the pod runs as uid 1000",
        "Check file permissions and HDFS access for the new identity.",
    ),
    _R(
        "BJ008",
        "batch.hdfs_call",
        "warning",
        "`{command}` (line {line}) needs HDFS: pods need `hadoop-conf`, a network path to the "
        "NameNode and DataNodes, and Kerberos if enabled",
        "Add a `storage:` rewrite to move the data, or open the network path to HDFS.",
    ),
    _R(
        "BJ009",
        "batch.hdfs_call_mapped",
        "info",
        "`{command}` (line {line}) has an object-store equivalent by the storage map: `{mapped}`",
        "Update the script, or keep HDFS reachable from the pods.",
    ),
    _R(
        "BJ010",
        "batch.yarn_runtime_env",
        "info",
        "`{key}` only configured YARN's container runtime; dropped (the pod's image and "
        "mounts replace it)",
        "Nothing to do.",
    ),
    _R(
        "BJ011",
        "batch.java_main",
        "info",
        "Java program `{main}` ({n} argument(s)) runs as a batch Job",
        "Check the class path entries are in the image (see the Dockerfile).",
    ),
    _R(
        "BJ012",
        "batch.image_unpinned",
        "warning",
        "image `{image}` is not pinned to a version",
        "Pin a tag (and digest) before running it.",
    ),
    _R(
        "BJ013",
        "batch.retries",
        "info",
        "YARN retried a failed run {attempts} time(s) in all; the Job's backoffLimit is {limit}",
        "Check the job is idempotent (outputs are overwritten or cleaned first).",
    ),
    _R(
        "BJ014",
        "batch.genie_command",
        "info",
        "Genie command definition (`{executable}`): Genie jobs bring their own arguments; no "
        "job is defined here",
        "Convert the job submissions themselves (their scripts or spark-submit lines).",
    ),
    _R(
        "BJ015",
        "batch.sparkmagic",
        "info",
        "sparkmagic configuration: notebooks ran Spark through the Livy server at `{url}`",
        "Point the notebooks at a Livy or Spark Connect server running on Kubernetes.",
    ),
    _R(
        "BJ016",
        "batch.scheduled_elsewhere",
        "info",
        "script `{script}` also runs from crontab line `{cron_source}` (job `{cron}`), which owns "
        "the schedule; this Job is left out of the root kustomization so the work does not run "
        "twice",
        "For a one-off run use `kubectl create job --from=cronjob/<cron job>`, or apply this "
        "Job's `k8s/` folder by hand.",
    ),
    # --- YS: YARN services, Slider, Skein ---------------------------------------------------
    _R(
        "YS001",
        "service.component",
        "info",
        "component `{component}` becomes a {kind} with {n} replica(s)",
        "Nothing to do.",
    ),
    _R(
        "YS002",
        "service.identity",
        "info",
        "component `{component}` addresses its instances by name: StatefulSet with headless "
        "Service `{service}` (`<name>-<i>.{service}`)",
        "Update clients that used YARN Registry DNS names.",
    ),
    _R(
        "YS003",
        "service.image_unpinned",
        "warning",
        "component `{component}`: image `{image}` is not pinned to a version",
        "Pin a tag (and digest) in the service spec or in the generated manifest.",
    ),
    _R(
        "YS004",
        "service.build_image",
        "warning",
        "component `{component}`: artifact `{artifact}` has to be built into image `{image}`",
        "Put the artifact in the build context (see the Dockerfile) and build the image.",
    ),
    _R(
        "YS005",
        "service.lifetime",
        "info",
        "service lifetime of {seconds}s has no equivalent for long-running workloads; dropped",
        "Delete the workloads when they are no longer needed.",
    ),
    _R(
        "YS006",
        "service.am_properties",
        "info",
        "service-level `configuration.properties` tuned the YARN service AM; dropped",
        "Nothing to do.",
    ),
    _R(
        "YS007",
        "service.config_file_source",
        "warning",
        "component `{component}`: config file `{dest}` comes from `{src}`, which is not among "
        "the inputs; its ConfigMap key is empty",
        "Put the file's content in the ConfigMap.",
    ),
    _R(
        "YS008",
        "service.placement",
        "warning",
        "component `{component}`: placement constraint `{constraint}` is approximated by {how}",
        "Check the scheduling behaviour on the target cluster.",
    ),
    _R(
        "YS009",
        "service.quicklinks",
        "info",
        "quicklink `{name}` (`{url}`) has no Ingress generated",
        "Expose the Service through your Ingress or Gateway.",
    ),
    _R(
        "YS010",
        "service.kerberos",
        "warning",
        "the service ran with a Kerberos principal; pods need a keytab Secret and a reachable KDC",
        "Create the keytab Secret and mount it, with krb5.conf from the `krb5-conf` ConfigMap.",
    ),
    _R(
        "YS011",
        "service.privileged",
        "error",
        "component `{component}` ran privileged; pods here use the restricted profile",
        "Remove the need for privileges, or grant them deliberately in the manifest.",
    ),
    _R(
        "YS012",
        "service.dependencies",
        "info",
        "component `{component}` waits for {deps} with an init container (YARN started "
        "dependencies first)",
        "Nothing to do.",
    ),
    _R(
        "YS013",
        "service.no_port",
        "info",
        "component `{component}` declares no port; no Service was generated for it",
        "Add a Service if clients connect to it.",
    ),
    _R(
        "YS014",
        "service.slider_agent",
        "warning",
        "component `{component}` was started by Slider agent script `{script}`, which does not "
        "exist on Kubernetes",
        "Give the image a command that starts the application (see its Dockerfile).",
    ),
    _R(
        "YS015",
        "service.allocated_port",
        "warning",
        "`{key}` used a port YARN allocated at run time; pods need a fixed port",
        "Choose a port, set it in the config file and add it to the Service.",
    ),
    _R(
        "YS016",
        "service.secret_dropped",
        "warning",
        "secret value of `{key}` was removed from the generated configuration",
        "Provide it from a Secret (mounted file or environment variable).",
    ),
    _R(
        "YS017",
        "service.archive_baked",
        "info",
        "component `{component}`: `{file}` is unpacked into the image at `{dest}`",
        "A conda-pack environment needs `conda-unpack` once unpacked; rebuilding it is safer.",
    ),
    _R(
        "YS018",
        "service.dask_yarn",
        "info",
        "dask-yarn configuration (workers: {count} x {memory}); Dask clusters on Kubernetes are "
        "started by dask-kubernetes, not from this file",
        "Install the dask-kubernetes operator and carry these sizes into its DaskCluster spec.",
    ),
    _R(
        "YS019",
        "service.restart_policy",
        "info",
        "component `{component}` with restart policy {policy} becomes a Job (restartPolicy "
        "{restart})",
        "Nothing to do.",
    ),
    _R(
        "YS020",
        "service.instance_variable",
        "warning",
        "component `{component}`: {dest} uses `{variable}`, known only when a pod starts; it is "
        "kept unexpanded",
        "Expand it at container start (e.g. `envsubst`) from the pod's POD_NAME/POD_IP variables.",
    ),
    _R(
        "YS021",
        "service.skein_service",
        "info",
        "Skein service `{component}` becomes a Deployment (restarted whenever it exits)",
        "If the service is meant to finish, make it a Job.",
    ),
    _R(
        "YS022",
        "service.resource_profile",
        "warning",
        "resource profile `{profile}` is defined in the cluster's resource-profiles.json; the "
        "component's own sizes were used",
        "Set the component's CPU and memory explicitly.",
    ),
    _R(
        "YS023",
        "service.slider_sibling",
        "info",
        "`{file}` is read as part of the Slider package described by `{anchor}`",
        "Nothing to do.",
    ),
    _R(
        "YS024",
        "service.base_image",
        "warning",
        "component `{component}` ran in the NodeManager's own environment; it runs in `{image}`",
        "Check the programs it starts exist in that image, or build one.",
    ),
    # --- QU: queues, tenancy and cluster configuration --------------------------------------
    _R(
        "QU001",
        "queues.converted",
        "info",
        "{leaves} leaf queue(s) became {what}",
        "Apply the objects under `queues/` before the jobs that use them.",
    ),
    _R(
        "QU002",
        "queues.cluster_totals",
        "warning",
        "quotas are cut from {origin} of {cpu} CPU, {memory} MiB memory, {gpu} GPU(s)",
        "Set `cluster.resources` (cpu, memory, nvidia.com/gpu) to the target cluster's size.",
    ),
    _R(
        "QU003",
        "queues.no_equivalent",
        "info",
        "`{key}` = `{value}` has no {target} equivalent; dropped",
        "Enforce it another way (admission policy, namespace ResourceQuota) if it matters.",
    ),
    _R(
        "QU004",
        "queues.acl",
        "info",
        "queue `{queue}`: ACL `{acl}` becomes RoleBinding `{binding}` in namespace `{namespace}`",
        "Check the user and group names match your Kubernetes identities.",
    ),
    _R(
        "QU005",
        "queues.templated",
        "warning",
        "scheduler configuration is a template; its queues are only known once it is filled",
        "Render the template with the cluster's values and convert the result.",
    ),
    _R(
        "QU006",
        "queues.capacity_sum",
        "warning",
        "children of `{parent}` add up to {total}% of it, not 100% (YARN refuses that)",
        "Fix the capacities; quotas were cut from the percentages as written.",
    ),
    _R(
        "QU007",
        "queues.stopped",
        "info",
        "queue `{queue}` is STOPPED: its ClusterQueue is put on hold (`stopPolicy: Hold`)",
        "Nothing to do.",
    ),
    _R(
        "QU008",
        "queues.mappings",
        "info",
        "queue mappings `{value}` pick queues by user or group; on Kubernetes the namespace "
        "picks the LocalQueue",
        "Map teams to namespaces under `queues:` in the config.",
    ),
    _R(
        "QU009",
        "queues.no_tree",
        "info",
        "scheduler configuration defines no queues below root",
        "Nothing to do.",
    ),
    _R(
        "QU010",
        "cluster.config_file",
        "info",
        "`{file}` configures the YARN daemons; pods need no object from it",
        "See the notes on this file, if any.",
    ),
    _R(
        "QU011",
        "cluster.gpu",
        "info",
        "GPU scheduling (`{key}`): install the NVIDIA device plugin; `yarn.io/gpu` requests "
        "become `nvidia.com/gpu` limits",
        "Deploy the NVIDIA GPU Operator or device plugin on the GPU nodes.",
    ),
    _R(
        "QU012",
        "cluster.gpu_runtime",
        "info",
        "GPU containers used `{plugin}`; on Kubernetes the NVIDIA container toolkit does this",
        "Install the NVIDIA container toolkit (the GPU Operator does).",
    ),
    _R(
        "QU013",
        "cluster.node_labels",
        "info",
        "YARN node labels are enabled: label the matching Kubernetes nodes and map each label "
        "under `node_labels:` in the config",
        "Taint the nodes of exclusive partitions, so only workloads that tolerate it land there.",
    ),
    _R(
        "QU014",
        "cluster.node_size",
        "info",
        "each NodeManager offered {memory} MB and {vcores} vcores to containers",
        "Size the node pools to match, and set `cluster.resources` to the total.",
    ),
    _R(
        "QU015",
        "cluster.spark_shuffle",
        "info",
        "the Spark external shuffle service ran as a NodeManager aux-service; Kubernetes has none",
        "Spark jobs use shuffle tracking instead (see their conversion).",
    ),
    _R(
        "QU016",
        "cluster.log_aggregation",
        "info",
        "YARN aggregated container logs to HDFS; pods log to stdout",
        "Ship pod logs with your log collector.",
    ),
    _R(
        "QU017",
        "cluster.site_merged",
        "info",
        "`{file}` is merged into the `hadoop-conf` ConfigMap written from `{anchor}`",
        "Nothing to do.",
    ),
    _R(
        "QU018",
        "cluster.site_secret",
        "warning",
        "secret value of `{key}` was left out of the `hadoop-conf` ConfigMap",
        "Provide it through a Hadoop credential provider (JCEKS file from a Secret).",
    ),
    _R(
        "QU019",
        "cluster.privileged_docker",
        "info",
        "the YARN Docker runtime allowed privileged containers; pods here use the restricted "
        "profile",
        "Grant privileges per workload only where they are really needed.",
    ),
    _R(
        "QU020",
        "queues.tuning_dropped",
        "info",
        "scheduler-wide tuning has no equivalent and was dropped: {keys}",
        "Nothing to do.",
    ),
    _R(
        "QU021",
        "queues.no_capacity",
        "warning",
        "queue `{queue}` has no capacity; it gets no guaranteed quota",
        "Set its capacity.",
    ),
    _R(
        "QU022",
        "queues.fair_settings",
        "info",
        "Fair Scheduler settings; the queues live in allocation file `{file}`, converted when it "
        "is among the inputs",
        "Add the allocation file to the inputs.",
    ),
    _R(
        "QU023",
        "queues.no_namespace",
        "info",
        "no namespace is mapped to queue `{queue}` under `queues:`; its LocalQueue is in "
        "`{namespace}`",
        "Map the queue to its team's namespace in the config.",
    ),
    _R(
        "QU024",
        "queues.partition_totals",
        "warning",
        "node-label partition `{label}` has no size (`cluster.resources` `{label}/cpu`, "
        "`{label}/memory`...); its quotas were left out",
        "Set the partition's size in the config.",
    ),
    _R(
        "QU025",
        "queues.everyone",
        "info",
        "queue `{queue}` accepts everyone (`*`); no RoleBinding restricts its namespace",
        "Nothing to do unless the cluster's RBAC should narrow it.",
    ),
    _R(
        "QU026",
        "queues.max_apps",
        "info",
        "queue `{queue}`: `maxapplications` {n} carried over",
        "Nothing to do.",
    ),
    _R(
        "QU028",
        "queues.cluster_known",
        "info",
        "quotas are cut from {origin}: {cpu} CPU, {memory} MiB memory, {gpu} GPU(s)",
        "Check these match the target cluster's size.",
    ),
    _R(
        "QU029",
        "queues.estate_tree_clash",
        "warning",
        "another queue tree of this estate, `{owner}` (from `{owner_source}`), already defines "
        "its ClusterQueues, Cohorts and ResourceFlavors, which are cluster-scoped; `{folder}` is "
        "left out of the root kustomization",
        "A cluster runs one queue configuration: apply the folder to its own cluster, or drop "
        "the tree that is not in use. The tree kept is the one most jobs' queues name (then the "
        "first by source path).",
    ),
    _R(
        "QU027",
        "cluster.configmap",
        "info",
        "ConfigMap `{name}` holds {files}; mount it where the jobs read them",
        "Batch Jobs mount `hadoop-conf` at /etc/hadoop/conf; Spark uses `hadoopConfigMap`.",
    ),
)
