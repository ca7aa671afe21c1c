#!/bin/bash
# Cluster acceptance benchmarks: TeraGen/TeraSort/TeraValidate and TestDFSIO.
EXAMPLES=/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar
TESTS=/usr/lib/hadoop-mapreduce/hadoop-mapreduce-client-jobclient-tests.jar
ROWS=10000000
BASE=/benchmarks/terasort

hadoop fs -rm -r -f ${BASE}/input ${BASE}/output ${BASE}/report
hadoop jar ${EXAMPLES} teragen -D mapreduce.job.maps=8 ${ROWS} ${BASE}/input
hadoop jar ${EXAMPLES} terasort -D mapreduce.job.reduces=4 ${BASE}/input ${BASE}/output
hadoop jar ${EXAMPLES} teravalidate ${BASE}/output ${BASE}/report
yarn jar ${TESTS} TestDFSIO -write -nrFiles 4 -fileSize 128MB -resFile /tmp/dfsio.txt
