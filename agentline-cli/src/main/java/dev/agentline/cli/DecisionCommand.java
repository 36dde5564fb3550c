package dev.agentline.cli;

import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * A person's decision about a task, sent as {@code POST /api/tasks/{id}/commands}. The planner answers 202 when it
 * takes the command; it then applies it in order with the task's other inputs (see {@code agentline status}).
 */
abstract class DecisionCommand extends PlannerCommand {
  @Option(names = "--actor", defaultValue = "${env:USER}",
      description = "Who decides (default: env USER). The task's requester may not approve its own plan.")
  String actor;

  /** The command's type in the REST contract: approve-plan, reject-plan, accept-step, reject-step, retry-step, cancel. */
  abstract String type();

  String stepId() {
    return null;
  }

  abstract String comment();

  @Override
  void validate() {
    if (actor == null || actor.isBlank()) throw new IllegalArgumentException("give --actor NAME (env USER is not set)");
  }

  @Override
  final TaskClient.Reply ask(TaskClient client) throws IOException, InterruptedException {
    return client.command(taskId, type(), actor, stepId(), comment());
  }

  @Override
  final int succeeded(TaskClient.Reply reply) {
    String command = reply.body().path("command").asText(type());
    out().println(name() + ": the planner accepted " + command + " for task " + taskId + (stepId() == null ? "" : " step " + stepId())
        + " (actor " + actor + "); `agentline status " + taskId + "` shows the outcome.");
    return ExitCodes.OK;
  }
}
