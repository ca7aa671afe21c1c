"""Allow ``python -m yarn2k8s``."""

from yarn2k8s.cli import main

main()
