#!/bin/bash
BASE_DIR=$(dirname "$0")
spark-submit --master yarn --deploy-mode cluster \
  --name "report-$2" \
  "$BASE_DIR/report.py" --date "$1" --region "$2" --run-id "$(date +%s)"
