package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline approve TASK-ID}: the plan gate's yes. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve the task's plan, which waits for a person; the task then executes it.")
final class ApproveCommand extends DecisionCommand {
  @Option(names = "--comment", description = "Why, for the record (optional).")
  String comment;

  @Override
  String type() {
    return "approve-plan";
  }

  @Override
  String comment() {
    return comment;
  }
}
