#!/usr/bin/env bash
# Worker scaling proof (issue 9 §5): 1, 2, 4, 8 worker replicas (real WorkerApplication contexts, one share group)
# on a one-partition step topic, a model faked over HTTP with a fixed latency; prints steps/s and efficiency vs linear.
#   worker-service/bench/scaling.sh [replicas=1,2,4,8] [seconds-per-configuration=12] [model-latency-ms=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl worker-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="worker-service/target/test-classes:worker-service/target/classes:$(cat worker-service/target/bench.classpath)"
# the reactor siblings' classes, not possibly stale jars in ~/.m2
CP="platform/target/classes:schemas/target/classes:$CP"
exec java -Xmx1g -Dlogging.level.root=WARN -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.agentline.schemas -cp "$CP" \
  dev.agentline.worker.bench.ScalingBench "${1:-1,2,4,8}" "${2:-12}" "${3:-200}"
