"""Dependency inference: what each job needs in its own image, with provenance.

Entry point: `infer_dependencies(job, root, config) -> DepsPlan`; upgrade findings come from
`job_findings` (remote jars, upgrade to the target Spark).
"""

from yarn2k8s.deps.evidence import DepsPlan, PythonEnv, Requirement
from yarn2k8s.deps.infer import env_dir, infer_dependencies
from yarn2k8s.deps.jvm import job_findings
from yarn2k8s.deps.versions import upgrade_findings

__all__ = [
    "DepsPlan",
    "PythonEnv",
    "Requirement",
    "env_dir",
    "infer_dependencies",
    "job_findings",
    "upgrade_findings",
]
