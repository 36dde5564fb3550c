package dev.agentline.cli;

import java.io.IOException;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline status TASK-ID}: where a task is, what it waits for, its plan and its spend. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a task: its status, what it awaits and until when, its plan steps with their status, its spend.")
final class StatusCommand extends PlannerCommand {
  @Option(names = "--json", description = "Print the planner's task view as JSON.")
  boolean json;

  Clock clock = Clock.systemUTC();

  @Override
  TaskClient.Reply ask(TaskClient client) throws IOException, InterruptedException {
    return client.view(taskId);
  }

  @Override
  int succeeded(TaskClient.Reply reply) throws IOException {
    if (json) {
      out().println(TaskClient.pretty(reply.body()));
    } else {
      TaskSummary.lines(reply.body(), clock.instant()).forEach(out()::println);
    }
    return ExitCodes.OK;
  }
}
