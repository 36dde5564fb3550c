#!/usr/bin/env bash
# Orchestration-overhead benchmark (issue 10 §3): on one in-process system with instant (replayed) models, the raw
# Kafka produce→consume round trip and the planner→worker→planner step round trip (1 task, then N in flight), their
# p50/p99, ratio and CPU per step; then N in flight again with models that take model-ms (a provider's pace), where the
# overhead is the round trip less the model's time, with the tasks submitted at once and then staggered (paced-tasks=0
# skips both).
#   agentline-cli/bench/overhead.sh [single-tasks=40] [tasks=100] [in-flight=20] [paced-tasks=40] [model-ms=2000]
#                                   [service:--key=value | broker:key=value ...]
# e.g. overhead.sh 40 100 20 planner:--agentline.planner.commit-interval-ms=20 to compare a setting.
exec "$(dirname "$0")/run-bench.sh" overhead "$@"
