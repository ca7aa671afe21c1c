#!/bin/bash
RUN_DATE=$(date -d yesterday +%F
spark-submit --master yarn --deploy-mode cluster job.py --date "$RUN_DATE"
