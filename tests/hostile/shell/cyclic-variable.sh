#!/bin/bash
# CONF refers to itself: a static reader cannot give it a value.
CONF_DIR=${CONF_DIR:-$CONF_DIR/conf}
spark-submit --master yarn --deploy-mode cluster \
  --properties-file "$CONF_DIR/job.properties" job.py
