package dev.agentline.cli;

import picocli.CommandLine.Command;

/** {@code agentline dlt}: the operator's view of the dead-letter topics, and the replay of a record after a fix. */
@Command(name = "dlt", mixinStandardHelpOptions = true, subcommands = {DeadLetterListCommand.class, DeadLetterReplayCommand.class},
    description = {"Dead letters: records a service refused (undecodable, invalid, or failing), kept with the reason on <topic>.dlt.",
        "List them, fix the cause (a bug, a bad configuration, a missing repository), then replay one onto its original topic."})
final class DeadLetterCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
