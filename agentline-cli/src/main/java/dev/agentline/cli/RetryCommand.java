package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline retry TASK-ID [--step S]}: one more attempt, by default at the step the task is at (or failed in). */
@Command(name = "retry", mixinStandardHelpOptions = true,
    description = {"Retry the task: one more attempt at its running step, or a FAILED task (attempt limit, step timeout, ...) resumes at the step it failed in.",
        "The planner retries steps (a retry-step command); --step names one, else the task's current step."})
final class RetryCommand extends DecisionCommand {
  @Option(names = "--step", paramLabel = "STEP-ID", description = "The plan step to retry, e.g. s2 (default: the task's current step).")
  String step;

  @Option(names = "--comment", description = "Feedback for the next attempt (optional).")
  String comment;

  @Override
  String type() {
    return "retry-step";
  }

  @Override
  String stepId() {
    return step;
  }

  @Override
  String comment() {
    return comment;
  }
}
