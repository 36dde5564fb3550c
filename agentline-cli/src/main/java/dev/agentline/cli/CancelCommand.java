package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline cancel TASK-ID}: stop a task. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel the task; it ends CANCELLED.")
final class CancelCommand extends DecisionCommand {
  @Option(names = "--comment", description = "Why (optional).")
  String comment;

  @Override
  String type() {
    return "cancel";
  }

  @Override
  String comment() {
    return comment;
  }
}
