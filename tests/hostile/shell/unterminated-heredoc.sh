#!/bin/bash
cat > /tmp/conf.properties <<END_OF_CONF
spark.executor.memory=4g
spark.executor.cores=2
spark-submit --master yarn job.py
