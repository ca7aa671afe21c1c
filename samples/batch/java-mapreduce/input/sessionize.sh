#!/bin/bash
# Sessionize the click stream with the in-house MapReduce driver.
APP_HOME=/opt/sessionize
export HADOOP_USER_NAME=etl
hadoop jar ${APP_HOME}/sessionize-2.3.jar com.example.sessions.SessionizeDriver \
  -libjars ${APP_HOME}/lib/joda-time-2.10.jar \
  -D mapreduce.job.queuename=etl.daily \
  -D mapreduce.job.reduces=16 \
  -D mapreduce.reduce.memory.mb=4096 \
  -D mapreduce.job.partitioner.class=com.example.sessions.UserPartitioner \
  hdfs://nameservice1/data/clicks/${1} hdfs://nameservice1/data/sessions/${1}
