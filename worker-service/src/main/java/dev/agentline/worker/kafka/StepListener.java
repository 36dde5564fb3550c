package dev.agentline.worker.kafka;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.DeadLetters;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.roles.StepOutcome;
import dev.agentline.worker.roles.StepWorker;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.avro.specific.SpecificRecordBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * Translates between one role's step topic and the {@link StepWorker}: decode, hand over, publish
 * what it returns, then acknowledge (answered), release (retry later) or reject (dead-lettered).
 * A record is acknowledged only after its outputs are written, so a crash redelivers it.
 * Each record is handled on a {@link StepThreads} thread, in a span continuing its trace (the model calls
 * happen inside it); the outputs carry that span, and the log lines the task id. A step the worker cannot handle
 * (an error of its own) is dead-lettered with the reason.
 */
final class StepListener implements AcknowledgingShareConsumerAwareMessageListener<String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(StepListener.class);
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final Role role;
  private final StepWorker worker;
  private final KafkaTemplate<String, byte[]> kafka;
  private final String consumerName;
  private final TraceContext tracing;
  private final StepThreads threads;

  StepListener(Role role, StepWorker worker, KafkaTemplate<String, byte[]> kafka, String consumerName, TraceContext tracing,
      StepThreads threads) {
    this.threads = threads;
    this.role = role;
    this.worker = worker;
    this.kafka = kafka;
    this.consumerName = consumerName;
    this.tracing = tracing;
  }

  @Override
  public void onShareRecord(ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack, ShareConsumer<?, ?> consumer) {
    threads.run(() -> {
      try (TraceContext.Hop hop = tracing.consume(record.topic(), record.headers(), record.key())) {
        handle(record, ack, hop);
      } catch (RuntimeException | Error e) {
        // never leave a record unacknowledged: its consumer would not poll again
        log.error("error while handling {}-{}@{}; releasing it", record.topic(), record.partition(), record.offset(), e);
        releaseIfOpen(ack);
        if (e instanceof Error error) throw error;
      }
    });
  }

  private static void releaseIfOpen(ShareAcknowledgment ack) {
    try {
      ack.release();
    } catch (IllegalStateException alreadyAcknowledged) {
      // the outcome was acknowledged before the error
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record, ShareAcknowledgment ack, TraceContext.Hop hop) {
    StepRequest request;
    try {
      request = AvroCodec.get().decode(record.value(), StepRequest.class);
      if (request.getRole() != role) {
        throw new AvroCodec.InvalidRecordException("StepRequest for role " + request.getRole() + " on " + record.topic() + ", the topic of role " + role);
      }
    } catch (AvroCodec.InvalidRecordException e) {
      hop.failed(e);
      deadLetter(record, e, ack);
      return;
    }
    int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
    StepOutcome outcome;
    try {
      outcome = worker.handle(request, deliveries);
    } catch (RuntimeException e) {
      hop.failed(e);
      deadLetter(record, e, ack);
      return;
    }
    try {
      if (outcome instanceof StepOutcome.Answered answered) {
        send(output(Topics.STEP_RESULTS, request, record, hop, answered.result()));
        answered.modelCalls().forEach(call -> send(output(Topics.MODEL_CALLS, request, record, hop, call)));
        ack.acknowledge();
        log.info("answered {} (ok={}, delivery {})", request.getRequestId(), answered.result().getOk(), deliveries);
      } else if (outcome instanceof StepOutcome.Retry retry) {
        retry.modelCalls().forEach(call -> send(output(Topics.MODEL_CALLS, request, record, hop, call)));
        ack.release();
        log.warn("released {} after delivery {}: {}", request.getRequestId(), deliveries, retry.reason());
      }
    } catch (RuntimeException e) {
      log.error("cannot publish the outcome of {}; releasing it for redelivery", request.getRequestId(), e);
      ack.release();
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error, ShareAcknowledgment ack) {
    try {
      send(DeadLetters.of(record, consumerName, error));
      ack.reject();
      log.warn("dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), DeadLetters.reason(error));
    } catch (RuntimeException e) {
      log.error("cannot dead-letter {}-{}@{}; releasing it", record.topic(), record.partition(), record.offset(), e);
      ack.release();
    }
  }

  /** An output keyed by the task id, carrying the request's correlation header and the worker's span. */
  private static ProducerRecord<String, byte[]> output(
      String topic, StepRequest request, ConsumerRecord<String, byte[]> cause, TraceContext.Hop hop, SpecificRecordBase value) {
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, request.getMeta().getTaskId(), AvroCodec.get().encode(value));
    Header correlation = cause.headers().lastHeader(Headers.CORRELATION_ID);
    if (correlation != null) out.headers().add(correlation);
    hop.inject(out.headers());
    out.headers().add(Headers.SCHEMA_FINGERPRINT, Headers.utf8(AvroCodec.fingerprintHex(value)));
    return out;
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      kafka.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish to " + record.topic() + ": " + e.getMessage(), e);
    }
  }
}
