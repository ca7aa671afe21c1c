"""Catalogue entries: TY distributed training (TonY, Submarine, XLearning, OpenPAI, Horovod); SV
model serving."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- TY: distributed training ----------------------------------------------------------
    _R(
        "TY001",
        "training.tony_conf_only",
        "info",
        "TonY job configuration ({roles}) without a command; it is read as part of the "
        "submission that names it (`--conf_file`)",
        "Nothing to do if a script submits it; otherwise add `tony.containers.command`.",
    ),
    _R(
        "TY002",
        "training.tfjob_deprecated",
        "info",
        "TFJob (training-operator v1) is deprecated upstream: Kubeflow Trainer v2 ships no "
        "TensorFlow runtime, so TensorFlow jobs stay on training-operator 1.9",
        "Keep training-operator installed for TFJobs; plan a move to a TrainJob runtime.",
    ),
    _R(
        "TY003",
        "training.no_operator",
        "warning",
        "{what} uses `{framework}`, which no Kubeflow operator runs; not converted",
        "Rewrite it for a supported framework, or run it as a JobSet/Indexed Job by hand.",
    ),
    _R(
        "TY004",
        "training.role_dropped",
        "warning",
        "role `{role}` ({n} instance(s)) has no place in a {kind}; dropped",
        "Run it as its own workload if the job needs it.",
    ),
    _R(
        "TY005",
        "training.env_shim",
        "info",
        "{launcher} gave the training processes {vars}; the pods recreate them from the "
        "operator's variables ({how})",
        "Prefer reading the operator's variables (TF_CONFIG, MASTER_ADDR, RANK) in the code.",
    ),
    _R(
        "TY006",
        "training.python_env",
        "info",
        "Python environment `{archive}` is not shipped: its packages are pinned in "
        "requirements.txt ({n} line(s), base-image packages left out) on base image `{image}`",
        "Check the pins install on the image's Python; drop what the base image already has.",
    ),
    _R(
        "TY007",
        "training.version_unknown",
        "warning",
        "{framework} version unknown: no shipped environment, requirements file or image among "
        "the inputs names it; base image `{image}` assumed",
        "Set `base_images.{framework}` in the config to the version the job was trained with.",
    ),
    _R(
        "TY008",
        "training.interpreter",
        "info",
        "interpreter `{python}` from the gateway or the shipped environment becomes the "
        "image's `python`",
        "Make sure the image's Python version matches the one the job used.",
    ),
    _R(
        "TY009",
        "training.conf_file_missing",
        "warning",
        "configuration `{path}` was not found among the inputs; roles and resources use the "
        "launcher's defaults",
        "Add the file to the inputs and convert again.",
    ),
    _R(
        "TY010",
        "training.retries",
        "warning",
        "`{key}`={n}: the launcher re-ran the whole application; {how}",
        "Check the training code resumes from its checkpoints after a pod restart.",
    ),
    _R(
        "TY011",
        "training.gang",
        "info",
        "{n} pods were gang-scheduled by {launcher}; without Kueue or Volcano they start one "
        "by one and may wait for each other",
        "Set `scheduler: kueue` (or volcano) in the config for all-or-nothing starts.",
    ),
    _R(
        "TY012",
        "training.sidecar",
        "warning",
        "{what} is not converted",
        "Run TensorBoard as a Deployment that reads the job's log directory.",
    ),
    _R(
        "TY013",
        "training.localized",
        "warning",
        "`{value}` was localized by {where} into the container; the pod does not download it",
        "Bake it into the image, or read it from the (mapped) storage URI in the code.",
    ),
    _R(
        "TY014",
        "training.staging",
        "warning",
        "XLearning {direction} `{uri}` was staged at `./{local}`; the pod does not stage it",
        "Read or write the storage URI directly, or add an init container that copies it.",
    ),
    _R(
        "TY015",
        "training.mpi_ssh",
        "info",
        "MPIJob: workers run sshd as uid {uid} on port {port} (set up in the image); the "
        "operator mounts the keys at `{path}`, so the restricted profile holds",
        "Nothing to do; keep the generated sshd setup when editing the Dockerfile.",
    ),
    _R(
        "TY016",
        "training.mpi_ssh_unchecked",
        "warning",
        "MPIJob role `{role}` runs image `{image}`, which yarn2k8s does not build: it needs "
        "sshd for a non-root user on port {port}, or the restricted profile cannot hold",
        "Build that image from the generated Dockerfile's sshd setup, or use the job image.",
    ),
    _R(
        "TY017",
        "training.framework_guessed",
        "warning",
        "framework `{framework}` guessed from `{hint}` (the configuration that named it is "
        "missing)",
        "Add the configuration file to the inputs, or check the kind of the emitted job.",
    ),
    _R(
        "TY018",
        "training.no_command",
        "error",
        "role `{role}` has no command to run",
        "Give the command (`--executes`, `tony.containers.command`, a launch command).",
    ),
    _R(
        "TY019",
        "training.source_image",
        "info",
        "role `{role}` ran in image `{image}`; {how}",
        "Check the image still exists and carries what the job needs.",
    ),
    _R(
        "TY020",
        "training.openpai_env",
        "warning",
        "command reads OpenPAI variables with no Kubernetes equivalent: {vars}",
        "Replace them with the operator's variables or a headless Service name.",
    ),
    _R(
        "TY021",
        "training.spark_launcher",
        "info",
        "`{launcher}` training launched by spark-submit stays a SparkApplication: {why}",
        "Nothing to do unless you rewrite it for a training operator.",
    ),
    _R(
        "TY022",
        "training.spark_routed",
        "info",
        "spark-submit of `{script}` only runs `{call}` on {n} Spark task(s): converted to an "
        "MPIJob that runs the function once per rank",
        "Check nothing else the driver did (after the call) is needed.",
    ),
    _R(
        "TY023",
        "training.trainjob",
        "info",
        "PyTorch job emitted as a Trainer v2 TrainJob on runtime `{runtime}` (alpha API; "
        "pod settings go through runtimePatches)",
        "Install the runtime's ClusterTrainingRuntime; pin the Trainer version.",
    ),
    _R(
        "TY024",
        "training.site_config",
        "info",
        "{what} configuration: launcher and history-server settings, no job",
        "Nothing to do; secrets it holds (keystores, keytabs) are not carried over.",
    ),
    _R(
        "TY025",
        "training.no_job_keys",
        "info",
        "TonY configuration without job settings (roles, framework, commands); nothing to convert",
        "Nothing to do.",
    ),
    _R(
        "TY026",
        "training.heredoc_unused",
        "info",
        "script writes TonY configuration `{path}` but submits no TonY job from it",
        "Convert the script that submits the job with this configuration.",
    ),
    _R(
        "TY027",
        "training.single_task",
        "info",
        "job with no distributed framework becomes a batch/v1 Job ({n} task(s){indexed})",
        "Nothing to do.",
    ),
    _R(
        "TY028",
        "training.resources_default",
        "warning",
        "`{launcher}` names no resources: each worker gets {cores} CPU(s) and {memory} MiB",
        "Set the real per-host resources in the generated manifest.",
    ),
    _R(
        "TY029",
        "training.kerberos_tokens",
        "warning",
        "TonY fetched HDFS delegation tokens for the job "
        "(`tony.application.security.enabled`); pods get no Kerberos credentials",
        "Mount a keytab Secret or a renewed token Secret, or move the data off HDFS.",
    ),
    _R(
        "TY030",
        "training.host_mount",
        "warning",
        "mount `{mount}` (host path) is not converted: the restricted profile forbids hostPath",
        "Bake the files into the image, or use a ConfigMap/PVC.",
    ),
    _R(
        "TY031",
        "training.role_mapped",
        "info",
        "{what}",
        "Nothing to do.",
    ),
    _R(
        "TY032",
        "training.role_image_kept",
        "warning",
        "role `{role}` keeps its own image `{image}` (not rebuilt): it may run as root by "
        "default, and uid {uid} may have no home there",
        "Rebuild that image from the generated Dockerfile, or use the job image.",
    ),
    _R(
        "TY033",
        "training.invalid_spec",
        "warning",
        "{what}: {detail}; not converted",
        "Fix the specification.",
    ),
    _R(
        "TY034",
        "training.hostfile",
        "info",
        "hostfile `{path}` dropped: the MPI operator writes the hostfile for the {n} worker pod(s)",
        "Nothing to do.",
    ),
    _R(
        "TY035",
        "training.xgboost_tracker",
        "warning",
        "{launcher} ran the Rabit tracker and set DMLC_* variables; in an XGBoostJob the "
        "master (RANK 0) starts the tracker from MASTER_ADDR/WORKER_ADDRS",
        "Start `RabitTracker` on rank 0 in the training code (see the XGBoostJob examples).",
    ),
    _R(
        "TY036",
        "training.secret_in_command",
        "error",
        "a secret value in the command of role `{role}` was removed from the output",
        "Pass it through an environment variable fed by a Secret.",
    ),
    _R(
        "TY037",
        "training.schedule_dropped",
        "warning",
        "the job ran on schedule `{cron}`; training jobs are emitted unscheduled",
        "Start it from a CronJob or a KFP recurring run.",
    ),
    _R(
        "TY038",
        "training.launches_itself",
        "warning",
        "{what} starts {framework} itself from its command (`{command}`); the launch inside "
        "the container is what to convert; not converted",
        "Add the script it runs (its spark-submit or mpirun line) to the inputs.",
    ),
    # --- TY039-TY045: train-to-serve pipelines (config `pipelines:`, Oozie workflows) --------
    _R(
        "TY039",
        "training.chain_unresolved",
        "error",
        "train-serve pipeline `{chain}`: {step} `{ref}` {reason}; the pipeline is not emitted",
        "Name exactly one converted job (its name in report.md, or a glob on its source path).",
    ),
    _R(
        "TY040",
        "training.chain_wrong_kind",
        "error",
        "train-serve pipeline `{chain}`: {step} `{ref}` is `{unit}`, a {kind} job; a {step} "
        "step needs {wanted}; the pipeline is not emitted",
        "Point the reference at a job of the right kind.",
    ),
    _R(
        "TY041",
        "training.chain_model_unknown",
        "warning",
        "train-serve pipeline `{chain}`: training job `{unit}` names no model output ({looked}); "
        "the pipeline parameter `model_uri` defaults to `{uri}`",
        "Set `model_uri` on the chain in the config, or pass it when starting a run.",
    ),
    _R(
        "TY042",
        "training.chain_pipeline",
        "info",
        "train-serve pipeline `{chain}`: {steps}; InferenceService `{isvc}` serves the trained "
        "model at `{uri}` ({origin}), run as ServiceAccount `{account}`",
        "Apply the folder's k8s/ (runner RBAC), then upload pipeline.yaml and run it as that "
        "account.",
    ),
    _R(
        "TY043",
        "training.chain_members_standalone",
        "info",
        "train-serve pipeline `{chain}` runs {jobs} itself, so their own folders' manifests are "
        "left out of the root kustomization: applying the estate does not run them a second "
        "time, outside the pipeline",
        "Run the pipeline; a job's own k8s/ folder still applies alone for a one-off run.",
    ),
    _R(
        "TY044",
        "training.workflow_launch",
        "warning",
        "Oozie action `{node}` launches distributed training ({launcher}); it is converted as a "
        "generic step that needs {launcher} and YARN in the workflow image, not as a Kubeflow "
        "training job",
        "Convert the launch script on its own (outside the Oozie application folder, where it "
        "is read as the workflow's file) and chain the training job under `pipelines:` in the "
        "config, or replace the step.",
    ),
    _R(
        "TY045",
        "training.workflow_train_step",
        "info",
        "Oozie action `{node}` launches {launcher} training: the pipeline step `{step}` creates "
        "{kind} `{name}` (run-unique name), waits for Succeeded or Failed and outputs the "
        "trained model's URI `{uri}` ({origin}){serve}",
        "Build and push the training image from {context} (build.sh does) and run the "
        "pipeline as its runner ServiceAccount (k8s/), which may create {kind}s.",
    ),
    # --- SV: model serving -----------------------------------------------------------------
    _R(
        "SV001",
        "serving.isvc",
        "info",
        "model served by a KServe InferenceService (`{format}` runtime) from `{uri}`",
        "Check the runtime version matches the library the model was saved with.",
    ),
    _R(
        "SV002",
        "serving.spark_ml",
        "warning",
        "Spark ML model `{path}` has no KServe serving runtime; it stays batch scoring as a "
        "SparkApplication",
        "Export it to ONNX (onnxmltools) or write a custom predictor to serve it online.",
    ),
    _R(
        "SV003",
        "serving.custom_code",
        "warning",
        "web app `{file}` wraps the model in its own code (routes {routes}); the `{format}` "
        "runtime serves the model alone on the V1/V2 inference protocol",
        "Move pre- and post-processing into a KServe transformer or a custom kserve.Model.",
    ),
    _R(
        "SV004",
        "serving.pickle",
        "warning",
        "`{path}` is a pickle, served with the sklearn runtime: it must hold a scikit-learn "
        "estimator saved with the runtime's scikit-learn version",
        "Pin the sklearn runtime version, or re-save the model with the runtime's version.",
    ),
    _R(
        "SV005",
        "serving.pytorch_layout",
        "warning",
        "PyTorch model `{path}` needs TorchServe's layout (a .mar in model-store/ and "
        "config/config.properties) for the pytorch runtime",
        "Package it with torch-model-archiver, or export it to ONNX or TorchScript for Triton.",
    ),
    _R(
        "SV006",
        "serving.hdfs",
        "warning",
        "storageUri `{uri}` is on HDFS: KServe reads it over WebHDFS with a storage secret "
        "(HDFS_NAMENODE, optional Kerberos keytab)",
        "Copy the model to object storage and add a `storage:` rewrite, or create the secret.",
    ),
    _R(
        "SV007",
        "serving.modelcar",
        "info",
        "local model `{path}` is baked into an OCI model image (`{uri}`, KServe modelcar)",
        "Build and push the image (build.sh) before applying the InferenceService.",
    ),
    _R(
        "SV008",
        "serving.model_missing",
        "warning",
        "model `{path}` named by `{file}` was not found among the inputs",
        "Add the model (or the config naming it) to the inputs, or put it in the build context.",
    ),
    _R(
        "SV009",
        "serving.version_policy",
        "warning",
        "TF Serving `model_version_policy` is not kept: KServe's TensorFlow runtime serves "
        "the latest numeric version",
        "Keep only the version to serve under the storage path, or use canary rollouts.",
    ),
    _R(
        "SV010",
        "serving.no_model",
        "info",
        "{what} names no model file that can be found statically; nothing to serve",
        "Nothing to do, or set the model path as a literal.",
    ),
    _R(
        "SV011",
        "serving.version_dir",
        "info",
        "TensorFlow SavedModel `{path}` placed under version folder `1/` (TF Serving layout)",
        "Nothing to do.",
    ),
    _R(
        "SV012",
        "serving.spark_ml_stage",
        "info",
        "stage `{cls}` of the Spark ML model saved at `{path}`; see the model's own finding",
        "Nothing to do.",
    ),
    _R(
        "SV013",
        "serving.config_elsewhere",
        "info",
        "TF Serving started with the models of `{path}`; they are converted from that file",
        "Nothing to do.",
    ),
)
