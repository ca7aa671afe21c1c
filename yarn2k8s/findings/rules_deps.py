"""Catalogue entries: DP dependency inference and upgrade findings (Dockerfile findings stay DF, in
rules_core)."""

from __future__ import annotations

from yarn2k8s.findings.rule import Rule

_R = Rule
ENTRIES: tuple[Rule, ...] = (
    _R(
        "DP001",
        "deps.shipped_env",
        "info",
        "shipped {layout} environment `{archive}`: Python {python}, {count} distribution(s) "
        "pinned from its metadata",
        "Nothing to do; requirements.txt lists them with their source.",
    ),
    _R(
        "DP002",
        "deps.archive_unreadable",
        "warning",
        "archive `{archive}` could not be read ({reason}); its contents are unknown and it stays "
        "a run-time dependency",
        "Check the archive, or replace it with a requirements file.",
    ),
    _R(
        "DP003",
        "deps.archive_not_env",
        "info",
        "archive `{archive}` holds no Python environment; it is shipped as it is",
        "Nothing to do unless it was meant to be an environment.",
    ),
    _R(
        "DP004",
        "deps.unpinned",
        "warning",
        "{count} requirement(s) have no version in the evidence: {names}",
        "Pin them in requirements.txt (or in a lock file beside the job) after a test build.",
    ),
    _R(
        "DP005",
        "deps.ambiguous_import",
        "warning",
        "import `{module}` ({where}) may come from {candidates}; `{chosen}` was chosen",
        "Check the choice; set `deps.import_map` in the config to fix it for the estate.",
    ),
    _R(
        "DP006",
        "deps.unknown_import",
        "warning",
        "import `{module}` ({where}) is not standard library, not a local module and not a "
        "known distribution; it was left out of requirements.txt (no package index is asked)",
        'Map it under `deps.import_map` (to a distribution, or to "" for in-house code shipped '
        "another way), or add its source to the job.",
    ),
    _R(
        "DP007",
        "deps.optional_import",
        "info",
        "optional import `{module}` ({where}) is guarded by `except ImportError`; not added",
        "Add it to requirements.txt if the job relies on it.",
    ),
    _R(
        "DP008",
        "deps.python2_code",
        "error",
        "`{path}` does not parse as Python 3 ({detail}); Spark {target} runs Python 3 only",
        "Port the code to Python 3; its imports were read line by line meanwhile.",
    ),
    _R(
        "DP009",
        "deps.python2_module",
        "error",
        "`{module}` ({where}) is a Python 2 standard-library module that Python 3 does not have",
        "Port the code to Python 3 (e.g. `six.moves` or the Python 3 module).",
    ),
    _R(
        "DP010",
        "deps.provided_by_image",
        "info",
        "`{name}` is provided by the Spark {target} image and is not installed again",
        "Nothing to do.",
    ),
    _R(
        "DP011",
        "deps.pyspark_version",
        "warning",
        "the job declares `{requirement}` but the image runs PySpark {target}",
        "Test the job on the target PySpark; see the Spark migration guide for behaviour changes.",
    ),
    _R(
        "DP012",
        "deps.env_python_too_old",
        "error",
        "shipped environment `{archive}` runs Python {python}; PySpark {target} needs Python "
        "{minimum} or later",
        "Rebuild the environment with a newer Python, or install its packages on the image's "
        "Python.",
    ),
    _R(
        "DP013",
        "deps.python_mismatch",
        "warning",
        "versions pinned from Python {source} ({where}) are installed on the image's Python "
        "{image}; some may have no wheels for it",
        "Build the image once; bump the pins that fail, or use a base image with the older Python.",
    ),
    _R(
        "DP014",
        "deps.not_in_env",
        "warning",
        "import `{module}` ({where}) is not in the shipped environment `{archive}`",
        "Check where the module came from on YARN and add it to the environment.",
    ),
    _R(
        "DP015",
        "deps.scala_mismatch",
        "error",
        "`{artifact}` is built for Scala {scala}; Spark {target} runs Scala {target_scala}",
        "Use the artifact's build for the target Scala line (rebuild in-house jars).",
    ),
    _R(
        "DP016",
        "deps.spark_artifact_version",
        "warning",
        "`{artifact}` is built for Spark {version}; the target is Spark {target}",
        "Use the artifact's release for the target Spark line.",
    ),
    _R(
        "DP017",
        "deps.conf_changed",
        "warning",
        "`{key}` was {change} in Spark {version}{replacement}",
        "Update the setting (see the Spark migration guide).",
    ),
    _R(
        "DP018",
        "deps.include_problem",
        "warning",
        "requirements include `{path}` {reason}; it was not read",
        "Put the included file beside the job, inside the input root.",
    ),
    _R(
        "DP019",
        "deps.requirement_skipped",
        "warning",
        "requirement line `{line}` ({kind}) cannot be installed from the build context; left out",
        "Publish the package to the internal index, or add it to the job's folder.",
    ),
    _R(
        "DP020",
        "deps.remote_jar",
        "warning",
        "jar `{jar}` is fetched from {scheme} by every pod at start-up; to bake it into the "
        "image run `{command}` and reference `local:///opt/app/{name}`",
        "Bake it (the command above) or make the store reachable from the pods.",
    ),
    _R(
        "DP021",
        "deps.venv_reinstalled",
        "info",
        "venv-pack environment `{archive}` links to the gateway's Python and cannot move to the "
        "image; its {count} pinned distribution(s) are installed on the image's Python instead",
        "Nothing to do unless a pin fails to install (see DP013).",
    ),
    _R(
        "DP022",
        "deps.conda_baked",
        "info",
        "conda-pack environment `{archive}` is unpacked into the image at `{path}` and no longer "
        "shipped at run time",
        "Nothing to do.",
    ),
    _R(
        "DP023",
        "deps.undeclared_import",
        "info",
        "import `{module}` ({where}) is not in the declared requirements; added as `{dist}`",
        "Add it to the job's requirements file.",
    ),
    _R(
        "DP024",
        "deps.main_unreadable",
        "info",
        "main file `{path}` was not found among the inputs; its imports were not read",
        "Add the job's source to the inputs.",
    ),
    _R(
        "DP025",
        "deps.declared_unreadable",
        "warning",
        "`{path}` could not be read ({reason})",
        "Fix the file; the rest of the evidence was used.",
    ),
    _R(
        "DP026",
        "deps.unknown_allowed",
        "warning",
        "import `{module}` ({where}) is unknown; added as `{dist}` because `deps.allow_index` is "
        "on (the package index decides what it is at build time)",
        "Check the name is the distribution you mean: a public package of the same name would be "
        "installed (dependency confusion).",
    ),
    _R(
        "DP027",
        "deps.remote_fetched",
        "info",
        "`{uri}` was fetched over WebHDFS ({size} bytes) and baked into the image as `{dest}`",
        "Nothing to do; rerun with `--webhdfs` to pick up a newer copy.",
    ),
    _R(
        "DP028",
        "deps.remote_fetch_failed",
        "warning",
        "`{uri}` could not be fetched over WebHDFS ({reason}); it stays a run-time download "
        "from HDFS",
        "Check the path and the user's read permission, raise `limits.max_fetch_bytes` if it "
        "is too big, or copy the file next to the job's inputs.",
    ),
)
