package dev.agentline.platform;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde over {@link AvroCodec}: one for every service and every topic. */
public final class AvroSerde implements Serde<SpecificRecordBase> {

  @Override
  public Serializer<SpecificRecordBase> serializer() {
    return new AvroSerializer();
  }

  @Override
  public Deserializer<SpecificRecordBase> deserializer() {
    return new AvroDeserializer();
  }

  public static final class AvroSerializer implements Serializer<SpecificRecordBase> {
    @Override
    public byte[] serialize(String topic, SpecificRecordBase data) {
      return data == null ? null : AvroCodec.get().encode(data);
    }
  }

  /** Throws {@link SerializationException} with the reason when a value is not a valid record. */
  public static final class AvroDeserializer implements Deserializer<SpecificRecordBase> {
    @Override
    public SpecificRecordBase deserialize(String topic, byte[] data) {
      try {
        return AvroCodec.get().decode(data);
      } catch (AvroCodec.InvalidRecordException e) {
        throw new SerializationException("invalid record on " + topic + ": " + e.getMessage(), e);
      }
    }
  }
}
