package dev.agentline.platform;

import dev.agentline.schemas.Schemas;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding for every agentline record: {@code C3 01}, the 8-byte schema
 * fingerprint, then the binary body. The fingerprint tells which record type a payload is, so one
 * decoder serves every topic, and records written by older schema versions are resolved against
 * the current classes.
 */
public final class AvroCodec {
  static {
    // before any Avro class reads it: Avro fixes its trusted packages when it first loads
    trustAgentlineRecords();
  }

  private static final byte[] MAGIC = {(byte) 0xC3, 0x01};

  private final Map<Long, BinaryMessageDecoder<? extends SpecificRecordBase>> byFingerprint = new HashMap<>();
  private final Map<Class<?>, BinaryMessageEncoder<SpecificRecordBase>> encoders = new HashMap<>();

  private static final AvroCodec INSTANCE = new AvroCodec();

  /**
   * Lets Avro instantiate agentline's generated classes (Avro refuses untrusted packages). Call it
   * in every {@code main} before any record is decoded; an explicit system property wins.
   */
  public static void trustAgentlineRecords() {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.agentline.schemas");
    }
  }

  public static AvroCodec get() {
    return INSTANCE;
  }

  private AvroCodec() {
    for (Class<? extends SpecificRecordBase> type : Schemas.TOP_LEVEL) {
      Schema schema = Schemas.schemaOf(type);
      byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), new BinaryMessageDecoder<>(SpecificData.get(), schema));
      encoders.put(type, new BinaryMessageEncoder<>(SpecificData.get(), schema));
    }
  }

  public byte[] encode(SpecificRecordBase record) {
    BinaryMessageEncoder<SpecificRecordBase> encoder = encoders.get(record.getClass());
    if (encoder == null) {
      throw new IllegalArgumentException(record.getClass().getName() + " is not a top-level agentline record");
    }
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new InvalidRecordException("cannot encode " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Decodes any agentline record; throws {@link InvalidRecordException} saying what is wrong. */
  public SpecificRecordBase decode(byte[] payload) {
    if (payload == null) throw new InvalidRecordException("value is null (a tombstone), expected an Avro record");
    if (payload.length < 10 || payload[0] != MAGIC[0] || payload[1] != MAGIC[1]) {
      throw new InvalidRecordException("value is not Avro single-object encoded (expected header C3 01 and an 8-byte fingerprint, got "
          + payload.length + " bytes starting " + preview(payload) + ")");
    }
    long fingerprint = ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    BinaryMessageDecoder<? extends SpecificRecordBase> decoder = byFingerprint.get(fingerprint);
    if (decoder == null) {
      throw new InvalidRecordException("unknown schema fingerprint " + Long.toHexString(fingerprint) + ": not an agentline record type");
    }
    try {
      return decoder.decode(payload);
    } catch (IOException | RuntimeException e) {
      throw new InvalidRecordException("corrupt Avro body for fingerprint " + Long.toHexString(fingerprint) + ": " + e, e);
    }
  }

  /** Decodes a record that must be of the given type. */
  public <T extends SpecificRecordBase> T decode(byte[] payload, Class<T> type) {
    SpecificRecordBase record = decode(payload);
    if (!type.isInstance(record)) {
      throw new InvalidRecordException("expected " + type.getSimpleName() + " but the value is a " + record.getClass().getSimpleName());
    }
    return type.cast(record);
  }

  /** Registers an older published version so records it wrote can still be read. */
  public void addPublishedVersion(Class<? extends SpecificRecordBase> type, Schema writerSchema) {
    Schema reader = Schemas.schemaOf(type);
    BinaryMessageDecoder<? extends SpecificRecordBase> decoder = new BinaryMessageDecoder<>(SpecificData.get(), reader);
    decoder.addSchema(writerSchema);
    byFingerprint.put(SchemaNormalization.parsingFingerprint64(writerSchema), decoder);
  }

  /** The hex fingerprint of the record's schema, computed once per schema (it was a measurable cost of every hop). */
  public static String fingerprintHex(SpecificRecordBase record) {
    return FINGERPRINTS.computeIfAbsent(record.getSchema(), schema -> Long.toHexString(SchemaNormalization.parsingFingerprint64(schema)));
  }

  private static final Map<Schema, String> FINGERPRINTS = new ConcurrentHashMap<>();

  private static String preview(byte[] payload) {
    int n = Math.min(payload.length, 8);
    byte[] head = new byte[n];
    System.arraycopy(payload, 0, head, 0, n);
    return HexFormat.ofDelimiter(" ").formatHex(head);
  }

  /** A payload that is not a valid agentline record; the message says why. */
  public static final class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message) {
      super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
