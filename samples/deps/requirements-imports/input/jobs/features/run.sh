#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  --py-files deps/etl.zip \
  --files conf/features.conf,conf/svc.keytab \
  features.py --date 2024-01-31
