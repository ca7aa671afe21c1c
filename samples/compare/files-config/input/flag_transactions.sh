#!/bin/bash
# Fraud rules: thresholds come from a config file shipped with --files.
CONF_DIR=conf
spark-submit --master yarn --deploy-mode client \
  --name flag-transactions \
  --files ${CONF_DIR}/rules.conf \
  --driver-memory 1g --executor-memory 1g \
  --conf spark.sql.session.timeZone=UTC \
  flag_transactions.py --config rules.conf \
  --transactions /warehouse/transactions --flagged /warehouse/flagged
