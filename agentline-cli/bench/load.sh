#!/usr/bin/env bash
# Load run (issue 10 §2): N tasks (default 100) submitted at once through the whole in-process system with replayed
# models; all must end DONE (exit 1 otherwise); prints wall time, tasks/s and per-step overhead percentiles.
#   agentline-cli/bench/load.sh [tasks=100] [service:--key=value | broker:key=value ...]
exec "$(dirname "$0")/run-bench.sh" load "$@"
