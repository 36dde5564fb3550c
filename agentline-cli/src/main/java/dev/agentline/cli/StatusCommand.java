package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code agentline status TASK-ID}: where a task is, what it waits for, its plan and its spend. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a task: its status, what it awaits and until when, its plan steps with their status, its spend.")
final class StatusCommand extends PlannerCommand {
  Clock clock = Clock.systemUTC();

  @Override
  int run(TaskClient client) throws Exception {
    JsonNode task = client.task(taskId);
    if (json) {
      printJson(task);
    } else {
      TaskSummary.lines(task, clock.instant()).forEach(out()::println);
    }
    return ExitCodes.OK;
  }
}
