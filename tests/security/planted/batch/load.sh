#!/bin/bash
export HADOOP_CREDSTORE_PASSWORD=PLANTED-batch-38
hadoop jar /opt/jobs/loader.jar com.example.Load -Dmapreduce.job.queuename=etl -Ddb.password=PLANTED-batch-39 --password PLANTED-batch-40 /in /out
