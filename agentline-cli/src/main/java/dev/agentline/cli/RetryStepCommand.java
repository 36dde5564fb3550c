package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline retry-step TASK-ID STEP-ID}: one more attempt at a step. */
@Command(name = "retry-step", mixinStandardHelpOptions = true, description = "Retry a running step, or the step a failed task stopped at; the comment is feedback for the next attempt.")
final class RetryStepCommand extends StepDecisionCommand {
  @Option(names = "--comment", description = "Feedback for the next attempt (optional).")
  String comment;

  @Override
  String type() {
    return "retry-step";
  }

  @Override
  String comment() {
    return comment;
  }
}
