#!/bin/sh
# Closes the books for one month.
set -eu
echo "closing $1"
