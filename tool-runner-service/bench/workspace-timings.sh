#!/bin/sh
# Times the tool runner on a real repository: first clone (mirror), next clone (from the mirror),
# one edit applied and pushed, a sandboxed test run with and without dependency resolution.
#   tool-runner-service/bench/workspace-timings.sh <repository> <tracked file to edit> "<test command>" [base branch]
# BENCH_JAVA_OPTS adds JVM options, e.g. -Dbench.mirrors=false: workspaces cloned from the repository, without mirrors.
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q -pl tool-runner-service -am test-compile
./mvnw -q -pl tool-runner-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="tool-runner-service/target/test-classes:tool-runner-service/target/classes:$(cat tool-runner-service/target/bench.classpath)"
exec java ${BENCH_JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.agentline.schemas -cp "$cp" dev.agentline.toolrunner.WorkspaceBenchmark "$@"
