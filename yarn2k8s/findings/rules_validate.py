"""Catalogue entries: VA validation (schemas, lint, equivalence, run-and-compare).

VA001-VA009 check the generated objects and files, VA010-VA029 are the equivalence round-trip
(VA011 is drift; the others name the translations every Spark migration makes, so that each
difference between the YARN and the Kubernetes effective configuration has a catalogued
reason), VA030-VA039 are the live cluster and run-and-compare.
"""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    # --- schemas -------------------------------------------------------------------------
    _R(
        "VA001",
        "validate.schema_invalid",
        "error",
        "{kind} `{name}`: {path}: {message}",
        "Fix the converter (or the edited file): the API server would reject this object.",
    ),
    _R(
        "VA002",
        "validate.schema_unchecked",
        "warning",
        "{api_version} {kind}: no schema available ({sources}); not checked",
        "Pass `--crd-dir` with the operator's CRDs (from its Helm chart) or `--cluster`.",
    ),
    _R(
        "VA003",
        "validate.schema_unchecked_strict",
        "error",
        "{api_version} {kind}: no schema available ({sources}); not checked (--strict)",
        "Pass `--crd-dir` with the operator's CRDs (from its Helm chart) or `--cluster`.",
    ),
    # --- files ---------------------------------------------------------------------------
    _R(
        "VA004",
        "validate.hadolint_error",
        "error",
        "hadolint {rule} line {line}: {message}",
        "Fix the Dockerfile (or the template that made it).",
    ),
    _R(
        "VA005",
        "validate.hadolint_warning",
        "warning",
        "hadolint {rule} line {line}: {message}",
        "Fix the Dockerfile, or explain why the rule does not apply.",
    ),
    _R(
        "VA006",
        "validate.hadolint_info",
        "info",
        "hadolint {rule} line {line}: {message}",
        "Nothing to do unless the style matters to you.",
    ),
    _R(
        "VA007",
        "validate.pipeline_unloadable",
        "error",
        "compiled pipeline does not load with kfp: {reason}",
        "Recompile the pipeline with the pinned kfp version.",
    ),
    _R(
        "VA008",
        "validate.pipeline_dangling",
        "error",
        "task `{task}` refers to {what} `{ref}`, which does not exist",
        "Fix the pipeline: the run would fail at that task.",
    ),
    _R(
        "VA009",
        "validate.kustomize_failed",
        "error",
        "`kubectl kustomize` cannot build the tree: {reason}",
        "Fix the listed kustomization.yaml (a missing or misspelled resource).",
    ),
    _R(
        "VA010",
        "validate.tool_missing",
        "info",
        "{tool} is not installed; {what} was skipped",
        "Install it to run this check.",
    ),
    # --- equivalence round-trip ----------------------------------------------------------
    _R(
        "VA011",
        "equivalence.drift",
        "error",
        "`{key}` was `{original}` on YARN but the Spark Operator would run with `{converted}`, "
        "and no finding explains it",
        "Fix the SparkApplication (or the converter): the job would not run the same way.",
    ),
    _R(
        "VA012",
        "equivalence.master",
        "info",
        "`spark.master` `{original}` becomes the Kubernetes API server (set by the operator)",
        "Nothing to do.",
    ),
    _R(
        "VA013",
        "equivalence.kubernetes_only",
        "info",
        "`{key}` is a Kubernetes-only setting the Spark Operator adds",
        "Nothing to do.",
    ),
    _R(
        "VA014",
        "equivalence.baked_file",
        "info",
        "gateway file `{path}` is read from the image at `{target}` (copied by the Dockerfile)",
        "Nothing to do.",
    ),
    _R(
        "VA015",
        "equivalence.yarn_dist_key",
        "info",
        "`{old}` is `{new}` outside YARN",
        "Nothing to do.",
    ),
    _R(
        "VA016",
        "equivalence.restart_policy",
        "info",
        "`spark.yarn.maxAppAttempts` {attempts} becomes restartPolicy `{policy}`",
        "Nothing to do.",
    ),
    _R(
        "VA017",
        "equivalence.queue",
        "info",
        "YARN queue `{queue}` becomes {target}",
        "Nothing to do.",
    ),
    _R(
        "VA018",
        "equivalence.submit_env",
        "info",
        "`{name}` from spark-submit's environment is set in the pods",
        "Nothing to do.",
    ),
    _R(
        "VA019",
        "equivalence.app_name",
        "info",
        "the application is named after its Kubernetes object (`{name}`)",
        "Nothing to do.",
    ),
    _R(
        "VA020",
        "equivalence.am_env",
        "info",
        "`{key}` (the YARN ApplicationMaster's environment) is the driver's environment",
        "Nothing to do.",
    ),
    _R(
        "VA021",
        "equivalence.shuffle_tracking",
        "info",
        "dynamic allocation uses shuffle tracking on Kubernetes (the operator's default)",
        "Nothing to do.",
    ),
    _R(
        "VA022",
        "equivalence.yarn_tags",
        "info",
        "`spark.yarn.tags` `{tags}` kept as an annotation",
        "Nothing to do.",
    ),
    _R(
        "VA023",
        "equivalence.pod_smaller",
        "warning",
        "{name} {role}: pod memory {pod} MiB is below the YARN container's {yarn} MiB",
        "Raise `memoryOverhead`, or lower it only with evidence that the job fits.",
    ),
    _R(
        "VA024",
        "equivalence.unchecked",
        "warning",
        "{name}: {what} cannot be checked: {why}",
        "Check it by hand.",
    ),
    _R(
        "VA025",
        "equivalence.schedule",
        "error",
        "schedule `{original}` became `{converted}`",
        "Fix the ScheduledSparkApplication's schedule and timeZone.",
    ),
    # --- live cluster --------------------------------------------------------------------
    _R(
        "VA030",
        "live.dry_run_rejected",
        "error",
        "server-side dry run rejected {kind} `{name}`: {reason}",
        "Fix the object, or install the operator's CRD on the cluster.",
    ),
    _R(
        "VA031",
        "live.unreachable",
        "error",
        "cannot reach the cluster: {reason}",
        "Check the kubeconfig context and network access.",
    ),
    # --- run-and-compare -----------------------------------------------------------------
    _R(
        "VA032",
        "compare.identical",
        "info",
        "outputs identical: {detail}",
        "Nothing to do.",
    ),
    _R(
        "VA033",
        "compare.different",
        "error",
        "outputs differ at `{output}`: {detail}",
        "Find what the conversion changed: arguments, confs, files or layout.",
    ),
    _R(
        "VA034",
        "compare.run_failed",
        "error",
        "the {side} submission failed: {reason}",
        "Read its log; the converted job may miss a file or an argument.",
    ),
)
