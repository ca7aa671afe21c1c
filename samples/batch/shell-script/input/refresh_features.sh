#!/usr/bin/env bash
# Refresh the feature store from Hive and publish a model-ready extract.
set -euo pipefail
source ./setenv.sh
hdfs dfs -rm -r -f -skipTrash /warehouse/features/extract
beeline -u "${HIVE_URL}" -f refresh_features.hql
python3 build_extract.py --input /warehouse/features/daily --output /warehouse/features/extract
hdfs dfs -chmod -R 750 /warehouse/features/extract
