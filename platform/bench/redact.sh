#!/bin/sh
# Redaction's speed on long texts with hints (RedactBenchmark): ms a redaction and µs a character.
#   platform/bench/redact.sh
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q -o -pl platform test-compile
exec java -cp platform/target/test-classes:platform/target/classes dev.agentline.platform.redact.RedactBenchmark
