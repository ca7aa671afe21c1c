#!/bin/bash
# Review scoring: Python UDFs shipped to the executors with --py-files.
spark-submit --master yarn --deploy-mode cluster \
  --name score-reviews \
  --py-files lib/textutils.zip \
  --executor-cores 2 --num-executors 2 \
  score_reviews.py hdfs://nameservice1/data/reviews hdfs://nameservice1/data/scored_reviews
