package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline reject TASK-ID --comment TEXT}: the plan gate's no. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject the task's plan, which waits for a person; the manager revises it with the comment as feedback.")
final class RejectCommand extends DecisionCommand {
  @Option(names = "--comment", required = true, description = "Why the plan is rejected, for the manager (required).")
  String comment;

  @Override
  String type() {
    return "reject-plan";
  }

  @Override
  String comment() {
    return comment;
  }
}
