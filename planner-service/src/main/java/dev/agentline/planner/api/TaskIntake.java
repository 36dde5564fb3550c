package dev.agentline.planner.api;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.platform.work.WorkTemplates;
import dev.agentline.schemas.Budget;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.GuardrailOverrides;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskSubmitted;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Publishes tickets and people's commands to the planner's input topics. A ticket starts its task's
 * trace (a child of the current span, e.g. the HTTP request's, when there is one); a command joins
 * the trace of its task, with the request that sent it linked.
 */
@Component
public class TaskIntake implements DisposableBean {
  private final KafkaProducer<String, byte[]> producer;
  private final TraceContext tracing;

  TaskIntake(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers, ObjectProvider<OpenTelemetry> openTelemetry) {
    this.tracing = new TraceContext(openTelemetry.getIfAvailable(OpenTelemetry::noop), "planner");
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.CLIENT_ID_CONFIG, "planner-intake"), new StringSerializer(), new ByteArraySerializer());
  }

  /** Returns the new task's id once the ticket is durably on {@link Topics#TASKS}. */
  public String submit(TaskSubmission submission, String source) {
    return submit(submission, source, "t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Submits under a task id the caller chose (a connector derives it from its ticket, e.g. {@code jira-CALC-7}), so that
   * submitting the same ticket again is a duplicate the planner ignores rather than a second task.
   */
  public String submit(TaskSubmission submission, String source, String taskId) {
    submission = submission.withSecretsRedacted();
    TaskSubmitted ticket = TaskSubmitted.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner-intake"))
        .setRepository(submission.repository())
        .setBaseBranch(submission.baseBranch())
        .setTitle(submission.title())
        .setDescription(submission.description())
        .setAcceptanceCriteria(submission.acceptanceCriteria())
        .setTestCommand(submission.testCommand())
        .setSource(source)
        .setBudget(submission.budget() == null ? null : new Budget(submission.budget().maxTokens(), submission.budget().maxCostUsd()))
        .setRequester(submission.requester())
        .setLabels(submission.labels())
        .setLintCommand(submission.lintCommand() == null || submission.lintCommand().isBlank() ? null : submission.lintCommand())
        .setGuardrails(overrides(submission.guardrails()))
        .setTicketKey(submission.ticketKey())
        .setWorkType(submission.workType() == null ? null : WorkTemplates.find(submission.workType()).orElseThrow().name())
        .setGoal(submission.goal())
        .setConstraints(submission.constraints())
        .setInterfaces(submission.interfaces())
        .build();
    send(Topics.TASKS, taskId, ticket, null);
    return taskId;
  }

  private static GuardrailOverrides overrides(TaskSubmission.GuardrailRequest g) {
    if (g == null) return null;
    return GuardrailOverrides.newBuilder().setMaxSteps(g.maxSteps()).setMaxAttemptsPerStep(g.maxAttemptsPerStep())
        .setMaxManagerCalls(g.maxManagerCalls()).setDeadlineSeconds(g.deadlineSeconds()).setStepTimeoutSeconds(g.stepTimeoutSeconds())
        .setMaxFilesChanged(g.maxFilesChanged()).setMaxDiffLines(g.maxDiffLines())
        .setAllowedPaths(g.allowedPaths() == null ? java.util.List.of() : g.allowedPaths())
        .setProtectedPaths(g.protectedPaths() == null ? java.util.List.of() : g.protectedPaths()).build();
  }

  /**
   * Publishes a person's command; returns its event id.
   *
   * @param taskTraceparent the task's trace context (see PlannerStreams#traceparent), which the command joins;
   *     null when unknown, then the command continues the current span's trace
   */
  public String command(String taskId, CommandType type, String actor, String stepId, String reason, String taskTraceparent) {
    TaskCommand command = TaskCommand.newBuilder().setMeta(Meta.of(taskId, null, "planner-intake"))
        .setType(type).setActor(actor).setStepId(stepId).setReason(reason).build();
    send(Topics.COMMANDS, taskId, command, taskTraceparent);
    return command.getMeta().getEventId();
  }

  private void send(String topic, String taskId, SpecificRecordBase record, String taskTraceparent) {
    try (TraceContext.Hop hop = tracing.publish(topic, taskId, taskTraceparent)) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(Headers.CORRELATION_ID, Headers.utf8(taskId));
      hop.inject(headers);
      try {
        producer.send(new ProducerRecord<>(topic, null, taskId, AvroCodec.get().encode(record), headers)).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        hop.failed(e);
        throw new IntakeUnavailableException("interrupted while publishing to " + topic, e);
      } catch (ExecutionException | TimeoutException e) {
        hop.failed(e);
        throw new IntakeUnavailableException("could not publish to " + topic + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void destroy() {
    producer.close();
  }

  /** Kafka did not take the record; the caller should try again. */
  public static final class IntakeUnavailableException extends RuntimeException {
    IntakeUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
