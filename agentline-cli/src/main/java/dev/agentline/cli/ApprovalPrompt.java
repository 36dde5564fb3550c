package dev.agentline.cli;

import dev.agentline.platform.AvroCodec;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * While a run waits, tells the person at the terminal how to decide each gate the planner opens: on every
 * {@code APPROVAL_REQUESTED} task event it prints the commands to run from another terminal. It only reads
 * {@code agentline.task-events}; records it cannot decode are skipped (the planner's own consumers dead-letter them).
 */
final class ApprovalPrompt implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String plannerUrl;
  private final String requester;
  private final PrintStream out;
  private final Thread thread;
  private volatile boolean running = true;

  private ApprovalPrompt(String bootstrapServers, String plannerUrl, String requester, PrintStream out) {
    this.consumer = TaskFollower.taskEvents(bootstrapServers, "agentline-cli-approval-prompt");
    this.plannerUrl = plannerUrl;
    this.requester = requester;
    this.out = out;
    this.thread = new Thread(this::watch, "agentline-approval-prompt");
    thread.setDaemon(true);
  }

  static ApprovalPrompt start(String bootstrapServers, String plannerUrl, String requester, PrintStream out) {
    ApprovalPrompt prompt = new ApprovalPrompt(bootstrapServers, plannerUrl, requester, out);
    prompt.thread.start();
    return prompt;
  }

  /** The commands that decide the gate: the plan's when {@code stepId} is null, else that step's. */
  static List<String> commands(String taskId, String stepId, String extraOptions) {
    String who = " --actor <approver>";
    if (stepId == null) {
      return List.of("agentline approve " + taskId + who + extraOptions,
          "agentline reject " + taskId + who + " --comment \"why\"" + extraOptions);
    }
    String step = taskId + " " + stepId + who;
    return List.of("agentline accept-step " + step + extraOptions,
        "agentline reject-step " + step + " --comment \"why\"" + extraOptions,
        "agentline retry-step " + step + " --comment \"feedback\"" + extraOptions);
  }

  private void watch() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) continue;
          TaskEvent event;
          try {
            event = AvroCodec.get().decode(record.value(), TaskEvent.class);
          } catch (AvroCodec.InvalidRecordException e) {
            continue;
          }
          if (event.getType() == TaskEventType.APPROVAL_REQUESTED) prompt(record.key(), event.getStepId());
        }
      }
    } catch (WakeupException stopping) {
      // close() woke the poll up
    } finally {
      consumer.close();
    }
  }

  private void prompt(String taskId, String stepId) {
    StringBuilder text = new StringBuilder(stepId == null ? "the plan" : "step " + stepId).append(" of task ").append(taskId)
        .append(" waits for a person; decide from another terminal (as someone other than the requester, ").append(requester).append("):");
    for (String command : commands(taskId, stepId, " --planner-url " + plannerUrl)) text.append(System.lineSeparator()).append("    ").append(command);
    out.println(text);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
