#!/bin/bash
# Points the TF Serving fleet at the newly trained model.
set -euo pipefail
hdfs dfs -cp -f hdfs://nn/models/churn hdfs://nn/serving/churn
