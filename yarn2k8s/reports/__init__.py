"""Reports on a run: report.json (the source of truth), report.md, and the root files."""
