#!/bin/bash
# The quote opened on line 5 never closes: everything after it is one word.
APP=/opt/jobs/app.py
spark-submit --master yarn --deploy-mode cluster \
  --name "nightly etl \
  --num-executors 4 $APP
echo done
