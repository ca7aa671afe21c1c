#!/bin/bash
# Export yesterday's feature tables to the data lake and load them into Hive.
set -euo pipefail
DAY=$(date -d yesterday +%F)
hdfs dfs -mkdir -p /data/exports/features
hive -f /opt/jobs/export_features.hql --hivevar day="${DAY}"
hdfs dfs -put -f /tmp/features_manifest.json /data/exports/features/
