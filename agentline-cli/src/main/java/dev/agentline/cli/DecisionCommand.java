package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/**
 * A person's decision about a task, sent as {@code POST /api/tasks/{id}/commands}. The planner answers 202 when it
 * takes the command; it then applies it in order with the task's other inputs (see {@code agentline status}).
 */
abstract class DecisionCommand extends PlannerCommand {
  @Option(names = "--actor", defaultValue = "${env:USER}",
      description = "Who decides (default: env USER). The task's requester may not approve its own plan.")
  String actor;

  /** The command's type in the REST contract: approve-plan, reject-plan, accept-step, reject-step, retry-step, cancel, takeover, handback. */
  abstract String type();

  String stepId() {
    return null;
  }

  abstract String comment();

  @Override
  void validate() {
    if (actor == null || actor.isBlank()) throw CliFailure.badInput("give --actor NAME (env USER is not set)");
  }

  @Override
  final int run(TaskClient client) throws Exception {
    JsonNode accepted = client.command(taskId, type(), actor, stepId(), comment()).orFail();
    if (json) {
      printJson(accepted);
      return ExitCodes.OK;
    }
    String command = accepted.path("command").asText(type());
    out().println(name() + ": the planner accepted " + command + " for task " + taskId + (stepId() == null ? "" : " step " + stepId())
        + " (actor " + actor + "); `agentline watch " + taskId + "` follows it, `agentline status " + taskId + "` shows it.");
    return ExitCodes.OK;
  }
}
