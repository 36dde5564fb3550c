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

  /** {@code bytes} with the first occurrence of {@code find} replaced by {@code replace}. */
  static byte[] replaced(byte[] bytes, byte[] find, byte[] replace) {
    for (int i = 0; i + find.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + find.length, find, 0, find.length)) {
        byte[] out = new byte[bytes.length - find.length + replace.length];
        System.arraycopy(bytes, 0, out, 0, i);
        System.arraycopy(replace, 0, out, i, replace.length);
        System.arraycopy(bytes, i + find.length, out, i + replace.length, bytes.length - i - find.length);
        return out;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void invalidUtf8InAStringDecodesWithReplacementCharactersInsteadOfFailing() {
    byte[] bytes = replaced(codec.encode(ticket()), "Fix".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
    TaskSubmitted decoded = codec.decode(bytes, TaskSubmitted.class);
    assertThat(decoded.getTitle()).isEqualTo("\uFFFD(\uFFFD the sum");
  }

  @Test
  void aStringOrListClaimingAGiantLengthIsRefusedNotAllocated() {
    // the title's length prefix (zig-zag varint of 11 = 0x16) claiming 2^30 bytes, in a record of ~100 bytes
    byte[] title = "Fix the sum".getBytes(StandardCharsets.UTF_8);
    byte[] find = new byte[title.length + 1];
    find[0] = 0x16;
    System.arraycopy(title, 0, find, 1, title.length);
    byte[] giantLength = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'F', 'i', 'x'};
    byte[] giantString = replaced(codec.encode(ticket()), find, giantLength);
    assertThatThrownBy(() -> codec.decode(giantString)).isInstanceOf(AvroCodec.InvalidRecordException.class)
        .hasMessageContaining("corrupt Avro body");
    // the acceptance criteria block count (1 = 0x02, then "tests pass" = 0x14 ...) claiming 2^30 items
    byte[] giantCount = replaced(codec.encode(ticket()), new byte[] {0x02, 0x14, 't', 'e', 's', 't', 's'},
        new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0x14, 't', 'e', 's', 't', 's'});
    assertThatThrownBy(() -> codec.decode(giantCount)).isInstanceOf(AvroCodec.InvalidRecordException.class)
        .hasMessageContaining("corrupt Avro body");
  }
}
