#!/bin/sh
# Creates every agentline topic with its partition count and configures the workers' share groups.
# Shared by docker-compose.yml (kafka-init) and the Helm chart (the topics Job); runs in the apache/kafka image.
# Topics that exist are left as they are. The deployment module's TopicScriptTest runs it against a real broker.
#
# BOOTSTRAP_SERVERS            the brokers
# REPLICATION_FACTOR           replicas of each topic
# PLANNER_INPUT_PARTITIONS     tasks, commands, step-results, tool-results, pr-events: co-partitioned (the planner joins them
#                              by task id); the most planner instances that share the work
# STEP_PARTITIONS              agentline.steps.<role>: share groups; 1, so every worker of a role can take any step (a share
#                              group gives each partition only some of its consumers)
# TOOL_REQUEST_PARTITIONS      a classic consumer group: the most tool-runner instances that share the work
# EVENT_PARTITIONS             task-events, model-calls and access-refusals, read by the audit service
# CACHE_PARTITIONS             the planner's analysis cache (a global store, compacted)
# DEAD_LETTER_PARTITIONS       the .dlt topics
# KAFKA_BIN                    where the Kafka scripts are (default /opt/kafka/bin, as in the apache/kafka image)
set -eu
bin=${KAFKA_BIN:-/opt/kafka/bin}

# the broker may still be starting
tries=0
until $bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --list > /dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "no Kafka broker at $BOOTSTRAP_SERVERS" >&2; exit 1; }
  sleep 5
done

create() {
  $bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --replication-factor "$REPLICATION_FACTOR" --topic "$1" --partitions "$2" ${3:+--config "$3"}
}

share_group() {
  $bin/kafka-configs.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --alter --entity-type groups --entity-name "$1" \
    --add-config share.isolation.level=read_committed,share.auto.offset.reset=earliest
}

create agentline.tasks "$PLANNER_INPUT_PARTITIONS"
create agentline.commands "$PLANNER_INPUT_PARTITIONS"
create agentline.step-results "$PLANNER_INPUT_PARTITIONS"
create agentline.tool-results "$PLANNER_INPUT_PARTITIONS"
create agentline.pr-events "$PLANNER_INPUT_PARTITIONS"
create agentline.steps.manager "$STEP_PARTITIONS"
create agentline.steps.code-edit "$STEP_PARTITIONS"
create agentline.steps.test-writer "$STEP_PARTITIONS"
create agentline.steps.analysis "$STEP_PARTITIONS"
create agentline.steps.review "$STEP_PARTITIONS"
create agentline.tool-requests "$TOOL_REQUEST_PARTITIONS"
create agentline.task-events "$EVENT_PARTITIONS"
create agentline.model-calls "$EVENT_PARTITIONS"
create agentline.access-refusals "$EVENT_PARTITIONS"
create agentline.analysis-cache "$CACHE_PARTITIONS" cleanup.policy=compact
create agentline.tasks.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.commands.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.step-results.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.tool-results.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.pr-events.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.steps.manager.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.steps.code-edit.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.steps.test-writer.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.steps.analysis.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.steps.review.dlt "$DEAD_LETTER_PARTITIONS"
create agentline.tool-requests.dlt "$DEAD_LETTER_PARTITIONS"
# the planner's Jira write-back dead-letters task events it cannot read
create agentline.task-events.dlt "$DEAD_LETTER_PARTITIONS"

share_group agentline-worker-manager
share_group agentline-worker-code-edit
share_group agentline-worker-test-writer
share_group agentline-worker-analysis
share_group agentline-worker-review

$bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --list
