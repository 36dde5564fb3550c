package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline handback TASK-ID}: give a taken-over task back to the agent. */
@Command(name = "handback", mixinStandardHelpOptions = true,
    description = {"Hand a taken-over task back: the agent resumes from the branch as it is now (with your commits) and "
        + "answers the pull request's review and CI again."})
final class HandbackCommand extends DecisionCommand {
  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, or what you changed, for the record (optional).")
  String reason;

  @Override
  String type() {
    return "handback";
  }

  @Override
  String comment() {
    return reason;
  }
}
