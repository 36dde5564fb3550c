package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskSubmitted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  final AvroCodec codec = AvroCodec.get();

  static TaskSubmitted ticket() {
    return TaskSubmitted.newBuilder()
        .setMeta(Meta.of("t-1", null, "test", Instant.parse("2026-11-25T10:00:00Z")))
        .setRepository("/tmp/repo")
        .setTitle("Fix the sum")
        .setDescription("sum adds wrong")
        .setAcceptanceCriteria(List.of("tests pass"))
        .setTestCommand("sh run-tests.sh")
        .build();
  }

  @Test
  void roundTripsAnyRecordByItsFingerprint() {
    TaskSubmitted ticket = ticket();
    byte[] bytes = codec.encode(ticket);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(codec.decode(bytes)).isEqualTo(ticket);
    assertThat(codec.decode(bytes, TaskSubmitted.class).getTitle()).isEqualTo("Fix the sum");
  }

  @Test
  void refusesTextWithAReason() {
    assertThatThrownBy(() -> codec.decode("{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AvroCodec.InvalidRecordException.class)
        .hasMessageContaining("not Avro single-object encoded");
  }

  @Test
  void refusesTheWrongRecordType() {
    assertThatThrownBy(() -> codec.decode(codec.encode(ticket()), TaskCommand.class))
        .hasMessageContaining("expected TaskCommand but the value is a TaskSubmitted");
  }

  @Test
  void refusesATruncatedBody() {
    byte[] bytes = codec.encode(ticket());
    byte[] cut = java.util.Arrays.copyOf(bytes, 14);
    assertThatThrownBy(() -> codec.decode(cut)).hasMessageContaining("corrupt Avro body");
  }

  @Test
  void readsRecordsWrittenByAnOlderPublishedVersion() throws Exception {
    // an older TaskCommand without the "reason" field
    Schema current = TaskCommand.SCHEMA$;
    Schema older = Schema.createRecord(current.getName(), null, current.getNamespace(), false,
        current.getFields().stream().filter(f -> !f.name().equals("reason")).map(f -> new Schema.Field(f, f.schema())).toList());
    assertThat(older.getField("reason")).isNull();
    var model = new org.apache.avro.generic.GenericData();
    model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    var olderEncoder = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(model, older);
    var record = new org.apache.avro.generic.GenericData.Record(older);
    record.put("meta", Meta.of("t-2", null, "old-console"));
    record.put("type", new org.apache.avro.generic.GenericData.EnumSymbol(older.getField("type").schema(), "CANCEL"));
    record.put("stepId", null);
    record.put("actor", "ana");
    var buf = olderEncoder.encode(record);
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);

    codec.addPublishedVersion(TaskCommand.class, older);
    TaskCommand decoded = codec.decode(bytes, TaskCommand.class);
    assertThat(decoded.getType()).isEqualTo(CommandType.CANCEL);
    assertThat(decoded.getReason()).isNull();
    assertThat(decoded.getActor()).isEqualTo("ana");
  }
}
