#!/bin/bash
spark-submit --master yarn --deploy-mode client --driver-memory 8g explore.py
spark-submit --master 'local[4]' smoke_test.py
spark-submit --master spark://standalone-master:7077 --total-executor-cores 16 --class org.example.Batch batch.jar
spark-submit --version
