from pyhive import hive
import happybase
from impala.dbapi import connect
from hdfs import InsecureClient
import thrift
