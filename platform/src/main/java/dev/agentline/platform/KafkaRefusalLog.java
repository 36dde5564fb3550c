package dev.agentline.platform;

import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Denial;
import dev.agentline.platform.access.RefusalLog;
import dev.agentline.platform.access.Role;
import dev.agentline.schemas.AccessRefused;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each refusal as an {@link AccessRefused} to {@link Topics#ACCESS_REFUSALS}, keyed by the task id when the
 * request was about a task, where the audit stores it with the task's other records. Sent without waiting: a refusal
 * that cannot be written is logged (its log line was written already) and the 403 goes out regardless.
 */
public final class KafkaRefusalLog implements RefusalLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaRefusalLog.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String service;

  /** @param service the refusing service, the records' {@code meta.producer} */
  public KafkaRefusalLog(String bootstrapServers, String service) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.CLIENT_ID_CONFIG, service + "-access-refusals"), new StringSerializer(), new ByteArraySerializer());
    this.service = service;
  }

  @Override
  public void refused(Caller caller, String method, String path, String taskId, String action, Denial denial) {
    AccessRefused record = AccessRefused.newBuilder()
        .setMeta(Meta.of(taskId == null ? "" : taskId, null, service))
        .setCaller(caller.name())
        .setRoles(caller.roles().stream().map(Role::label).sorted().toList())
        .setMethod(method)
        .setPath(path)
        .setAction(action)
        .setDetail(denial.detail())
        .setMissing(denial.missing())
        .build();
    try {
      producer.send(new ProducerRecord<>(Topics.ACCESS_REFUSALS, taskId, AvroCodec.get().encode(record)), (metadata, error) -> {
        if (error != null) notRecorded(record, error);
      });
    } catch (RuntimeException e) {
      notRecorded(record, e);
    }
  }

  private static void notRecorded(AccessRefused record, Exception error) {
    log.warn("the refusal of {} {} to {} was not recorded on {}: {}", record.getMethod(), record.getPath(), record.getCaller(),
        Topics.ACCESS_REFUSALS, error.toString());
  }

  @Override
  public void close() {
    producer.close();
  }
}
