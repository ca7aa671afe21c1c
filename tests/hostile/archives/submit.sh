#!/bin/bash
# Archives built at test time: env.tar.gz (../ members, absolute paths, symlinks to /etc, a
# hard link), bomb.zip (a member that inflates to 1 GiB), many.tar (200,000 empty members).
spark-submit --master yarn --deploy-mode cluster \
  --archives env.tar.gz#env,many.tar#many \
  --py-files bomb.zip \
  --conf spark.pyspark.python=./env/bin/python \
  main.py
