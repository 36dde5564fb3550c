package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline accept-step TASK-ID STEP-ID}: the step gate's yes. */
@Command(name = "accept-step", mixinStandardHelpOptions = true, description = "Accept a step that waits for a person; the task goes on with the next step.")
final class AcceptStepCommand extends StepDecisionCommand {
  @Option(names = "--comment", description = "Why, for the record (optional).")
  String comment;

  @Override
  String type() {
    return "accept-step";
  }

  @Override
  String comment() {
    return comment;
  }
}
