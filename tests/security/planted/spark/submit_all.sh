#!/bin/bash
# Planted secrets: every value containing PLANTED must never reach an output, report or log.
export AWS_SECRET_ACCESS_KEY=PLANTEDawsSecretKey0000000000000000000001
export DB_PASSWORD='PLANTED-db-password-02'
API_TOKEN="PLANTED-api-token-03"

DB_PASS=PLANTED-env-prefix-04 spark-submit --master yarn --deploy-mode cluster \
  --name nightly-export \
  --conf spark.hadoop.fs.s3a.access.key=AKIAPLANTED000000005 \
  --conf spark.hadoop.fs.s3a.secret.key=PLANTEDs3aSecret06 \
  --conf spark.hadoop.fs.azure.account.key.lake.blob.core.windows.net=PLANTEDazureKey07== \
  --conf spark.ssl.keyStorePassword=PLANTED-keystore-08 \
  --conf "spark.driver.extraJavaOptions=-Djavax.net.ssl.trustStorePassword=PLANTED-truststore-09 -Dfoo=bar" \
  --conf spark.executor.extraJavaOptions=-Ddb.password=PLANTED-dopt-10 \
  --driver-java-options "-Dmail.smtp.password=PLANTED-dopt-11" \
  --conf spark.yarn.appMasterEnv.SERVICE_TOKEN=PLANTED-am-env-12 \
  --conf spark.executorEnv.GH_TOKEN=ghp_PLANTED0000000000000000000000000013 \
  --class com.example.Export export.jar \
  --jdbc-url "jdbc:postgresql://db.example.com:5432/sales?user=etl&password=PLANTED-jdbc-14" \
  --mssql "jdbc:sqlserver://db:1433;databaseName=x;user=sa;password=PLANTED-jdbc-15;" \
  --mysql "mysql://etl:PLANTED-userinfo-16@db.example.com/sales" \
  --db-password PLANTED-arg-17 \
  --token=PLANTED-arg-18 \
  --api-key "$API_TOKEN" \
  --slack xoxb-PLANTED0000-0000000019 \
  --google AIzaPLANTED00000000000000000000000000020 \
  --jwt eyJhbGciOiJIUzI1NiJ9.eyJQTEFOVEVEIjoyMX0.PLANTEDsignature000021 \
  --pw "$DB_PASSWORD"

cat > /tmp/deploy.pem <<'KEY'
-----BEGIN RSA PRIVATE KEY-----
PLANTEDprivateKeyBody22AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
-----END RSA PRIVATE KEY-----
KEY

spark-submit --master yarn --properties-file conf/secret.properties \
  --name "etl password=PLANTED-name-23" \
  --conf spark.hadoop.javax.jdo.option.ConnectionPassword=PLANTED-hive-24 \
  --py-files deps.zip job.py --secret PLANTED-arg-25
