#!/bin/sh
# Search latency at scale: builds an embedded PostgreSQL with ~1 M synthetic audit records (COPY), then runs
# a few hundred representative searches through the service's own search code and prints p50/p95/p99.
#   audit-service/bench/search.sh [--events 1000000] [--rounds 40] [--window 1000] [--data-dir DIR (kept; a rerun skips the load)] [--jdbc-url URL (a running PostgreSQL instead)] [--classes NAME,NAME] [--explain]
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q -pl audit-service -am test-compile
./mvnw -q -pl audit-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
# this checkout's schemas and platform first, whatever ~/.m2 holds
cp="audit-service/target/test-classes:audit-service/target/classes:schemas/target/classes:platform/target/classes:$(cat audit-service/target/bench.classpath)"
exec java -Xmx2g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.agentline.schemas -cp "$cp" dev.agentline.audit.search.SearchBenchmark "$@"
