package dev.agentline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agentline takeover TASK-ID}: a person takes the task's pull request over; the agent stops working on it. */
@Command(name = "takeover", mixinStandardHelpOptions = true,
    description = {"Take the task over: all agent activity on it stops (no review or CI iterations, no replies), the planner "
        + "records who took over, and the branch is yours. `agentline handback` gives it back."})
final class TakeoverCommand extends DecisionCommand {
  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record (optional).")
  String reason;

  @Override
  String type() {
    return "takeover";
  }

  @Override
  String comment() {
    return reason;
  }
}
