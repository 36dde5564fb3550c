package dev.agentline.audit.console;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskCommand;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends the console's commands to {@code agentline.commands}, keyed by task id, Avro single-object encoded. */
@Component
class CommandPublisher {
  private final KafkaTemplate<String, byte[]> template;

  CommandPublisher(@Qualifier(ConsoleConfiguration.COMMAND_TEMPLATE) KafkaTemplate<String, byte[]> template) {
    this.template = template;
  }

  /** Sends the command and waits until the broker has it; the returned record is what was sent. */
  TaskCommand send(ConsoleCommand command) {
    TaskCommand record = command.toRecord();
    try {
      template.send(Topics.COMMANDS, command.taskId(), AvroCodec.get().encode(record)).get(15, TimeUnit.SECONDS);
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
