package dev.agentline.audit.console;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One stored record of a task as the console reads it: where it was on Kafka, what it is, and its body. */
record ConsoleRecord(String topic, int partition, long offset, String recordType, String eventType, Instant occurredAt, JsonNode body) {}
