package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline reject-step TASK-ID STEP-ID --comment TEXT}: the step gate's no. */
@Command(name = "reject-step", mixinStandardHelpOptions = true, description = "Reject a step that waits for a person; it is tried again with the comment as feedback.")
final class RejectStepCommand extends StepDecisionCommand {
  @Option(names = "--comment", required = true, description = "What is wrong with the step, for the worker (required).")
  String comment;

  @Override
  String type() {
    return "reject-step";
  }

  @Override
  String comment() {
    return comment;
  }
}
