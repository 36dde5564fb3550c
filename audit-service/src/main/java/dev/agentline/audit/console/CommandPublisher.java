package dev.agentline.audit.console;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.TaskCommand;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends the console's commands to {@code agentline.commands}, keyed by task id, Avro single-object encoded.
 * A command joins its task's trace (the request that sent it linked), or continues the request's when the
 * task's trace is not known.
 */
@Component
class CommandPublisher {
  private final KafkaTemplate<String, byte[]> template;
  private final TraceContext tracing;

  CommandPublisher(@Qualifier(ConsoleConfiguration.COMMAND_TEMPLATE) KafkaTemplate<String, byte[]> template,
      ObjectProvider<OpenTelemetry> openTelemetry) {
    this.template = template;
    this.tracing = new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop), "audit");
  }

  /**
   * Sends the command and waits until the broker has it; the returned record is what was sent.
   *
   * @param taskTraceparent the traceparent of the task's latest record; null when unknown
   */
  TaskCommand send(ConsoleCommand command, String taskTraceparent) {
    TaskCommand record = command.toRecord();
    try (TraceContext.Hop hop = tracing.publish(Topics.COMMANDS, command.taskId(), taskTraceparent)) {
      ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.COMMANDS, command.taskId(), AvroCodec.get().encode(record));
      hop.inject(out.headers());
      template.send(out).get(15, TimeUnit.SECONDS);
      return record;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandNotSentException("interrupted while sending the command", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandNotSentException("the command could not be sent to " + Topics.COMMANDS + ": " + e.getMessage(), e);
    }
  }

  /** The broker did not take the command. */
  static final class CommandNotSentException extends RuntimeException {
    CommandNotSentException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
