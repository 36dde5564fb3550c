package dev.agentline.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command about one task of a running planner, over REST. Exit codes: 0 the planner accepted (or showed);
 * 2 bad input or refused (4xx: the problem's detail and field errors are printed); 3 the planner could not be
 * reached, or failed (5xx).
 */
abstract class PlannerCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task, e.g. t-1a2b3c4d.")
  String taskId;

  @Mixin PlannerOptions planner;

  /** Runs once the task id and URLs are known to be well-formed. */
  abstract int run(TaskClient client) throws Exception;

  @Override
  final int execute() throws Exception {
    TaskClient client = tasks(planner);
    checkTaskId(taskId);
    validate();
    return run(client);
  }

  /** Checks the input before anything is sent; throws {@link CliFailure} with what is wrong. */
  void validate() {}
}
