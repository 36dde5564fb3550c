#!/usr/bin/env bash
# Ingest benchmark of the audit store (issue 7 §6): prints events/s.
#   audit-service/bench/ingest.sh [store|kafka|both] [records=100000] [consumers=2]
# store: synthetic records straight into the store (embedded PostgreSQL, no Kafka): the database cost.
# kafka: the audit service end to end on an in-process broker and its embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl audit-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="audit-service/target/test-classes:audit-service/target/classes:$(cat audit-service/target/bench.classpath)"
# the reactor siblings' classes, not possibly stale jars in ~/.m2
CP="platform/target/classes:schemas/target/classes:$CP"
# -XX:G1HeapRegionSize=4m as the audit image runs (audit-service/pom.xml, Jib's jvmFlags)
exec java -Xmx2g -XX:G1HeapRegionSize=4m ${BENCH_JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.agentline.schemas -cp "$CP" \
  dev.agentline.audit.bench.IngestBench "${1:-both}" "${2:-100000}" "${3:-2}"
