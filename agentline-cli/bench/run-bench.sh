#!/usr/bin/env bash
# Shared by overhead.sh and load.sh: compiles agentline-cli and its siblings, then runs dev.agentline.cli.OverheadBench
# on the test classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl agentline-cli -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="agentline-cli/target/test-classes:agentline-cli/target/classes:$(cat agentline-cli/target/bench.classpath)"
# the reactor siblings' classes, not possibly stale jars in ~/.m2
for m in platform schemas planner-service worker-service tool-runner-service audit-service; do CP="$m/target/classes:$CP"; done
# -Xmx2g first, so that BENCH_JAVA_OPTS can change it (e.g. more headroom for -XX:+UseZGC); every JIT compiler thread
# from the start, as the launcher (../../agentline) has them, so that their priority can be lowered
exec java -Xmx2g -XX:-UseDynamicNumberOfCompilerThreads ${BENCH_JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.agentline.schemas -cp "$CP" dev.agentline.cli.OverheadBench "$@"
