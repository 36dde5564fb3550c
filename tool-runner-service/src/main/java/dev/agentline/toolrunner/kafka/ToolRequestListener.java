package dev.agentline.toolrunner.kafka;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.tools.ToolRunInterrupted;
import dev.agentline.toolrunner.tools.ToolRunner;
import java.time.Duration;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Translates: a ToolRequest record in, the runner's ToolResult out (keyed by task id), then the
 * offset is committed. At least once: a crash before the commit re-runs the request, which the
 * tools tolerate (APPLY_EDITS is idempotent per requestId). A request whose run was interrupted (the service is
 * stopping) is neither answered nor committed: it is sought back and runs again. A value that is not a ToolRequest
 * fails decoding and the error handler dead-letters it. The request is run in a span continuing
 * its trace, and the result carries that span.
 */
@Component
class ToolRequestListener {
  static final long SEND_TIMEOUT_SECONDS = 30;
  private static final Duration RERUN_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(ToolRequestListener.class);

  private final ToolRunner runner;
  private final KafkaTemplate<String, byte[]> results;
  private final TraceContext tracing;

  ToolRequestListener(ToolRunner runner, KafkaTemplate<String, byte[]> results, ObjectProvider<OpenTelemetry> openTelemetry) {
    this.runner = runner;
    this.results = results;
    this.tracing = new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop), "tool-runner");
  }

  @KafkaListener(id = "agentline-tool-runner", idIsGroup = false, topics = Topics.TOOL_REQUESTS, containerFactory = "toolRequestContainerFactory")
  void onToolRequest(ConsumerRecord<String, byte[]> record, Acknowledgment ack) throws Exception {
    try (TraceContext.Hop hop = tracing.consume(record.topic(), record.headers(), record.key())) {
      try {
        ToolRequest request = AvroCodec.get().decode(record.value(), ToolRequest.class);
        ToolResult result;
        try {
          result = runner.run(request);
        } catch (ToolRunInterrupted stopping) {
          // not answered, not committed, not dead-lettered: the record is sought back and runs again
          log.warn("{}", stopping.getMessage());
          Thread.interrupted();
          ack.nack(RERUN_AFTER);
          return;
        }
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.TOOL_RESULTS, result.getMeta().getTaskId(), AvroCodec.get().encode(result));
        hop.inject(out.headers());
        results.send(out).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        hop.failed(e);
        throw e;
      }
    }
    ack.acknowledge();
  }
}
