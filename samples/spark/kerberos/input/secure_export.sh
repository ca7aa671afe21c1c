#!/bin/bash
spark-submit --master yarn --deploy-mode cluster \
  --principal etl@EXAMPLE.COM \
  --keytab /etc/security/keytabs/etl.keytab \
  --conf spark.hadoop.fs.s3a.access.key=AKIAABCDEFGHIJKLMNOP \
  --conf spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY \
  --conf spark.hadoop.javax.jdo.option.ConnectionPassword=hive-metastore-pw \
  --conf spark.ssl.keyStorePassword=keystore-pw-123 \
  --class com.example.Export export.jar \
  --jdbc-url "jdbc:postgresql://db.example.com:5432/sales?user=etl&password=SuperSecret1" \
  --db-password SuperSecret2
