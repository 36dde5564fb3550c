package dev.agentline.audit.ingest;

import dev.agentline.platform.Topics;
import dev.agentline.platform.Meta;
import dev.agentline.schemas.AccessRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.store.AuditRow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.TraceContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditRowsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final Instant META_TIME = Instant.parse("2026-11-25T10:00:00.123Z");
  private static final Instant KAFKA_TIME = Instant.parse("2026-11-25T10:00:05Z");

  @Test
  void decodedRecordKeepsTypeEventTypeMetaTimeAndJsonBody() {
    byte[] value = AvroCodec.get().encode(Records.modelCall("t1", META_TIME, "refactor the frobnicator"));
    AuditRow row = AuditRows.from(record("agentline.model-calls", "t1", value, List.of(Map.entry(TraceContext.TRACEPARENT, utf8(TRACEPARENT)))));

    assertThat(row.recordType()).isEqualTo("ModelCall");
    assertThat(row.eventType()).isEqualTo("PLAN");
    assertThat(row.taskId()).isEqualTo("t1");
    assertThat(row.occurredAt()).isEqualTo(META_TIME);
    assertThat(row.kafkaTimestamp()).isEqualTo(KAFKA_TIME);
    JsonNode body = JSON.readTree(row.body());
    assertThat(body.at("/prompt/1/content").asString()).isEqualTo("refactor the frobnicator");
    assertThat(body.at("/meta/occurredAt").asString()).isEqualTo("2026-11-25T10:00:00.123Z");
    assertThat(body.at("/role").asString()).isEqualTo("MANAGER");
    assertThat(body.at("/usage/costUsd").asDouble()).isEqualTo(0.0123);
    // the trace id is in the stored headers as written (a traceparent is no secret to redact)
    assertThat(JSON.readTree(row.headers()).get(TraceContext.TRACEPARENT).asString()).isEqualTo(TRACEPARENT);
  }

  @Test
  void keylessRecordTakesTheTaskIdFromItsMetadata() {
    byte[] value = AvroCodec.get().encode(Records.taskEvent("t7", META_TIME, "started"));
    assertThat(AuditRows.from(record("agentline.task-events", null, value, List.of())).taskId()).isEqualTo("t7");
  }

  @Test
  void aRefusalAboutNoTaskHasNoTaskIdAndSaysWhoWasRefusedWhatAndWhy() {
    AccessRefused refused = AccessRefused.newBuilder().setMeta(Meta.of("", null, "planner", META_TIME)).setCaller("carol")
        .setRoles(List.of("analyst")).setMethod("GET").setPath("/actuator/env").setAction("GET /actuator/env")
        .setDetail("carol may not use this endpoint: it needs the role admin").setMissing("admin").build();

    AuditRow row = AuditRows.from(record(Topics.ACCESS_REFUSALS, null, AvroCodec.get().encode(refused), List.of()));

    assertThat(row.taskId()).isNull();
    assertThat(row.recordType()).isEqualTo("AccessRefused");
    assertThat(row.eventType()).isEqualTo("admin");
    assertThat(row.summary()).isEqualTo("refused carol: GET /actuator/env: carol may not use this endpoint: it needs the role admin");
  }

  @Test
  void garbageOnANormalTopicIsRecordedAsUndecodableWithTheDecodersReason() {
    AuditRow row = AuditRows.from(record("agentline.tool-results", "t1", utf8("not avro at all"), List.of()));

    assertThat(row.recordType()).isEqualTo(AuditRows.UNDECODABLE);
    assertThat(row.eventType()).isNull();
    assertThat(row.occurredAt()).isEqualTo(KAFKA_TIME);
    JsonNode body = JSON.readTree(row.body());
    assertThat(body.get("reason").asString()).contains("not Avro single-object encoded");
    assertThat(body.get("value").asString()).isEqualTo("not avro at all");
    assertThat(row.summary()).startsWith("undecodable: value is not Avro single-object encoded");
  }

  @Test
  void tombstoneIsRecordedAsUndecodable() {
    AuditRow row = AuditRows.from(record("agentline.tasks", "t1", null, List.of()));
    assertThat(row.recordType()).isEqualTo(AuditRows.UNDECODABLE);
    assertThat(JSON.readTree(row.body()).get("valueEncoding").asString()).isEqualTo("null");
  }

  @Test
  void deadLetterBodyHasReasonOriginalTopicAndPrintableValueAsText() {
    IncomingRecord dead = record("agentline.tasks.dlt", "t1", utf8("{oops"), List.of(
        Map.entry(Headers.DLT_REASON, utf8("value is not Avro single-object encoded")),
        Map.entry(Headers.DLT_ORIGINAL_TOPIC, utf8("agentline.tasks")),
        Map.entry(Headers.DLT_CONSUMER, utf8("planner"))));

    Map<String, Object> body = AuditRows.deadLetterBody(dead);

    assertThat(body).containsEntry("reason", "value is not Avro single-object encoded")
        .containsEntry("originalTopic", "agentline.tasks")
        .containsEntry("consumer", "planner")
        .containsEntry("value", "{oops")
        .containsEntry("valueEncoding", "utf8")
        .doesNotContainKey("record");
    AuditRow row = AuditRows.from(dead);
    assertThat(row.recordType()).isEqualTo(AuditRows.DEAD_LETTER);
    assertThat(row.summary()).isEqualTo("dead letter from agentline.tasks (planner): value is not Avro single-object encoded");
  }

  @Test
  void deadLetterOfBinaryValueKeepsItAsBase64AndWithoutHeadersNamesTheTopicItCameFrom() {
    byte[] binary = {0, 1, 2, (byte) 0xFF};
    Map<String, Object> body = AuditRows.deadLetterBody(record("agentline.tool-requests.dlt", "t1", binary, List.of()));

    assertThat(body).containsEntry("value", Base64.getEncoder().encodeToString(binary))
        .containsEntry("valueEncoding", "base64")
        .containsEntry("originalTopic", "agentline.tool-requests")
        .containsEntry("reason", "(no agentline-dlt-reason header)");
  }

  @Test
  void aBlankOriginalTopicHeaderNamesTheTopicTheDeadLetterTopicIsNamedAfterAsReplayDoes() {
    IncomingRecord dead = record("agentline.commands.dlt", "t1", utf8("{oops"), List.of(Map.entry(Headers.DLT_ORIGINAL_TOPIC, utf8(" "))));

    assertThat(AuditRows.deadLetterBody(dead)).containsEntry("originalTopic", "agentline.commands");
    assertThat(AuditRows.from(dead).summary()).startsWith("dead letter from agentline.commands:");
  }

  @Test
  void deadLetterOfAValidRecordAlsoShowsItDecoded() {
    byte[] value = AvroCodec.get().encode(Records.taskEvent("t1", META_TIME, "wrong topic"));
    AuditRow row = AuditRows.from(record("agentline.tasks.dlt", "t1", value, List.of(
        Map.entry(Headers.DLT_REASON, utf8("expected TaskSubmitted but the value is a TaskEvent")))));

    JsonNode body = JSON.readTree(row.body());
    assertThat(body.at("/record/message").asString()).isEqualTo("wrong topic");
    assertThat(body.get("valueEncoding").asString()).isEqualTo("base64");
  }

  @Test
  void nulCharactersBecomeStorable() {
    byte[] value = AvroCodec.get().encode(Records.taskEvent("t1", META_TIME, "bad\u0000byte"));
    AuditRow row = AuditRows.from(record("agentline.task-events", "t\u00001", value, List.of()));
    assertThat(row.body()).doesNotContain("\\u0000").contains("bad\uFFFDbyte");
    assertThat(row.taskId()).isEqualTo("t\uFFFD1");
  }

  @Test
  void nonFiniteNumbersAreWrittenAsValidJson() {
    assertThat(Json.write(Map.of("cost", Double.NaN))).isEqualTo("{\"cost\":\"NaN\"}");
  }

  private static IncomingRecord record(String topic, String key, byte[] value, List<Map.Entry<String, byte[]>> headers) {
    return new IncomingRecord(topic, 0, 42, key, value, KAFKA_TIME, new ArrayList<>(headers));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
